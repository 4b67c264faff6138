// IAM customer managed policy operations (AWS managed policies come from the catalog).
#include "aws/http.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/iam/errors.hpp"
#include "services/iam/iam.hpp"

namespace hpl::iam {

namespace json = boost::json;

// --- CreatePolicy ----------------------------------------------------------------------------
json::object Iam::create_policy(aws::Call& call, json::object& in) {
  std::string policy_name = svc::str(in, "PolicyName");
  std::string path = svc::str(in, "Path", "/");
  std::string document = checked_policy(svc::str(in, "PolicyDocument"));
  std::string arn = "arn:aws:iam::" + call.account_id + ":policy" + path + policy_name;
  for (const auto& [a, p] : policies_) {
    if (!p.aws_managed && name_key(svc::str(p.doc, "PolicyName")) == name_key(policy_name)) {
      throw errors::entity_already_exists("A policy called " + policy_name +
                                          " already exists. Duplicate names are not allowed.");
    }
  }
  double now = aws::epoch_seconds(call.now);
  Policy p;
  p.doc = {{"PolicyName", policy_name},
           {"PolicyId", "ANPA" + call.emu.ids().upper_alnum(17)},
           {"Arn", arn},
           {"Path", path},
           {"DefaultVersionId", "v1"},
           {"PermissionsBoundaryUsageCount", 0},
           {"IsAttachable", true},
           {"CreateDate", now},
           {"UpdateDate", now}};
  if (auto d = svc::opt_str(in, "Description")) p.doc["Description"] = *d;
  if (const auto* tags = svc::opt_array(in, "Tags"); tags && !tags->empty()) p.doc["Tags"] = *tags;
  p.versions.push_back({"v1", document, now});
  save_policy(p);
  json::object view = policy_view(p);
  view.erase("Description");  // CreatePolicy's answer leaves the description out
  policies_[arn] = std::move(p);
  return {{"Policy", view}};
}

// --- GetPolicy -------------------------------------------------------------------------------
json::object Iam::get_policy(aws::Call&, json::object& in) {
  return {{"Policy", policy_view(policy_or_throw(svc::str(in, "PolicyArn")))}};
}

// --- GetPolicyVersion ------------------------------------------------------------------------
json::object Iam::get_policy_version(aws::Call&, json::object& in) {
  std::string arn = svc::str(in, "PolicyArn");
  const Policy& p = policy_or_throw(arn);
  std::string version = svc::str(in, "VersionId");
  for (const auto& v : p.versions) {
    if (v.id != version) continue;
    return {{"PolicyVersion",
             json::object{{"Document", aws::percent_encode(v.document, false)},
                          {"VersionId", v.id},
                          {"IsDefaultVersion", v.id == svc::str(p.doc, "DefaultVersionId")},
                          {"CreateDate", v.created}}}};
  }
  throw errors::no_such_entity("Policy " + arn + " version " + version + " does not exist.");
}

// --- DeletePolicy ----------------------------------------------------------------------------
json::object Iam::delete_policy(aws::Call&, json::object& in) {
  std::string arn = svc::str(in, "PolicyArn");
  const Policy& p = policy_or_throw(arn);
  if (p.aws_managed) {
    throw aws::ApiError("AccessDenied", 403,
                        "You are not authorized to delete the AWS managed policy " + arn + ".");
  }
  if (attachment_count(arn) > 0) {
    throw errors::delete_conflict("Cannot delete a policy attached to entities.");
  }
  emu_.store().erase("iam.policy", arn);
  policies_.erase(arn);
  return {};
}

}  // namespace hpl::iam
