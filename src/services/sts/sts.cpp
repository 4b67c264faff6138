#include "services/sts/sts.hpp"

#include "aws/arn.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/iam/iam.hpp"

namespace hpl::sts {

namespace json = boost::json;

void Sts::register_operations(aws::OperationTable& table) {
  // --- GetCallerIdentity ---
  table["GetCallerIdentity"] = [](aws::Call& call, json::object&) -> json::object {
    return {{"UserId", call.account_id},
            {"Account", call.account_id},
            {"Arn", "arn:aws:iam::" + call.account_id + ":root"}};
  };

  // --- AssumeRole ---
  // TODO: bind the issued credentials to the role once signatures are verified (--auth).
  table["AssumeRole"] = [](aws::Call& call, json::object& in) -> json::object {
    std::string role_arn = svc::str(in, "RoleArn");
    std::string session = svc::str(in, "RoleSessionName");
    const iam::Role* role = call.emu.iam().find_role_by_arn(role_arn);
    if (!role) {
      throw aws::ApiError(
          "AccessDenied", 403,
          "User: arn:aws:iam::" + call.account_id +
              ":root is not authorized to perform: sts:AssumeRole on resource: " + role_arn);
    }
    std::int64_t seconds = svc::opt_int(in, "DurationSeconds").value_or(3600);
    auto& ids = call.emu.ids();
    std::string role_id = svc::str(role->doc, "RoleId");
    std::string role_name = svc::str(role->doc, "RoleName");
    return {{"Credentials",
             json::object{{"AccessKeyId", "ASIA" + ids.upper_alnum(16)},
                          {"SecretAccessKey", ids.alnum_lower(40)},
                          {"SessionToken", ids.alnum_lower(64)},
                          {"Expiration", aws::epoch_seconds(call.now + seconds * 1000)}}},
            {"AssumedRoleUser",
             json::object{{"AssumedRoleId", role_id + ":" + session},
                          {"Arn", "arn:aws:sts::" + call.account_id + ":assumed-role/" + role_name +
                                      "/" + session}}},
            {"PackedPolicySize", 0}};
  };

  // --- GetSessionToken ---
  table["GetSessionToken"] = [](aws::Call& call, json::object& in) -> json::object {
    std::int64_t seconds = svc::opt_int(in, "DurationSeconds").value_or(43200);
    auto& ids = call.emu.ids();
    return {{"Credentials",
             json::object{{"AccessKeyId", "ASIA" + ids.upper_alnum(16)},
                          {"SecretAccessKey", ids.alnum_lower(40)},
                          {"SessionToken", ids.alnum_lower(64)},
                          {"Expiration", aws::epoch_seconds(call.now + seconds * 1000)}}}};
  };
}

}  // namespace hpl::sts
