#include "aws/sigv4.hpp"

#include "aws/encoding.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace hpl::aws {

static std::optional<CredentialScope> parse_credential(std::string_view cred) {
  CredentialScope scope;
  std::string fields[5];
  size_t n = 0;
  while (n < 5) {
    auto slash = cred.find('/');
    fields[n++] = std::string(cred.substr(0, slash));
    if (slash == std::string_view::npos) break;
    cred = cred.substr(slash + 1);
  }
  if (n < 5 || fields[4] != "aws4_request" || cred.find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  scope.access_key = fields[0];
  scope.date = fields[1];
  scope.region = fields[2];
  scope.service = fields[3];
  return scope;
}

// The value of `name=` in the Authorization header's comma-separated list.
static std::optional<std::string_view> auth_field(std::string_view text, std::string_view name) {
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == ',')) ++pos;
    size_t end = text.find(',', pos);
    std::string_view part =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return part.substr(name.size() + 1);
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return std::nullopt;
}

std::optional<CredentialScope> credential_scope(const HttpRequest& request) {
  if (const auto* auth = request.header("Authorization")) {
    if (auto cred = auth_field(std::string_view(*auth).substr(std::min<size_t>(auth->size(), 17)),
                               "Credential")) {
      return parse_credential(*cred);
    }
    return std::nullopt;
  }
  if (const auto* cred = request.query_param("X-Amz-Credential")) {
    return parse_credential(*cred);
  }
  return std::nullopt;
}

namespace sigv4 {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

std::optional<EpochMs> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  auto num = [&](size_t at, size_t len) { return std::stoi(std::string(text.substr(at, len))); };
  std::tm tm{};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(4, 2) - 1;
  tm.tm_mday = num(6, 2);
  tm.tm_hour = num(9, 2);
  tm.tm_min = num(11, 2);
  tm.tm_sec = num(13, 2);
  if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return std::nullopt;
  }
  return static_cast<EpochMs>(timegm(&tm)) * 1000;
}

static std::vector<std::string> split_signed_headers(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto semi = text.find(';');
    out.emplace_back(text.substr(0, semi));
    if (semi == std::string_view::npos) break;
    text = text.substr(semi + 1);
  }
  return out;
}

static Parsed malformed(std::string problem) {
  Parsed p;
  p.form = Form::Malformed;
  p.problem = std::move(problem);
  return p;
}

// The parts both forms share, once the fields are found.
static Parsed complete(Parsed p, std::string_view credential, std::string_view signed_headers) {
  auto scope = parse_credential(credential);
  if (!scope) {
    return malformed("Credential should be scoped to a valid region. Credential: " +
                     std::string(credential));
  }
  p.claim.scope = *scope;
  p.claim.signed_headers = split_signed_headers(signed_headers);
  auto at = parse_amz_date(p.claim.amz_date);
  if (!at) return malformed("Invalid X-Amz-Date: " + p.claim.amz_date);
  p.claim.signed_at = *at;
  if (p.claim.amz_date.substr(0, 8) != p.claim.scope.date) {
    return malformed(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
        "date from HTTP: '" +
        p.claim.scope.date + "' != '" + p.claim.amz_date.substr(0, 8) + "'");
  }
  p.form = Form::Signed;
  return p;
}

static Parsed parse_header(const HttpRequest& request, std::string_view auth) {
  if (auth.substr(0, kAlgorithm.size()) != kAlgorithm || auth.size() == kAlgorithm.size() ||
      auth[kAlgorithm.size()] != ' ') {
    return malformed("Unsupported authorization type");
  }
  std::string_view fields = auth.substr(kAlgorithm.size() + 1);
  auto credential = auth_field(fields, "Credential");
  auto signed_headers = auth_field(fields, "SignedHeaders");
  auto signature = auth_field(fields, "Signature");
  std::string missing;
  if (!credential) missing += " Authorization header requires 'Credential' parameter.";
  if (!signed_headers) missing += " Authorization header requires 'SignedHeaders' parameter.";
  if (!signature) missing += " Authorization header requires 'Signature' parameter.";
  const std::string* date = request.header("X-Amz-Date");
  if (!date) {
    missing +=
        " Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
        "header.";
  }
  if (!missing.empty()) return malformed(missing.substr(1) + " Authorization=" + std::string(auth));
  Parsed p;
  p.claim.signature = std::string(*signature);
  p.claim.amz_date = *date;
  if (const auto* token = request.header("X-Amz-Security-Token")) p.claim.session_token = *token;
  return complete(std::move(p), *credential, *signed_headers);
}

static Parsed parse_query(const HttpRequest& request) {
  const std::string* algorithm = request.query_param("X-Amz-Algorithm");
  if (*algorithm != kAlgorithm) {
    return malformed("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
  }
  const std::string* credential = request.query_param("X-Amz-Credential");
  const std::string* signed_headers = request.query_param("X-Amz-SignedHeaders");
  const std::string* signature = request.query_param("X-Amz-Signature");
  const std::string* date = request.query_param("X-Amz-Date");
  const std::string* expires = request.query_param("X-Amz-Expires");
  if (!credential || !signed_headers || !signature || !date) {
    return malformed(
        "Query-string authentication version 4 requires the X-Amz-Algorithm, "
        "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
        "X-Amz-Expires parameters.");
  }
  Parsed p;
  p.claim.presigned = true;
  p.claim.signature = *signature;
  p.claim.amz_date = *date;
  if (const auto* token = request.query_param("X-Amz-Security-Token")) {
    p.claim.session_token = *token;
  }
  if (expires) {
    if (expires->empty() || expires->size() > 9 ||
        expires->find_first_not_of("0123456789") != std::string::npos) {
      return malformed("X-Amz-Expires should be a number");
    }
    p.claim.expires_seconds = std::stoll(*expires);
  } else {
    p.claim.expires_seconds = 0;  // only S3 requires it; others treat the date as the limit
  }
  return complete(std::move(p), *credential, *signed_headers);
}

Parsed parse(const HttpRequest& request) {
  if (const auto* auth = request.header("Authorization")) return parse_header(request, *auth);
  if (request.has_query_param("X-Amz-Algorithm")) return parse_query(request);
  return {};
}

// Removes "." and ".." segments, as RFC 3986 section 5.2.4 does.
static std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> kept;
  size_t pos = 1;
  bool trailing_slash = !path.empty() && path.back() == '/';
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    std::string_view seg =
        path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    if (seg == "..") {
      if (!kept.empty()) kept.pop_back();
      if (slash == std::string_view::npos) trailing_slash = true;
    } else if (seg == ".") {
      if (slash == std::string_view::npos) trailing_slash = true;
    } else if (!seg.empty() || slash != std::string_view::npos) {
      kept.push_back(seg);
    }
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  std::string out;
  for (auto seg : kept) {
    out += '/';
    out += seg;
  }
  if (out.empty() || (trailing_slash && out.back() != '/')) out += '/';
  return out;
}

static std::string canonical_uri(const HttpRequest& request, bool s3) {
  std::string raw = request.raw_path.empty() ? "/" : request.raw_path;
  if (s3) return raw;
  // Other services encode the path as sent once more (so "%20" is signed as "%2520").
  return percent_encode(remove_dot_segments(raw), true);
}

static std::string canonical_query(const HttpRequest& request, const Claim& claim) {
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& [k, v] : parse_query_string(request.raw_query, false)) {
    if (claim.presigned && k == "X-Amz-Signature") continue;
    params.emplace_back(percent_encode(k, false), percent_encode(v, false));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

// Header values are trimmed and every run of spaces inside becomes one space.
static std::string canonical_value(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string payload_hash(const HttpRequest& request, const Claim& claim, bool s3) {
  if (const auto* sent = request.header("X-Amz-Content-Sha256")) return *sent;
  if (s3 && claim.presigned) return "UNSIGNED-PAYLOAD";
  return sha256_hex(request.body);
}

std::string canonical_request(const HttpRequest& request, const Claim& claim, bool s3) {
  std::string out = request.method + "\n" + canonical_uri(request, s3) + "\n" +
                    canonical_query(request, claim) + "\n";
  std::string names;
  for (const auto& name : claim.signed_headers) {
    const std::string* value = request.header(name);
    out += name + ":" + (value ? canonical_value(*value) : "") + "\n";
    names += (names.empty() ? "" : ";") + name;
  }
  out += "\n" + names + "\n" + payload_hash(request, claim, s3);
  return out;
}

std::string string_to_sign(const Claim& claim, std::string_view canonical) {
  return std::string(kAlgorithm) + "\n" + claim.amz_date + "\n" + claim.scope.date + "/" +
         claim.scope.region + "/" + claim.scope.service + "/aws4_request\n" + sha256_hex(canonical);
}

static std::string hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string sign(std::string_view secret, const Claim& claim, std::string_view to_sign) {
  std::string key = hmac("AWS4" + std::string(secret), claim.scope.date);
  key = hmac(key, claim.scope.region);
  key = hmac(key, claim.scope.service);
  key = hmac(key, "aws4_request");
  std::string mac = hmac(key, to_sign);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : mac) {
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 15]);
  }
  return out;
}

bool verify(const HttpRequest& request, const Claim& claim, std::string_view secret, bool s3) {
  std::string expected =
      sign(secret, claim, string_to_sign(claim, canonical_request(request, claim, s3)));
  return expected.size() == claim.signature.size() &&
         CRYPTO_memcmp(expected.data(), claim.signature.data(), expected.size()) == 0;
}

}  // namespace sigv4
}  // namespace hpl::aws
