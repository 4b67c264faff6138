// IAM policy evaluation for one request: an explicit Deny wins, otherwise an Allow is needed.
// Covers Action/NotAction, Resource/NotResource with * and ? wildcards, policy variables and
// the string, ARN and Bool condition operators (with IfExists).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace hpl::iam {

struct RequestContext {
  std::string action;    // "s3:GetObject"
  std::string resource;  // "arn:aws:s3:::bucket/key"
  // Condition keys and policy variables: "aws:PrincipalAccount" -> "123456789012".
  std::map<std::string, std::string> keys;
};

enum class Decision { Allow, ExplicitDeny, ImplicitDeny };

Decision evaluate(const std::vector<std::string>& policy_documents, const RequestContext& request);

// A resource-based policy (an S3 bucket policy): only statements whose Principal names the
// caller count. `principals` are the caller's identifiers (its ARN, a session's role ARN, the
// account id and root ARN); empty for an anonymous caller, whom only "*" names.
Decision evaluate_resource_policy(const std::string& policy_document, const RequestContext& request,
                                  const std::vector<std::string>& principals);

// IAM's wildcard match: * any run, ? one character.
bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case);

}  // namespace hpl::iam
