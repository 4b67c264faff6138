// IAM roles and customer managed policies. Roles are found by name; a role the stack
// declares is owned by the stack (apply adopts one that already exists, destroy deletes it).
#include "aws/http.hpp"
#include "deploy/engine.hpp"
#include "deploy/error.hpp"

#include <algorithm>
#include <set>

namespace hpl::deploy {

namespace json = boost::json;

namespace {

// IAM returns policy documents URL-encoded (RFC 3986), as the Query API sends them.
json::value decode_document(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return nullptr;
  std::string text(it->value().as_string());
  if (!text.empty() && text[0] == '%') text = aws::percent_decode(text, false);
  json::error_code ec;
  json::value v = json::parse(text, ec);
  return ec ? json::value(json::string(text)) : v;
}

class IamRole : public Resource {
 public:
  explicit IamRole(const RoleSpec& spec) : spec_(spec) {}
  std::string kind() const override { return "iam-role"; }
  std::string name() const override { return spec_.role_name; }
  bool exists() const override { return !live_.empty(); }

  void read(Context& ctx) override {
    live_ = {};
    try {
      live_ =
          ctx.aws.call("iam", "GetRole", {{"RoleName", spec_.role_name}}).at("Role").as_object();
    } catch (const Error& e) {
      if (!is_not_found(e)) throw;
      return;
    }
    attached_.clear();
    json::object page =
        ctx.aws.call("iam", "ListAttachedRolePolicies", {{"RoleName", spec_.role_name}});
    if (auto* list = page.if_contains("AttachedPolicies")) {
      for (const auto& p : list->as_array()) {
        attached_.emplace_back(p.as_object().at("PolicyArn").as_string());
      }
    }
    inline_.clear();
    json::object names = ctx.aws.call("iam", "ListRolePolicies", {{"RoleName", spec_.role_name}});
    if (auto* list = names.if_contains("PolicyNames")) {
      for (const auto& n : list->as_array()) {
        std::string policy(n.as_string());
        json::object doc = ctx.aws.call("iam", "GetRolePolicy",
                                        {{"RoleName", spec_.role_name}, {"PolicyName", policy}});
        inline_[policy] = decode_document(doc, "PolicyDocument");
      }
    }
    publish(ctx);
  }

  // TODO: compare description, max session duration and tags too (UpdateRole, TagRole,
  // UntagRole); they are only set by CreateRole today.
  Change plan(Context& ctx) override {
    Change c{kind(), name()};
    auto cc = ctx.convert();
    desired_trust_ = role_trust_policy(spec_, cc);
    desired_managed_ = role_managed_policies(spec_, cc);
    desired_inline_.clear();
    for (const auto& [policy, node] : spec_.inline_policies) {
      desired_inline_[policy] =
          policy_document(*node, "iam.roles." + spec_.key + ".inlinePolicies." + policy, cc);
    }
    if (!exists()) {
      c.action = Action::Create;
      c.fields.push_back({"AssumeRolePolicyDocument", nullptr, desired_trust_});
      for (const auto& arn : desired_managed_)
        c.fields.push_back({"ManagedPolicy", nullptr, json::string(arn)});
      for (const auto& [p, d] : desired_inline_)
        c.fields.push_back({"InlinePolicy." + p, nullptr, d});
      return c;
    }
    json::value trust = decode_document(live_, "AssumeRolePolicyDocument");
    if (!same_json(trust, desired_trust_)) {
      c.fields.push_back({"AssumeRolePolicyDocument", trust, desired_trust_});
    }
    for (const auto& arn : desired_managed_) {
      if (std::find(attached_.begin(), attached_.end(), arn) == attached_.end()) {
        c.fields.push_back({"ManagedPolicy", nullptr, json::string(arn)});
      }
    }
    for (const auto& arn : attached_) {
      if (std::find(desired_managed_.begin(), desired_managed_.end(), arn) ==
          desired_managed_.end()) {
        c.fields.push_back({"ManagedPolicy", json::string(arn), nullptr});
      }
    }
    for (const auto& [p, d] : desired_inline_) {
      auto it = inline_.find(p);
      if (it == inline_.end() || !same_json(it->second, d)) {
        c.fields.push_back(
            {"InlinePolicy." + p, it == inline_.end() ? json::value() : it->second, d});
      }
    }
    for (const auto& [p, d] : inline_) {
      if (!desired_inline_.count(p)) c.fields.push_back({"InlinePolicy." + p, d, nullptr});
    }
    if (!c.fields.empty()) c.action = Action::Update;
    return c;
  }

  void apply(Context& ctx, const Change& change) override {
    bool creating = !exists();
    ctx.progress.start(label(), creating ? "creating" : "updating");
    if (creating) create(ctx);
    for (const auto& f : change.fields) {
      if (f.path == "AssumeRolePolicyDocument") {
        if (creating) continue;  // CreateRole set it
        ctx.aws.call("iam", "UpdateAssumeRolePolicy",
                     {{"RoleName", spec_.role_name}, {"PolicyDocument", json::serialize(f.after)}});
      } else if (f.path == "ManagedPolicy") {
        bool attach = !f.after.is_null();
        ctx.aws.call("iam", attach ? "AttachRolePolicy" : "DetachRolePolicy",
                     {{"RoleName", spec_.role_name}, {"PolicyArn", attach ? f.after : f.before}});
      } else if (f.path.rfind("InlinePolicy.", 0) == 0) {
        std::string policy = f.path.substr(13);
        if (f.after.is_null()) {
          ctx.aws.call("iam", "DeleteRolePolicy",
                       {{"RoleName", spec_.role_name}, {"PolicyName", policy}});
        } else {
          ctx.aws.call("iam", "PutRolePolicy",
                       {{"RoleName", spec_.role_name},
                        {"PolicyName", policy},
                        {"PolicyDocument", json::serialize(f.after)}});
        }
      }
    }
    read(ctx);
    ctx.progress.done(label(), change.action == Action::Create ? "created" : "updated", true);
  }

  void destroy(Context& ctx) override {
    if (!exists()) return;
    ctx.progress.start(label(), "deleting");
    for (const auto& arn : attached_) {
      ctx.aws.call("iam", "DetachRolePolicy", {{"RoleName", spec_.role_name}, {"PolicyArn", arn}});
    }
    for (const auto& [policy, _] : inline_) {
      ctx.aws.call("iam", "DeleteRolePolicy",
                   {{"RoleName", spec_.role_name}, {"PolicyName", policy}});
    }
    try {
      ctx.aws.call("iam", "DeleteRole", {{"RoleName", spec_.role_name}});
    } catch (const Error& e) {
      if (!is_not_found(e)) throw;
    }
    live_ = {};
    ctx.progress.done(label(), "deleted", true);
  }

  StatusRow status() const override {
    if (!exists()) return {kind(), name(), "", "absent", ""};
    return {kind(), name(), std::string(live_.at("Arn").as_string()), "present",
            std::to_string(attached_.size()) + " managed, " + std::to_string(inline_.size()) +
                " inline policies"};
  }

 private:
  void create(Context& ctx) {
    json::array tags = stack_tags(ctx.stack, "");
    for (const auto& [k, v] : spec_.tags) tags.push_back(json::object{{"Key", k}, {"Value", v}});
    json::object in{{"RoleName", spec_.role_name},
                    {"Path", spec_.path},
                    {"AssumeRolePolicyDocument", json::serialize(desired_trust_)},
                    {"Tags", std::move(tags)}};
    if (!spec_.description.empty()) in["Description"] = spec_.description;
    if (spec_.max_session_duration) in["MaxSessionDuration"] = *spec_.max_session_duration;
    try {
      live_ = ctx.aws.call("iam", "CreateRole", in).at("Role").as_object();
    } catch (const Error& e) {
      // Created by a run that was interrupted before it could read it back.
      if (e.code() != "EntityAlreadyExists") throw;
    }
  }

  void publish(Context& ctx) { ctx.refs.set("iam.roles." + spec_.key + ".arn", live_.at("Arn")); }

  const RoleSpec& spec_;
  json::object live_;
  std::vector<std::string> attached_;
  std::map<std::string, json::value> inline_;
  json::object desired_trust_;
  std::vector<std::string> desired_managed_;
  std::map<std::string, json::value> desired_inline_;
};

class IamPolicy : public Resource {
 public:
  explicit IamPolicy(const PolicySpec& spec) : spec_(spec) {}
  std::string kind() const override { return "iam-policy"; }
  std::string name() const override { return spec_.policy_name; }
  bool exists() const override { return !live_.empty(); }

  void read(Context& ctx) override {
    live_ = {};
    arn_ = "arn:aws:iam::" + ctx.aws.account_id() + ":policy" + spec_.path + spec_.policy_name;
    try {
      live_ = ctx.aws.call("iam", "GetPolicy", {{"PolicyArn", arn_}}).at("Policy").as_object();
    } catch (const Error& e) {
      if (!is_not_found(e)) throw;
      return;
    }
    json::object version =
        ctx.aws.call("iam", "GetPolicyVersion",
                     {{"PolicyArn", arn_}, {"VersionId", live_.at("DefaultVersionId")}});
    document_ = decode_document(version.at("PolicyVersion").as_object(), "Document");
    ctx.refs.set("iam.policies." + spec_.key + ".arn", json::string(arn_));
  }

  Change plan(Context& ctx) override {
    Change c{kind(), name()};
    auto cc = ctx.convert();
    desired_ = policy_document(*spec_.document, "iam.policies." + spec_.key + ".document", cc);
    if (!exists()) {
      c.action = Action::Create;
      c.fields.push_back({"PolicyDocument", nullptr, desired_});
    } else if (!same_json(document_, desired_)) {
      c.fields.push_back({"PolicyDocument", document_, desired_});
      c.notes.push_back(
          "the policy document differs; hpctl cannot publish a new policy version "
          "(CreatePolicyVersion) yet: destroy and apply to replace it");
      c.blocked = true;
    }
    return c;
  }

  void apply(Context& ctx, const Change& change) override {
    if (change.action != Action::Create) return;
    ctx.progress.start(label(), "creating");
    json::object in{{"PolicyName", spec_.policy_name},
                    {"Path", spec_.path},
                    {"PolicyDocument", json::serialize(desired_)},
                    {"Tags", stack_tags(ctx.stack, "")}};
    if (!spec_.description.empty()) in["Description"] = spec_.description;
    try {
      ctx.aws.call("iam", "CreatePolicy", in);
    } catch (const Error& e) {
      if (e.code() != "EntityAlreadyExists") throw;
    }
    read(ctx);
    ctx.progress.done(label(), "created", true);
  }

  void destroy(Context& ctx) override {
    if (!exists()) return;
    ctx.progress.start(label(), "deleting");
    try {
      ctx.aws.call("iam", "DeletePolicy", {{"PolicyArn", arn_}});
    } catch (const Error& e) {
      if (!is_not_found(e)) throw;
    }
    live_ = {};
    ctx.progress.done(label(), "deleted", true);
  }

  StatusRow status() const override {
    return {kind(), name(), exists() ? arn_ : "", exists() ? "present" : "absent", ""};
  }

 private:
  const PolicySpec& spec_;
  std::string arn_;
  json::object live_;
  json::value document_;
  json::object desired_;
};

}  // namespace

void add_iam_resources(const Stack& stack, std::vector<std::unique_ptr<Resource>>& out) {
  // Policies first: roles attach them.
  for (const auto& p : stack.policies) out.push_back(std::make_unique<IamPolicy>(p));
  for (const auto& r : stack.roles) out.push_back(std::make_unique<IamRole>(r));
}

}  // namespace hpl::deploy
