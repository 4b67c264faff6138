#include "services/sts/sts.hpp"

#include "aws/arn.hpp"
#include "aws/auth_errors.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/iam/iam.hpp"

#include <chrono>

namespace hpl::sts {

namespace json = boost::json;

static aws::EpochMs wall_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Sts::load() {
  sessions_.clear();
  for (auto& [key, value] : emu_.store().load("sts.session")) {
    const auto& o = value.as_object();
    Session s;
    s.access_key = key;
    s.secret = svc::str(o, "secret");
    s.token = svc::str(o, "token");
    s.expires_wall = svc::opt_int(o, "expires").value_or(0);
    std::string kind = svc::str(o, "kind");
    s.principal.kind = kind == "user"   ? aws::Principal::Kind::User
                       : kind == "root" ? aws::Principal::Kind::Root
                                        : aws::Principal::Kind::AssumedRole;
    s.principal.arn = svc::str(o, "arn");
    s.principal.user_id = svc::str(o, "userId");
    s.principal.name = svc::str(o, "name");
    s.principal.access_key = key;
    sessions_[key] = std::move(s);
  }
}

const Session* Sts::find_session(std::string_view access_key) const {
  auto it = sessions_.find(access_key);
  return it == sessions_.end() ? nullptr : &it->second;
}

static const char* kind_name(aws::Principal::Kind kind) {
  switch (kind) {
    case aws::Principal::Kind::User:
      return "user";
    case aws::Principal::Kind::AssumedRole:
      return "assumed-role";
    case aws::Principal::Kind::Root:
    case aws::Principal::Kind::Anonymous:
      return "root";
  }
  return "root";
}

json::object Sts::issue(aws::Call& call, std::int64_t seconds, aws::Principal principal) {
  auto& ids = call.emu.ids();
  Session s;
  s.access_key = "ASIA" + ids.upper_alnum(16);
  s.secret = ids.alnum_lower(40);
  s.token = "IQoJb3JpZ2luX2Vj" + ids.alnum_lower(128);
  s.expires_wall = wall_now() + seconds * 1000;
  principal.access_key = s.access_key;
  s.principal = std::move(principal);
  emu_.store().put("sts.session", s.access_key,
                   json::object{{"secret", s.secret},
                                {"token", s.token},
                                {"expires", s.expires_wall},
                                {"kind", kind_name(s.principal.kind)},
                                {"arn", s.principal.arn},
                                {"userId", s.principal.user_id},
                                {"name", s.principal.name}});
  json::object credentials{{"AccessKeyId", s.access_key},
                           {"SecretAccessKey", s.secret},
                           {"SessionToken", s.token},
                           {"Expiration", aws::epoch_seconds(call.now + seconds * 1000)}};
  sessions_[s.access_key] = std::move(s);
  return credentials;
}

void Sts::register_operations(aws::OperationTable& table) {
  // --- GetCallerIdentity ---
  table["GetCallerIdentity"] = [](aws::Call& call, json::object&) -> json::object {
    if (call.caller.arn.empty()) {
      return {{"UserId", call.account_id},
              {"Account", call.account_id},
              {"Arn", "arn:aws:iam::" + call.account_id + ":root"}};
    }
    return {
        {"UserId", call.caller.user_id}, {"Account", call.account_id}, {"Arn", call.caller.arn}};
  };

  // --- AssumeRole ---
  // With --auth sigv4|iam the role's trust policy must name the caller (its ARN, the account
  // or "*"); the credentials then act as the role.
  table["AssumeRole"] = [this](aws::Call& call, json::object& in) -> json::object {
    std::string role_arn = svc::str(in, "RoleArn");
    std::string session = svc::str(in, "RoleSessionName");
    const iam::Role* role = call.emu.iam().find_role_by_arn(role_arn);
    std::string caller_arn =
        call.caller.arn.empty() ? "arn:aws:iam::" + call.account_id + ":root" : call.caller.arn;
    bool authenticated = call.emu.config().auth != AuthMode::None;
    if (!role ||
        (authenticated && !iam::Iam::trusts_principal(*role, caller_arn, call.account_id))) {
      throw aws::access_denied("sts", "User: " + caller_arn +
                                          " is not authorized to perform: sts:AssumeRole on "
                                          "resource: " +
                                          role_arn);
    }
    std::int64_t seconds = svc::opt_int(in, "DurationSeconds").value_or(3600);
    if (seconds > svc::opt_int(role->doc, "MaxSessionDuration").value_or(3600)) {
      throw aws::ApiError("ValidationError", 400,
                          "The requested DurationSeconds exceeds the MaxSessionDuration set for "
                          "this role.");
    }
    std::string role_id = svc::str(role->doc, "RoleId");
    std::string role_name = svc::str(role->doc, "RoleName");
    aws::Principal principal;
    principal.kind = aws::Principal::Kind::AssumedRole;
    principal.arn =
        "arn:aws:sts::" + call.account_id + ":assumed-role/" + role_name + "/" + session;
    principal.user_id = role_id + ":" + session;
    principal.name = role_name;
    json::object out{{"Credentials", issue(call, seconds, principal)},
                     {"AssumedRoleUser",
                      json::object{{"AssumedRoleId", principal.user_id}, {"Arn", principal.arn}}},
                     {"PackedPolicySize", 0}};
    return out;
  };

  // --- GetSessionToken ---
  // The credentials act as the caller (a user's policies apply to them).
  table["GetSessionToken"] = [this](aws::Call& call, json::object& in) -> json::object {
    std::int64_t seconds = svc::opt_int(in, "DurationSeconds").value_or(43200);
    aws::Principal principal = call.caller;
    if (principal.kind != aws::Principal::Kind::User) principal = aws::Principal{};
    return {{"Credentials", issue(call, seconds, principal)}};
  };
}

}  // namespace hpl::sts
