// The AWS requests a stack asks for, built from the stack file with its ${references}
// resolved. validate builds them with placeholder values (an account id of 123456789012,
// "subnet-0...") so that the model's constraints can be checked offline; plan and apply build
// them with the values read from the live services.
#pragma once

#include "deploy/convert.hpp"
#include "deploy/stack.hpp"

#include <boost/json.hpp>

#include <map>
#include <optional>
#include <string>

namespace hpl::deploy {

// The values ${references} resolve to. docs/stack-file.md#references lists the names.
class References {
 public:
  void set(const std::string& name, boost::json::value value) { values_[name] = std::move(value); }
  std::optional<boost::json::value> get(std::string_view name) const;
  bool known(std::string_view name) const;  // set, and not "(known after apply)"
  Resolver resolver() const;

  // Every reference the stack defines, set to kKnownAfterApply; live values replace them as
  // resources are read or created.
  static References unknown(const Stack& stack);
  // Every reference the stack defines, set to plausible placeholder values (validate).
  static References placeholders(const Stack& stack);

 private:
  std::map<std::string, boost::json::value, std::less<>> values_;
};

// The placeholder account id validate uses.
inline constexpr std::string_view kPlaceholderAccount = "123456789012";

// A built request, or nullopt when the stack has no such section. Members with errors
// (reported as findings) are left out, so callers that act on it check the findings first.
using Request = std::optional<boost::json::object>;

// The trust policy of a role: its assumeRolePolicyDocument, or one sts:AssumeRole statement
// per trusted service.
boost::json::object role_trust_policy(const RoleSpec& role, ConvertContext& ctx);
boost::json::object policy_document(const Node& node, const std::string& path, ConvertContext& ctx);
std::vector<std::string> role_managed_policies(const RoleSpec& role, ConvertContext& ctx);

// EKS CreateCluster, CreateAddon (one per eks.addons entry) and SageMaker CreateCluster.
// `check` also runs the model's constraints over the result.
Request eks_cluster_request(const Stack& stack, ConvertContext& ctx, bool check);
std::vector<Request> eks_addon_requests(const Stack& stack, ConvertContext& ctx, bool check);
Request hyperpod_request(const Stack& stack, ConvertContext& ctx, bool check);

// The role key a value such as "${iam.roles.execution.arn}" refers to, or "".
std::string referenced_role(const Node* value);

}  // namespace hpl::deploy
