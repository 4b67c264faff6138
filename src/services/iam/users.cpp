// IAM users, their access keys and their policies.
#include "aws/http.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/iam/errors.hpp"
#include "services/iam/iam.hpp"

#include <algorithm>

namespace hpl::iam {

namespace json = boost::json;

// IAM's default quota of access keys per user.
constexpr size_t kKeysPerUser = 2;

const User* Iam::find_user(std::string_view user_name) const {
  auto it = users_.find(name_key(user_name));
  return it == users_.end() ? nullptr : &it->second;
}

const AccessKey* Iam::find_access_key(std::string_view id) const {
  auto it = keys_.find(id);
  return it == keys_.end() ? nullptr : &it->second;
}

User& Iam::user_or_throw(std::string_view user_name) {
  auto it = users_.find(name_key(user_name));
  if (it == users_.end()) {
    throw errors::no_such_entity("The user with name " + std::string(user_name) +
                                 " cannot be found.");
  }
  return it->second;
}

User& Iam::key_owner(const aws::Call& call, const json::object& in) {
  if (auto name = svc::opt_str(in, "UserName")) return user_or_throw(*name);
  if (call.caller.kind == aws::Principal::Kind::User) return user_or_throw(call.caller.name);
  // TODO: root access keys are managed by configuration (--root-access-key-id), not here.
  throw errors::validation_error("Must specify userName when calling with non-User credentials");
}

void Iam::save_user(const User& user) {
  json::object inl;
  for (const auto& [k, v] : user.inline_policies) inl[k] = v;
  json::array attached;
  for (const auto& a : user.attached) attached.emplace_back(a);
  emu_.store().put("iam.user", name_key(svc::str(user.doc, "UserName")),
                   json::object{{"doc", user.doc}, {"attached", attached}, {"inline", inl}});
}

void Iam::save_key(const AccessKey& key) {
  emu_.store().put("iam.accesskey", key.id,
                   json::object{{"secret", key.secret},
                                {"user", key.user_name},
                                {"status", key.status},
                                {"created", key.created}});
}

// --- CreateUser ------------------------------------------------------------------------------
json::object Iam::create_user(aws::Call& call, json::object& in) {
  std::string user_name = svc::str(in, "UserName");
  std::string path = svc::str(in, "Path", "/");
  if (users_.count(name_key(user_name))) {
    throw errors::entity_already_exists("User with name " + user_name + " already exists.");
  }
  User user;
  user.doc = {{"Path", path},
              {"UserName", user_name},
              {"UserId", "AIDA" + call.emu.ids().upper_alnum(17)},
              {"Arn", "arn:aws:iam::" + call.account_id + ":user" + path + user_name},
              {"CreateDate", aws::epoch_seconds(call.now)}};
  if (const auto* tags = svc::opt_array(in, "Tags"); tags && !tags->empty()) {
    user.doc["Tags"] = *tags;
  }
  save_user(user);
  json::object out{{"User", user.doc}};
  users_[name_key(user_name)] = std::move(user);
  return out;
}

// --- GetUser ---------------------------------------------------------------------------------
// Without a name, the caller itself.
json::object Iam::get_user(aws::Call& call, json::object& in) {
  if (!svc::opt_str(in, "UserName") && call.caller.kind != aws::Principal::Kind::User) {
    return {{"User", json::object{{"UserId", call.account_id},
                                  {"Arn", "arn:aws:iam::" + call.account_id + ":root"},
                                  {"CreateDate", aws::epoch_seconds(0)},
                                  {"Path", "/"},
                                  {"UserName", ""}}}};
  }
  return {{"User", key_owner(call, in).doc}};
}

// --- ListUsers -------------------------------------------------------------------------------
json::object Iam::list_users(aws::Call&, json::object& in) {
  std::string prefix = svc::str(in, "PathPrefix", "/");
  auto max_items = svc::opt_int(in, "MaxItems").value_or(100);
  std::string start;
  if (auto marker = svc::opt_str(in, "Marker")) {
    start = svc::page_position(*marker, errors::validation_error("Invalid Marker."));
  }
  json::array users;
  std::string next;
  for (auto it = users_.lower_bound(start); it != users_.end(); ++it) {
    if (svc::str(it->second.doc, "Path").rfind(prefix, 0) != 0) continue;
    if (static_cast<std::int64_t>(users.size()) == max_items) {
      next = it->first;
      break;
    }
    json::object u = it->second.doc;
    u.erase("Tags");  // ListUsers leaves tags out; GetUser has them
    users.push_back(std::move(u));
  }
  json::object out{{"Users", std::move(users)}, {"IsTruncated", !next.empty()}};
  if (!next.empty()) out["Marker"] = svc::page_token(next);
  return out;
}

// --- DeleteUser ------------------------------------------------------------------------------
json::object Iam::delete_user(aws::Call&, json::object& in) {
  User& user = user_or_throw(svc::str(in, "UserName"));
  std::string user_name = svc::str(user.doc, "UserName");
  for (const auto& [_, key] : keys_) {
    if (key.user_name == user_name) {
      throw errors::delete_conflict("Cannot delete entity, must delete access keys first.");
    }
  }
  if (!user.attached.empty()) {
    throw errors::delete_conflict("Cannot delete entity, must detach all policies first.");
  }
  if (!user.inline_policies.empty()) {
    throw errors::delete_conflict("Cannot delete entity, must delete policies first.");
  }
  emu_.store().erase("iam.user", name_key(user_name));
  users_.erase(name_key(user_name));
  return {};
}

// --- CreateAccessKey -------------------------------------------------------------------------
json::object Iam::create_access_key(aws::Call& call, json::object& in) {
  User& user = key_owner(call, in);
  std::string user_name = svc::str(user.doc, "UserName");
  size_t owned = std::count_if(keys_.begin(), keys_.end(),
                               [&](const auto& kv) { return kv.second.user_name == user_name; });
  if (owned >= kKeysPerUser) {
    throw errors::limit_exceeded("Cannot exceed quota for AccessKeysPerUser: 2");
  }
  AccessKey key{"AKIA" + call.emu.ids().upper_alnum(16), call.emu.ids().alnum_lower(40), user_name,
                "Active", aws::epoch_seconds(call.now)};
  save_key(key);
  keys_[key.id] = key;
  return {{"AccessKey", json::object{{"UserName", user_name},
                                     {"AccessKeyId", key.id},
                                     {"Status", key.status},
                                     {"SecretAccessKey", key.secret},
                                     {"CreateDate", key.created}}}};
}

// --- ListAccessKeys --------------------------------------------------------------------------
json::object Iam::list_access_keys(aws::Call& call, json::object& in) {
  std::string user_name = svc::str(key_owner(call, in).doc, "UserName");
  json::array items;
  for (const auto& [_, key] : keys_) {
    if (key.user_name != user_name) continue;
    items.push_back(json::object{{"UserName", user_name},
                                 {"AccessKeyId", key.id},
                                 {"Status", key.status},
                                 {"CreateDate", key.created}});
  }
  return {{"AccessKeyMetadata", std::move(items)}, {"IsTruncated", false}};
}

static AccessKey& owned_key(std::map<std::string, AccessKey, std::less<>>& keys,
                            std::string_view id, std::string_view user_name) {
  auto it = keys.find(id);
  if (it == keys.end() || it->second.user_name != user_name) {
    throw errors::no_such_entity("The Access Key with id " + std::string(id) + " cannot be found.");
  }
  return it->second;
}

// --- DeleteAccessKey -------------------------------------------------------------------------
json::object Iam::delete_access_key(aws::Call& call, json::object& in) {
  std::string user_name = svc::str(key_owner(call, in).doc, "UserName");
  AccessKey& key = owned_key(keys_, svc::str(in, "AccessKeyId"), user_name);
  emu_.store().erase("iam.accesskey", key.id);
  keys_.erase(key.id);
  return {};
}

// --- UpdateAccessKey -------------------------------------------------------------------------
json::object Iam::update_access_key(aws::Call& call, json::object& in) {
  std::string user_name = svc::str(key_owner(call, in).doc, "UserName");
  AccessKey& key = owned_key(keys_, svc::str(in, "AccessKeyId"), user_name);
  key.status = svc::str(in, "Status");
  save_key(key);
  return {};
}

}  // namespace hpl::iam
