#include "services/sts/sts.hpp"

namespace hpl::sts {

namespace json = boost::json;

void Sts::register_operations(aws::OperationTable& table) {
  // --- GetCallerIdentity ---
  table["GetCallerIdentity"] = [](aws::Call& call, json::object&) -> json::object {
    return {{"UserId", call.account_id},
            {"Account", call.account_id},
            {"Arn", "arn:aws:iam::" + call.account_id + ":root"}};
  };
}

}  // namespace hpl::sts
