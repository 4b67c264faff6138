#include "deploy/rules.hpp"

#include "aws/cidr.hpp"
#include "catalog/regions.hpp"
#include "deploy/requests.hpp"
#include "model/model.hpp"
#include "model/validator.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>

namespace hpl::deploy {

namespace json = boost::json;
namespace fs = std::filesystem;

void check_eks(const Stack& stack, const json::object& request, Findings& findings);
void check_addons(const Stack& stack, const std::vector<Request>& addons, Findings& findings);
void check_hyperpod(const Stack& stack, const json::object& request, Findings& findings);

namespace {

Mark mark_of(const Node* n) {
  return n ? n->mark : Mark{};
}

// Runs the model's constraints over a request built from one of hpctl's own sections, whose
// keys are the request members in lowerCamel case (roleName for RoleName).
void check_own_section(std::string_view service, std::string_view operation,
                       const json::object& request, const Node* node, const std::string& path,
                       Findings& findings) {
  const auto* op = model::ServiceModel::get(service).operation(operation);
  json::object copy = request;  // the validator drops unknown members from what it checks
  for (const auto& f : model::validate(*op->input, copy)) {
    std::string key = f.path.substr(0, f.path.find('.'));
    const Node* at = node && node->is_map() ? node->find(key) : nullptr;
    std::string constraint = f.constraint;
    if (constraint.rfind("Member must", 0) == 0) constraint = "must" + constraint.substr(11);
    findings.error(mark_of(at ? at : node), path + "." + key, "'" + f.value + "' " + constraint,
                   "the API would answer: " + model::validation_message({f}));
  }
}

void check_roles(const Stack& stack, ConvertContext& ctx) {
  for (const auto& role : stack.roles) {
    std::string path = "iam.roles." + role.key;
    json::object trust = role_trust_policy(role, ctx);
    json::object create{{"RoleName", role.role_name},
                        {"Path", role.path},
                        {"AssumeRolePolicyDocument", json::serialize(trust)}};
    if (!role.description.empty()) create["Description"] = role.description;
    if (role.max_session_duration) create["MaxSessionDuration"] = *role.max_session_duration;
    if (!role.role_name.empty()) {
      check_own_section("iam", "CreateRole", create, role.node, path, ctx.findings);
    }
    for (const auto& service : role.trusted_services) {
      if (service.size() < 14 || service.compare(service.size() - 14, 14, ".amazonaws.com")) {
        ctx.findings.warning(mark_of(role.node->find("trustedServices")), path + ".trustedServices",
                             "'" + service + "' does not look like an AWS service principal",
                             "service principals end in .amazonaws.com, e.g. "
                             "sagemaker.amazonaws.com");
      }
    }
    auto arns = role_managed_policies(role, ctx);
    for (size_t i = 0; i < arns.size() && i < role.managed_policy_arns.size(); ++i) {
      json::object attach{{"RoleName", role.role_name.empty() ? "x" : role.role_name},
                          {"PolicyArn", arns[i]}};
      check_own_section("iam", "AttachRolePolicy", attach, role.managed_policy_arns[i],
                        path + ".managedPolicyArns[" + std::to_string(i) + "]", ctx.findings);
    }
    for (const auto& [name, doc] : role.inline_policies) {
      std::string p = path + ".inlinePolicies." + name;
      json::object put{{"RoleName", role.role_name.empty() ? "x" : role.role_name},
                       {"PolicyName", name},
                       {"PolicyDocument", json::serialize(policy_document(*doc, p, ctx))}};
      check_own_section("iam", "PutRolePolicy", put, doc, p, ctx.findings);
    }
  }
}

void check_policies(const Stack& stack, ConvertContext& ctx) {
  for (const auto& p : stack.policies) {
    std::string path = "iam.policies." + p.key;
    if (!p.document || p.policy_name.empty()) continue;
    json::object create{
        {"PolicyName", p.policy_name},
        {"Path", p.path},
        {"PolicyDocument", json::serialize(policy_document(*p.document, path + ".document", ctx))}};
    check_own_section("iam", "CreatePolicy", create, p.node, path, ctx.findings);
  }
}

void check_subnets(const Stack& stack, const NetworkSpec& n, const aws::Cidr& vpc,
                   Findings& findings) {
  auto zones = catalog::availability_zones(stack.region.empty() ? "us-east-1" : stack.region);
  std::vector<std::string> zone_names, used_zones;
  for (const auto& z : zones) zone_names.push_back(z.name);
  std::vector<aws::Cidr> blocks;
  for (size_t i = 0; i < n.subnets.size(); ++i) {
    const auto& s = n.subnets[i];
    std::string path = "network.vpc.subnets[" + std::to_string(i) + "]";
    const Node* az = s.node->find("availabilityZone");
    const Node* cidr_node = s.node->find("cidrBlock");
    if (!s.availability_zone.empty() && !stack.region.empty() &&
        std::find(zone_names.begin(), zone_names.end(), s.availability_zone) == zone_names.end()) {
      auto near = closest(s.availability_zone, zone_names);
      findings.error(mark_of(az), path + ".availabilityZone",
                     "'" + s.availability_zone + "' is not an availability zone of " + stack.region,
                     near.empty() ? "use one of the region's zones, e.g. " + zone_names[0]
                                  : "did you mean '" + near + "'?");
    }
    used_zones.push_back(s.availability_zone);
    auto block = aws::parse_cidr(s.cidr_block);
    if (!block) {
      if (!s.cidr_block.empty()) {
        findings.error(mark_of(cidr_node), path + ".cidrBlock",
                       "'" + s.cidr_block + "' is not an IPv4 CIDR block",
                       "write it as a network address and prefix, e.g. 10.0.1.0/24");
      }
      continue;
    }
    if (!vpc.contains(*block)) {
      findings.error(mark_of(cidr_node), path + ".cidrBlock",
                     s.cidr_block + " is not inside the VPC's " + vpc.to_string());
    }
    for (const auto& other : blocks) {
      if (other.overlaps(*block)) {
        findings.error(mark_of(cidr_node), path + ".cidrBlock",
                       s.cidr_block + " overlaps another subnet's " + other.to_string());
      }
    }
    if (block->prefix > 28 || block->prefix < 16) {
      findings.error(mark_of(cidr_node), path + ".cidrBlock",
                     "a subnet's prefix must be between /16 and /28");
    }
    blocks.push_back(*block);
  }
  std::sort(used_zones.begin(), used_zones.end());
  used_zones.erase(std::unique(used_zones.begin(), used_zones.end()), used_zones.end());
  if (used_zones.size() < 2) {
    findings.error(mark_of(n.node->find("vpc")), "network.vpc.subnets",
                   "EKS needs subnets in at least two availability zones",
                   "add a private subnet in a second zone of " +
                       (stack.region.empty() ? std::string("the region") : stack.region));
  }
}

// Each id of an existing-resource list, reported at the item that is wrong.
void check_ids(const Node* list, const std::string& path, const re2::RE2& pattern,
               const std::string& what, const std::string& hint, Findings& findings) {
  if (!list || !list->is_sequence()) return;
  for (size_t i = 0; i < list->items.size(); ++i) {
    const Node& item = list->items[i];
    if (!item.is_scalar() || re2::RE2::FullMatch(item.text, pattern)) continue;
    findings.error(item.mark, path + "[" + std::to_string(i) + "]",
                   "'" + item.text + "' is not " + what, hint);
  }
}

void check_network(const Stack& stack, Findings& findings) {
  if (!stack.network) return;
  const auto& n = *stack.network;
  if (!n.create) {
    static const re2::RE2 subnet("subnet-[0-9a-f]{8}([0-9a-f]{9})?");
    static const re2::RE2 group("sg-[0-9a-f]{8}([0-9a-f]{9})?");
    check_ids(n.node->find("subnetIds"), "network.subnetIds", subnet, "a subnet id",
              "subnet ids look like subnet-0123456789abcdef0", findings);
    check_ids(n.node->find("securityGroupIds"), "network.securityGroupIds", group,
              "a security group id", "security group ids look like sg-0123456789abcdef0", findings);
    return;
  }
  const Node* vpc_node = n.node->find("vpc");
  auto vpc = aws::parse_cidr(n.vpc_cidr);
  if (!vpc) {
    if (!n.vpc_cidr.empty()) {
      findings.error(mark_of(vpc_node->find("cidrBlock")), "network.vpc.cidrBlock",
                     "'" + n.vpc_cidr + "' is not an IPv4 CIDR block", "e.g. 10.0.0.0/16");
    }
    return;
  }
  if (vpc->prefix < 16 || vpc->prefix > 28) {
    findings.error(mark_of(vpc_node->find("cidrBlock")), "network.vpc.cidrBlock",
                   "a VPC's prefix must be between /16 and /28");
  }
  check_subnets(stack, n, *vpc, findings);
}

void check_bucket_name(const LifecycleSpec& l, Findings& findings) {
  static const re2::RE2 name("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  const Node* at = l.node->find("bucket");
  if (!re2::RE2::FullMatch(l.bucket, name) || l.bucket.find("..") != std::string::npos) {
    findings.error(mark_of(at), "lifecycleScripts.bucket",
                   "'" + l.bucket + "' is not a valid S3 bucket name",
                   "3-63 characters: lowercase letters, digits, dots and hyphens, starting and "
                   "ending with a letter or digit");
  } else if (l.bucket.rfind("sagemaker-", 0) != 0) {
    findings.warning(mark_of(at), "lifecycleScripts.bucket",
                     "HyperPod nodes read lifecycle scripts with the execution role, and "
                     "AmazonSageMakerClusterInstanceRolePolicy only allows buckets named "
                     "sagemaker-*",
                     "name the bucket sagemaker-..., or give the execution role an inline "
                     "policy allowing s3:ListBucket and s3:GetObject on it");
  }
}

void check_lifecycle(const Stack& stack, Findings& findings) {
  if (!stack.lifecycle) return;
  const auto& l = *stack.lifecycle;
  if (!l.bucket.empty()) check_bucket_name(l, findings);
  if (l.source.empty()) return;
  std::error_code ec;
  if (!fs::is_directory(l.source_dir, ec)) {
    findings.error(mark_of(l.node->find("source")), "lifecycleScripts.source",
                   "the folder " + l.source_dir + " does not exist",
                   "source is relative to the stack file's folder");
    return;
  }
  bool any = false;
  for (const auto& e : fs::recursive_directory_iterator(l.source_dir, ec)) {
    any = any || e.is_regular_file();
  }
  if (!any) {
    findings.error(mark_of(l.node->find("source")), "lifecycleScripts.source",
                   "the folder " + l.source_dir + " holds no files",
                   "put at least the OnCreate script (e.g. on_create.sh) in it");
  }
}

}  // namespace

void validate_stack(const Stack& stack, Findings& findings) {
  if (stack.name.empty()) return;  // the file could not be read as a stack at all
  static const re2::RE2 stack_name("[a-zA-Z][a-zA-Z0-9-]{0,62}");
  if (!re2::RE2::FullMatch(stack.name, stack_name)) {
    findings.error(mark_of(stack.doc.root.find("stack")), "stack",
                   "'" + stack.name + "' is not a valid stack name",
                   "1-63 letters, digits and hyphens, starting with a letter");
  }
  References refs = References::placeholders(stack);
  Resolver resolve = refs.resolver();
  ConvertContext ctx{resolve, findings};
  check_roles(stack, ctx);
  check_policies(stack, ctx);
  check_network(stack, findings);
  check_lifecycle(stack, findings);
  Request eks = eks_cluster_request(stack, ctx, true);
  if (eks) check_eks(stack, *eks, findings);
  auto addons = eks_addon_requests(stack, ctx, true);
  if (eks) check_addons(stack, addons, findings);
  Request hyperpod = hyperpod_request(stack, ctx, true);
  if (hyperpod) check_hyperpod(stack, *hyperpod, findings);
  findings.sort();
}

}  // namespace hpl::deploy
