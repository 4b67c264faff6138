// What the router needs from a SigV4-signed request: the credential scope, which names the
// service and region. Signatures are not verified yet: any credentials are accepted.
#pragma once

#include "aws/http.hpp"

#include <optional>
#include <string>

namespace hpl::aws {

struct CredentialScope {
  std::string access_key;
  std::string date;
  std::string region;
  std::string service;
};

// From "AWS4-HMAC-SHA256 Credential=AKID/20261203/us-west-2/eks/aws4_request, ..." or the
// presigned query parameter X-Amz-Credential. Empty when the request is not signed.
std::optional<CredentialScope> credential_scope(const HttpRequest& request);

}  // namespace hpl::aws
