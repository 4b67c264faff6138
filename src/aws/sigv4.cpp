#include "aws/sigv4.hpp"

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
  if (n < 5 || fields[4] != "aws4_request") return std::nullopt;
  scope.access_key = fields[0];
  scope.date = fields[1];
  scope.region = fields[2];
  scope.service = fields[3];
  return scope;
}

std::optional<CredentialScope> credential_scope(const HttpRequest& request) {
  if (const auto* auth = request.header("Authorization")) {
    std::string_view text = *auth;
    auto pos = text.find("Credential=");
    if (pos == std::string_view::npos) return std::nullopt;
    text = text.substr(pos + 11);
    auto end = text.find_first_of(", ");
    return parse_credential(text.substr(0, end));
  }
  if (const auto* cred = request.query_param("X-Amz-Credential")) {
    return parse_credential(*cred);
  }
  return std::nullopt;
}

}  // namespace hpl::aws
