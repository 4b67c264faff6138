#include "services/iam/iam.hpp"

#include "aws/encoding.hpp"
#include "aws/http.hpp"
#include "aws/time.hpp"
#include "catalog/managed_policies.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/iam/errors.hpp"

#include <algorithm>

namespace hpl::iam {

namespace json = boost::json;

std::string name_key(std::string_view name) {
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

void Iam::register_operations(aws::OperationTable& t) {
  auto bind = [this](auto method) {
    return [this, method](aws::Call& c, json::object& in) { return (this->*method)(c, in); };
  };
  t["CreateRole"] = bind(&Iam::create_role);
  t["GetRole"] = bind(&Iam::get_role);
  t["ListRoles"] = bind(&Iam::list_roles);
  t["DeleteRole"] = bind(&Iam::delete_role);
  t["UpdateAssumeRolePolicy"] = bind(&Iam::update_assume_role_policy);
  t["AttachRolePolicy"] = bind(&Iam::attach_role_policy);
  t["DetachRolePolicy"] = bind(&Iam::detach_role_policy);
  t["ListAttachedRolePolicies"] = bind(&Iam::list_attached_role_policies);
  t["PutRolePolicy"] = bind(&Iam::put_role_policy);
  t["GetRolePolicy"] = bind(&Iam::get_role_policy);
  t["DeleteRolePolicy"] = bind(&Iam::delete_role_policy);
  t["ListRolePolicies"] = bind(&Iam::list_role_policies);
  t["CreatePolicy"] = bind(&Iam::create_policy);
  t["GetPolicy"] = bind(&Iam::get_policy);
  t["GetPolicyVersion"] = bind(&Iam::get_policy_version);
  t["DeletePolicy"] = bind(&Iam::delete_policy);
  t["CreateUser"] = bind(&Iam::create_user);
  t["GetUser"] = bind(&Iam::get_user);
  t["ListUsers"] = bind(&Iam::list_users);
  t["DeleteUser"] = bind(&Iam::delete_user);
  t["CreateAccessKey"] = bind(&Iam::create_access_key);
  t["ListAccessKeys"] = bind(&Iam::list_access_keys);
  t["DeleteAccessKey"] = bind(&Iam::delete_access_key);
  t["UpdateAccessKey"] = bind(&Iam::update_access_key);
  t["AttachUserPolicy"] = bind(&Iam::attach_user_policy);
  t["DetachUserPolicy"] = bind(&Iam::detach_user_policy);
  t["ListAttachedUserPolicies"] = bind(&Iam::list_attached_user_policies);
  t["PutUserPolicy"] = bind(&Iam::put_user_policy);
  t["GetUserPolicy"] = bind(&Iam::get_user_policy);
  t["DeleteUserPolicy"] = bind(&Iam::delete_user_policy);
  t["ListUserPolicies"] = bind(&Iam::list_user_policies);
}

// Managed policy ids stay the same across runs and accounts, as AWS's do.
static std::string stable_policy_id(std::string_view name) {
  std::string hex = aws::sha256_hex(name).substr(0, 17);
  std::transform(hex.begin(), hex.end(), hex.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return "ANPA" + hex;
}

// AWS managed policies are not stored: every account has them from the start.
void Iam::add_managed_policies() {
  for (const auto& mp : catalog::managed_policies()) {
    Policy p;
    p.aws_managed = true;
    std::string arn = "arn:aws:iam::aws:policy" + std::string(mp.path) + std::string(mp.name);
    double created = aws::epoch_seconds(aws::parse_iso8601(mp.created).value_or(0));
    double updated = aws::epoch_seconds(aws::parse_iso8601(mp.updated).value_or(0));
    p.doc = {{"PolicyName", mp.name},
             {"PolicyId", stable_policy_id(mp.name)},
             {"Arn", arn},
             {"Path", mp.path},
             {"DefaultVersionId", mp.default_version},
             {"PermissionsBoundaryUsageCount", 0},
             {"IsAttachable", true},
             {"Description", mp.description},
             {"CreateDate", created},
             {"UpdateDate", updated}};
    p.versions.push_back({std::string(mp.default_version), std::string(mp.document), updated});
    policies_[arn] = std::move(p);
  }
}

void Iam::load() {
  roles_.clear();
  policies_.clear();
  users_.clear();
  keys_.clear();
  add_managed_policies();
  for (auto& [key, value] : emu_.store().load("iam.role")) {
    const auto& o = value.as_object();
    Role r;
    r.doc = o.at("doc").as_object();
    r.trust_policy = svc::str(o, "trust");
    r.attached = svc::strings(o, "attached");
    for (const auto& [k, v] : o.at("inline").as_object()) r.inline_policies[k] = v.as_string();
    roles_[key] = std::move(r);
  }
  for (auto& [key, value] : emu_.store().load("iam.policy")) {
    const auto& o = value.as_object();
    Policy p;
    p.doc = o.at("doc").as_object();
    for (const auto& v : o.at("versions").as_array()) {
      const auto& vo = v.as_object();
      p.versions.push_back(
          {svc::str(vo, "id"), svc::str(vo, "document"), vo.at("created").to_number<double>()});
    }
    policies_[key] = std::move(p);
  }
  for (auto& [key, value] : emu_.store().load("iam.user")) {
    const auto& o = value.as_object();
    User u;
    u.doc = o.at("doc").as_object();
    u.attached = svc::strings(o, "attached");
    for (const auto& [k, v] : o.at("inline").as_object()) u.inline_policies[k] = v.as_string();
    users_[key] = std::move(u);
  }
  for (auto& [key, value] : emu_.store().load("iam.accesskey")) {
    const auto& o = value.as_object();
    keys_[key] = AccessKey{key, svc::str(o, "secret"), svc::str(o, "user"), svc::str(o, "status"),
                           o.at("created").to_number<double>()};
  }
}

void Iam::reset() {
  roles_.clear();
  policies_.clear();
  users_.clear();
  keys_.clear();
  add_managed_policies();
}

void Iam::save_role(const Role& role) {
  json::object inl;
  for (const auto& [k, v] : role.inline_policies) inl[k] = v;
  json::array attached;
  for (const auto& a : role.attached) attached.emplace_back(a);
  emu_.store().put("iam.role", name_key(svc::str(role.doc, "RoleName")),
                   json::object{{"doc", role.doc},
                                {"trust", role.trust_policy},
                                {"attached", attached},
                                {"inline", inl}});
}

void Iam::save_policy(const Policy& policy) {
  json::array versions;
  for (const auto& v : policy.versions) {
    versions.push_back(
        json::object{{"id", v.id}, {"document", v.document}, {"created", v.created}});
  }
  emu_.store().put("iam.policy", svc::str(policy.doc, "Arn"),
                   json::object{{"doc", policy.doc}, {"versions", versions}});
}

const Role* Iam::find_role(std::string_view role_name) const {
  auto it = roles_.find(name_key(role_name));
  return it == roles_.end() ? nullptr : &it->second;
}

const Role* Iam::find_role_by_arn(std::string_view arn) const {
  // arn:aws:iam::<account>:role/<path><name>: the name is what follows the last slash.
  auto slash = arn.rfind('/');
  if (arn.find(":role/") == std::string_view::npos || slash == std::string_view::npos) {
    return nullptr;
  }
  const Role* role = find_role(arn.substr(slash + 1));
  if (!role || svc::str(role->doc, "Arn") != arn) return nullptr;
  return role;
}

const Policy* Iam::find_policy(std::string_view arn) const {
  auto it = policies_.find(arn);
  return it == policies_.end() ? nullptr : &it->second;
}

static bool contains(const json::value& v, std::string_view wanted) {
  if (v.is_string()) return v.as_string() == wanted;
  if (v.is_array()) {
    for (const auto& e : v.as_array()) {
      if (e.is_string() && e.as_string() == wanted) return true;
    }
  }
  return false;
}

bool Iam::attach(std::vector<std::string>& attached, const std::string& arn,
                 std::string_view quota) const {
  if (!find_policy(arn)) {
    throw errors::no_such_entity("Policy " + arn + " does not exist or is not attachable.");
  }
  if (std::find(attached.begin(), attached.end(), arn) != attached.end()) return false;
  if (attached.size() >= 10) {
    throw errors::limit_exceeded("Cannot exceed quota for " + std::string(quota) + ": 10");
  }
  attached.push_back(arn);
  return true;
}

void Iam::detach(std::vector<std::string>& attached, const std::string& arn) {
  auto it = std::find(attached.begin(), attached.end(), arn);
  if (it == attached.end()) throw errors::no_such_entity("Policy " + arn + " was not found.");
  attached.erase(it);
}

json::object Iam::attached_view(const std::vector<std::string>& attached,
                                std::string_view path_prefix) const {
  json::array items;
  for (const auto& arn : attached) {
    const Policy* p = find_policy(arn);
    if (!p || svc::str(p->doc, "Path").rfind(path_prefix, 0) != 0) continue;
    items.push_back(json::object{{"PolicyName", p->doc.at("PolicyName")}, {"PolicyArn", arn}});
  }
  return {{"AttachedPolicies", std::move(items)}, {"IsTruncated", false}};
}

std::string checked_policy(std::string_view document) {
  json::error_code ec;
  auto doc = json::parse(document, ec);
  if (ec || !doc.is_object()) {
    throw errors::malformed_policy_document("This policy contains invalid Json");
  }
  auto it = doc.as_object().find("Statement");
  if (it == doc.as_object().end()) {
    throw errors::malformed_policy_document("Missing required field Statement");
  }
  json::array statements =
      it->value().is_array() ? it->value().as_array() : json::array{it->value()};
  for (const auto& s : statements) {
    if (!s.is_object()) throw errors::malformed_policy_document("Syntax errors in policy.");
    auto effect = s.as_object().find("Effect");
    if (effect == s.as_object().end()) {
      throw errors::malformed_policy_document("Missing required field Effect");
    }
    if (!effect->value().is_string() ||
        (effect->value().as_string() != "Allow" && effect->value().as_string() != "Deny")) {
      throw errors::malformed_policy_document("Syntax errors in policy.");
    }
  }
  return std::string(document);
}

// The Allow statements of a role's trust policy that grant sts:AssumeRole: the principals in
// them may assume the role.
static std::vector<json::object> assume_role_grants(const Role& role) {
  json::error_code ec;
  auto doc = json::parse(role.trust_policy, ec);
  if (ec || !doc.is_object()) return {};
  auto it = doc.as_object().find("Statement");
  if (it == doc.as_object().end()) return {};
  json::array statements =
      it->value().is_array() ? it->value().as_array() : json::array{it->value()};
  std::vector<json::object> grants;
  for (const auto& s : statements) {
    if (!s.is_object() || svc::str(s.as_object(), "Effect") != "Allow") continue;
    const auto& so = s.as_object();
    auto action = so.find("Action");
    if (action == so.end()) continue;
    if (contains(action->value(), "sts:AssumeRole") || contains(action->value(), "sts:*") ||
        contains(action->value(), "*")) {
      grants.push_back(so);
    }
  }
  return grants;
}

bool Iam::trusts_service(const Role& role, std::string_view service) {
  for (const auto& grant : assume_role_grants(role)) {
    const auto* principal = svc::opt_object(grant, "Principal");
    if (!principal) continue;
    auto svc_it = principal->find("Service");
    if (svc_it != principal->end() && contains(svc_it->value(), service)) return true;
  }
  return false;
}

bool Iam::trusts_principal(const Role& role, std::string_view arn, std::string_view account) {
  std::string root = "arn:aws:iam::" + std::string(account) + ":root";
  for (const auto& grant : assume_role_grants(role)) {
    auto principal = grant.find("Principal");
    if (principal == grant.end()) continue;
    if (principal->value().is_string() && principal->value().as_string() == "*") return true;
    if (!principal->value().is_object()) continue;
    auto aws_it = principal->value().as_object().find("AWS");
    if (aws_it == principal->value().as_object().end()) continue;
    const auto& v = aws_it->value();
    if (contains(v, "*") || contains(v, arn) || contains(v, account) || contains(v, root)) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> Iam::permission_documents(const Role& role) const {
  return documents(role.attached, role.inline_policies);
}

std::vector<std::string> Iam::permission_documents(const User& user) const {
  return documents(user.attached, user.inline_policies);
}

std::vector<std::string> Iam::documents(
    const std::vector<std::string>& attached,
    const std::map<std::string, std::string>& inline_policies) const {
  std::vector<std::string> out;
  for (const auto& arn : attached) {
    const Policy* p = find_policy(arn);
    if (!p) continue;
    std::string def = svc::str(p->doc, "DefaultVersionId");
    for (const auto& v : p->versions) {
      if (v.id == def) out.push_back(v.document);
    }
  }
  for (const auto& [_, doc] : inline_policies) out.push_back(doc);
  return out;
}

int Iam::attachment_count(std::string_view arn) const {
  int n = 0;
  for (const auto& [_, r] : roles_)
    n += static_cast<int>(std::count(r.attached.begin(), r.attached.end(), arn));
  for (const auto& [_, u] : users_)
    n += static_cast<int>(std::count(u.attached.begin(), u.attached.end(), arn));
  return n;
}

json::object Iam::policy_view(const Policy& policy) const {
  json::object out = policy.doc;
  out["AttachmentCount"] = attachment_count(svc::str(policy.doc, "Arn"));
  return out;
}

Role& Iam::role_or_throw(std::string_view role_name) {
  auto it = roles_.find(name_key(role_name));
  if (it == roles_.end()) {
    throw errors::no_such_entity("The role with name " + std::string(role_name) +
                                 " cannot be found.");
  }
  return it->second;
}

Policy& Iam::policy_or_throw(std::string_view arn) {
  auto it = policies_.find(arn);
  if (it == policies_.end()) {
    throw errors::no_such_entity("Policy " + std::string(arn) + " was not found.");
  }
  return it->second;
}

}  // namespace hpl::iam
