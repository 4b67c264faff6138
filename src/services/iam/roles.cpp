// IAM role operations.
#include "aws/http.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/iam/errors.hpp"
#include "services/iam/iam.hpp"

#include <algorithm>

namespace hpl::iam {

namespace json = boost::json;

// IAM returns policy documents URL-encoded (RFC 3986); the SDKs decode them.
static std::string url_encoded(std::string_view document) {
  return aws::percent_encode(document, false);
}

// --- CreateRole ------------------------------------------------------------------------------
json::object Iam::create_role(aws::Call& call, json::object& in) {
  std::string role_name = svc::str(in, "RoleName");
  std::string path = svc::str(in, "Path", "/");
  std::string trust = checked_policy(svc::str(in, "AssumeRolePolicyDocument"));
  if (roles_.count(name_key(role_name))) {
    throw errors::entity_already_exists("Role with name " + role_name + " already exists.");
  }
  Role role;
  role.trust_policy = trust;
  role.doc = {{"Path", path},
              {"RoleName", role_name},
              {"RoleId", "AROA" + call.emu.ids().upper_alnum(17)},
              {"Arn", "arn:aws:iam::" + call.account_id + ":role" + path + role_name},
              {"CreateDate", aws::epoch_seconds(call.now)},
              {"AssumeRolePolicyDocument", url_encoded(trust)},
              {"MaxSessionDuration", svc::opt_int(in, "MaxSessionDuration").value_or(3600)}};
  if (auto d = svc::opt_str(in, "Description")) role.doc["Description"] = *d;
  if (const auto* tags = svc::opt_array(in, "Tags"); tags && !tags->empty()) {
    role.doc["Tags"] = *tags;
  }
  if (auto pb = svc::opt_str(in, "PermissionsBoundary")) {
    role.doc["PermissionsBoundary"] =
        json::object{{"PermissionsBoundaryType", "Policy"}, {"PermissionsBoundaryArn", *pb}};
  }
  save_role(role);
  json::object out{{"Role", role.doc}};
  roles_[name_key(role_name)] = std::move(role);
  return out;
}

// --- GetRole ---------------------------------------------------------------------------------
json::object Iam::get_role(aws::Call&, json::object& in) {
  json::object role = role_or_throw(svc::str(in, "RoleName")).doc;
  role["RoleLastUsed"] = json::object{};
  return {{"Role", role}};
}

// --- ListRoles -------------------------------------------------------------------------------
json::object Iam::list_roles(aws::Call&, json::object& in) {
  std::string prefix = svc::str(in, "PathPrefix", "/");
  auto max_items = svc::opt_int(in, "MaxItems").value_or(100);
  std::string start;
  if (auto marker = svc::opt_str(in, "Marker")) {
    start = svc::page_position(*marker, errors::validation_error("Invalid Marker."));
  }
  json::array roles;
  std::string next;
  for (auto it = roles_.lower_bound(start); it != roles_.end(); ++it) {
    if (svc::str(it->second.doc, "Path").rfind(prefix, 0) != 0) continue;
    if (static_cast<std::int64_t>(roles.size()) == max_items) {
      next = it->first;
      break;
    }
    json::object r = it->second.doc;
    r.erase("Tags");  // ListRoles leaves tags out; GetRole has them
    roles.push_back(std::move(r));
  }
  json::object out{{"Roles", std::move(roles)}, {"IsTruncated", !next.empty()}};
  if (!next.empty()) out["Marker"] = svc::page_token(next);
  return out;
}

// --- DeleteRole ------------------------------------------------------------------------------
json::object Iam::delete_role(aws::Call&, json::object& in) {
  Role& role = role_or_throw(svc::str(in, "RoleName"));
  if (!role.attached.empty()) {
    throw errors::delete_conflict("Cannot delete entity, must detach all policies first.");
  }
  if (!role.inline_policies.empty()) {
    throw errors::delete_conflict("Cannot delete entity, must delete policies first.");
  }
  std::string key = name_key(svc::str(role.doc, "RoleName"));
  emu_.store().erase("iam.role", key);
  roles_.erase(key);
  return {};
}

// --- UpdateAssumeRolePolicy ------------------------------------------------------------------
json::object Iam::update_assume_role_policy(aws::Call&, json::object& in) {
  Role& role = role_or_throw(svc::str(in, "RoleName"));
  role.trust_policy = checked_policy(svc::str(in, "PolicyDocument"));
  role.doc["AssumeRolePolicyDocument"] = url_encoded(role.trust_policy);
  save_role(role);
  return {};
}

// --- AttachRolePolicy ------------------------------------------------------------------------
json::object Iam::attach_role_policy(aws::Call&, json::object& in) {
  Role& role = role_or_throw(svc::str(in, "RoleName"));
  if (attach(role.attached, svc::str(in, "PolicyArn"), "PoliciesPerRole")) save_role(role);
  return {};
}

// --- DetachRolePolicy ------------------------------------------------------------------------
json::object Iam::detach_role_policy(aws::Call&, json::object& in) {
  Role& role = role_or_throw(svc::str(in, "RoleName"));
  detach(role.attached, svc::str(in, "PolicyArn"));
  save_role(role);
  return {};
}

// --- ListAttachedRolePolicies ----------------------------------------------------------------
json::object Iam::list_attached_role_policies(aws::Call&, json::object& in) {
  const Role& role = role_or_throw(svc::str(in, "RoleName"));
  return attached_view(role.attached, svc::str(in, "PathPrefix", "/"));
}

// --- PutRolePolicy ---------------------------------------------------------------------------
json::object Iam::put_role_policy(aws::Call&, json::object& in) {
  Role& role = role_or_throw(svc::str(in, "RoleName"));
  role.inline_policies[svc::str(in, "PolicyName")] = checked_policy(svc::str(in, "PolicyDocument"));
  save_role(role);
  return {};
}

// --- GetRolePolicy ---------------------------------------------------------------------------
json::object Iam::get_role_policy(aws::Call&, json::object& in) {
  Role& role = role_or_throw(svc::str(in, "RoleName"));
  std::string policy_name = svc::str(in, "PolicyName");
  auto it = role.inline_policies.find(policy_name);
  if (it == role.inline_policies.end()) {
    throw errors::no_such_entity("The role policy with name " + policy_name + " cannot be found.");
  }
  return {{"RoleName", role.doc.at("RoleName")},
          {"PolicyName", policy_name},
          {"PolicyDocument", url_encoded(it->second)}};
}

// --- DeleteRolePolicy ------------------------------------------------------------------------
json::object Iam::delete_role_policy(aws::Call&, json::object& in) {
  Role& role = role_or_throw(svc::str(in, "RoleName"));
  std::string policy_name = svc::str(in, "PolicyName");
  if (!role.inline_policies.erase(policy_name)) {
    throw errors::no_such_entity("The role policy with name " + policy_name + " cannot be found.");
  }
  save_role(role);
  return {};
}

// --- ListRolePolicies ------------------------------------------------------------------------
json::object Iam::list_role_policies(aws::Call&, json::object& in) {
  Role& role = role_or_throw(svc::str(in, "RoleName"));
  json::array names;
  for (const auto& [n, _] : role.inline_policies) names.emplace_back(n);
  return {{"PolicyNames", std::move(names)}, {"IsTruncated", false}};
}

}  // namespace hpl::iam
