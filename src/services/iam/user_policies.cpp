// The policies of IAM users: attached managed policies and inline ones.
#include "aws/http.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/iam/errors.hpp"
#include "services/iam/iam.hpp"

#include <algorithm>

namespace hpl::iam {

namespace json = boost::json;

// --- AttachUserPolicy ------------------------------------------------------------------------
json::object Iam::attach_user_policy(aws::Call&, json::object& in) {
  User& user = user_or_throw(svc::str(in, "UserName"));
  if (attach(user.attached, svc::str(in, "PolicyArn"), "PoliciesPerUser")) save_user(user);
  return {};
}

// --- DetachUserPolicy ------------------------------------------------------------------------
json::object Iam::detach_user_policy(aws::Call&, json::object& in) {
  User& user = user_or_throw(svc::str(in, "UserName"));
  detach(user.attached, svc::str(in, "PolicyArn"));
  save_user(user);
  return {};
}

// --- ListAttachedUserPolicies ----------------------------------------------------------------
json::object Iam::list_attached_user_policies(aws::Call&, json::object& in) {
  const User& user = user_or_throw(svc::str(in, "UserName"));
  return attached_view(user.attached, svc::str(in, "PathPrefix", "/"));
}

// --- PutUserPolicy ---------------------------------------------------------------------------
json::object Iam::put_user_policy(aws::Call&, json::object& in) {
  User& user = user_or_throw(svc::str(in, "UserName"));
  std::string document = checked_policy(svc::str(in, "PolicyDocument"));
  user.inline_policies[svc::str(in, "PolicyName")] = document;
  save_user(user);
  return {};
}

// --- GetUserPolicy ---------------------------------------------------------------------------
json::object Iam::get_user_policy(aws::Call&, json::object& in) {
  User& user = user_or_throw(svc::str(in, "UserName"));
  std::string policy_name = svc::str(in, "PolicyName");
  auto it = user.inline_policies.find(policy_name);
  if (it == user.inline_policies.end()) {
    throw errors::no_such_entity("The user policy with name " + policy_name + " cannot be found.");
  }
  return {{"UserName", user.doc.at("UserName")},
          {"PolicyName", policy_name},
          {"PolicyDocument", aws::percent_encode(it->second, false)}};
}

// --- DeleteUserPolicy ------------------------------------------------------------------------
json::object Iam::delete_user_policy(aws::Call&, json::object& in) {
  User& user = user_or_throw(svc::str(in, "UserName"));
  std::string policy_name = svc::str(in, "PolicyName");
  if (!user.inline_policies.erase(policy_name)) {
    throw errors::no_such_entity("The user policy with name " + policy_name + " cannot be found.");
  }
  save_user(user);
  return {};
}

// --- ListUserPolicies ------------------------------------------------------------------------
json::object Iam::list_user_policies(aws::Call&, json::object& in) {
  User& user = user_or_throw(svc::str(in, "UserName"));
  json::array names;
  for (const auto& [n, _] : user.inline_policies) names.emplace_back(n);
  return {{"PolicyNames", std::move(names)}, {"IsTruncated", false}};
}

}  // namespace hpl::iam
