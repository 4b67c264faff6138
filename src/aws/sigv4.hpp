// AWS Signature Version 4 as a server checks it: what a signed request claims (from the
// Authorization header or a presigned query string), the canonical request rebuilt from what
// arrived, and the signature recomputed from a secret key. Pure functions: which key a
// request may use and how failures look on the wire are the caller's business.
#pragma once

#include "aws/http.hpp"
#include "aws/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hpl::aws {

struct CredentialScope {
  std::string access_key;
  std::string date;  // yyyymmdd
  std::string region;
  std::string service;
};

// From "AWS4-HMAC-SHA256 Credential=AKID/20261203/us-west-2/eks/aws4_request, ..." or the
// presigned query parameter X-Amz-Credential. Empty when the request is not signed.
std::optional<CredentialScope> credential_scope(const HttpRequest& request);

namespace sigv4 {

// What a signed request claims about itself.
struct Claim {
  CredentialScope scope;
  std::vector<std::string> signed_headers;  // lower-case, as listed
  std::string signature;                    // lower-case hex
  std::string amz_date;                     // 20150830T123600Z
  EpochMs signed_at = 0;                    // amz_date as a time
  std::string session_token;                // X-Amz-Security-Token, if any
  bool presigned = false;                   // from the query string, not a header
  std::int64_t expires_seconds = 0;         // X-Amz-Expires (presigned only)
};

// How the request carries (or fails to carry) a signature.
enum class Form { Unsigned, Signed, Malformed };

struct Parsed {
  Form form = Form::Unsigned;
  Claim claim;          // when Signed
  std::string problem;  // when Malformed: what is wrong, for IncompleteSignature
};

// Reads the signature out of the Authorization header or the X-Amz-* query parameters.
Parsed parse(const HttpRequest& request);

// The canonical request. `s3` selects S3's rules: the path is used as sent (no second
// encoding, no dot-segment removal) and the payload hash may be UNSIGNED-PAYLOAD.
std::string canonical_request(const HttpRequest& request, const Claim& claim, bool s3);
std::string string_to_sign(const Claim& claim, std::string_view canonical_request);
// Lower-case hex HMAC-SHA256 of the string to sign under the key derived from `secret`.
std::string sign(std::string_view secret, const Claim& claim, std::string_view string_to_sign);

// Recomputes the signature with `secret` and compares it in constant time.
bool verify(const HttpRequest& request, const Claim& claim, std::string_view secret, bool s3);

// The payload hash the signer used: x-amz-content-sha256 when sent, else UNSIGNED-PAYLOAD for
// a presigned S3 URL, else the SHA-256 of the body.
std::string payload_hash(const HttpRequest& request, const Claim& claim, bool s3);

// Parses "20150830T123600Z".
std::optional<EpochMs> parse_amz_date(std::string_view text);

}  // namespace sigv4
}  // namespace hpl::aws
