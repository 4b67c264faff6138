// Stack rules for the EKS cluster and its add-ons: what HyperPod needs from them (a supported
// Kubernetes version, API authentication, the VPC CNI at v1.18.3 or later) and what EKS
// itself checks (a known version, subnets in two zones, add-on versions per Kubernetes
// version).
#include "catalog/eks_addons.hpp"
#include "catalog/kubernetes.hpp"
#include "deploy/requests.hpp"
#include "deploy/rules.hpp"
#include "deploy/rules_util.hpp"

#include <algorithm>

namespace hpl::deploy {

namespace json = boost::json;

namespace {

std::string version_list() {
  std::string out;
  for (const auto& v : catalog::eks_versions())
    out += (out.empty() ? "" : ", ") + std::string(v.version);
  return out;
}

std::string hyperpod_versions() {
  std::string first, last;
  for (const auto& v : catalog::eks_versions()) {
    if (!catalog::hyperpod_supports(v.version)) continue;
    if (first.empty()) first = v.version;
    last = v.version;
  }
  return first + " to " + last;
}

void check_version(const Stack& stack, const json::object& request, Findings& findings) {
  const Node* cluster = stack.eks->cluster;
  const Node* at = cluster->find("version");
  std::string version = str(request, "version");
  bool hyperpod = hyperpod_uses_stack_eks(stack);
  if (version.empty()) {
    version = std::string(catalog::default_eks_version());
    if (hyperpod && !catalog::hyperpod_supports(version)) {
      findings.error(cluster->mark, "eks.cluster.version",
                     "no Kubernetes version given: EKS would create " + version +
                         ", which HyperPod does not support",
                     "add version: '" + std::string(kRecommendedVersion) + "'");
    }
    return;
  }
  if (!catalog::find_eks_version(version)) {
    std::vector<std::string> known;
    for (const auto& v : catalog::eks_versions()) known.emplace_back(v.version);
    auto near = closest(version, known);
    findings.error(mark_of(at), "eks.cluster.version",
                   "unsupported Kubernetes version '" + version + "': EKS offers " + version_list(),
                   (near.empty() ? std::string() : "did you mean '" + near + "'? ") +
                       "HyperPod needs " + hyperpod_versions() +
                       "; quote versions ('1.30'), since YAML and JSON read 1.30 as 1.3");
    return;
  }
  if (hyperpod && !catalog::hyperpod_supports(version)) {
    findings.error(mark_of(at), "eks.cluster.version",
                   "SageMaker HyperPod does not support Kubernetes " + version +
                       ": its EKS cluster must run " + hyperpod_versions(),
                   "use version: '" + std::string(kRecommendedVersion) + "'");
  }
}

void check_access(const Stack& stack, const json::object& request, Findings& findings) {
  if (!hyperpod_uses_stack_eks(stack)) return;
  const Node* cluster = stack.eks->cluster;
  const json::object* access = obj(request, "accessConfig");
  std::string mode = access ? str(*access, "authenticationMode") : "";
  if (mode.empty()) {
    findings.error(mark_of(find(cluster, {"accessConfig"}, true)),
                   "eks.cluster.accessConfig.authenticationMode",
                   "EKS defaults to authentication mode CONFIG_MAP, which HyperPod does not "
                   "support",
                   "set accessConfig.authenticationMode: API_AND_CONFIG_MAP (or API)");
  } else if (mode == "CONFIG_MAP") {
    findings.error(mark_of(find(cluster, {"accessConfig", "authenticationMode"})),
                   "eks.cluster.accessConfig.authenticationMode",
                   "HyperPod needs authentication mode API or API_AND_CONFIG_MAP: it creates EKS "
                   "access entries for its nodes",
                   "use API_AND_CONFIG_MAP");
  }
}

void check_vpc(const Stack& stack, const json::object& request, Findings& findings) {
  const Node* cluster = stack.eks->cluster;
  const json::object* vpc = obj(request, "resourcesVpcConfig");
  const json::array* subnets = vpc ? arr(*vpc, "subnetIds") : nullptr;
  if (subnets && subnets->size() < 2) {
    findings.error(mark_of(find(cluster, {"resourcesVpcConfig", "subnetIds"})),
                   "eks.cluster.resourcesVpcConfig.subnetIds",
                   "EKS needs at least two subnets, in different availability zones",
                   "list a private subnet in each of two zones");
  }
  std::string role = referenced_role(find(cluster, {"roleArn"}));
  if (const RoleSpec* r = stack.role(role); r && !trusts(*r, "eks.amazonaws.com")) {
    findings.error(mark_of(find(cluster, {"roleArn"})), "eks.cluster.roleArn",
                   "role " + role + " does not trust eks.amazonaws.com, so EKS cannot use it",
                   "add eks.amazonaws.com to iam.roles." + role + ".trustedServices");
  }
  if (const Node* name = find(cluster, {"name"});
      name && name->text.find("${") != std::string::npos) {
    findings.error(name->mark, "eks.cluster.name", "the cluster name must be written out",
                   "hpctl finds the cluster again by this name");
  }
}

std::string compatible_versions(std::string_view addon, std::string_view kubernetes) {
  std::string out;
  for (const auto& v : catalog::addon_versions()) {
    if (v.addon == addon && catalog::compatible(v, kubernetes)) {
      out += (out.empty() ? "" : ", ") + std::string(v.version);
    }
  }
  return out.empty() ? "none" : out;
}

void check_addon(const Node& node, const std::string& path, const json::object& request,
                 std::string_view kubernetes, Findings& findings) {
  std::string name = str(request, "addonName");
  std::string version = str(request, "addonVersion");
  auto names = catalog::addon_names();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    findings.warning(mark_of(node.find("addonName")), path + ".addonName",
                     "hpctl does not know the add-on '" + name + "'; EKS will check it");
    return;
  }
  const Node* at = node.find("addonVersion");
  const catalog::AddonVersion* v = nullptr;
  if (version.empty()) {
    v = catalog::default_addon_version(name, kubernetes);
  } else if (!(v = catalog::find_addon_version(name, version))) {
    findings.error(mark_of(at), path + ".addonVersion",
                   "'" + version + "' is not a version of " + name,
                   "versions for Kubernetes " + std::string(kubernetes) + ": " +
                       compatible_versions(name, kubernetes));
    return;
  } else if (!catalog::compatible(*v, kubernetes)) {
    findings.error(mark_of(at), path + ".addonVersion",
                   name + " " + version + " does not run on Kubernetes " + std::string(kubernetes),
                   "versions for Kubernetes " + std::string(kubernetes) + ": " +
                       compatible_versions(name, kubernetes));
    return;
  }
  if (name == "vpc-cni" && v && catalog::compare_versions(v->version, kMinVpcCni) < 0) {
    findings.error(mark_of(at ? at : &node), path + ".addonVersion",
                   "HyperPod needs the Amazon VPC CNI " + std::string(kMinVpcCni) +
                       " or later; this is " + std::string(v->version),
                   "use one of: " + compatible_versions(name, kubernetes));
  }
}

}  // namespace

void check_eks(const Stack& stack, const json::object& request, Findings& findings) {
  check_version(stack, request, findings);
  check_access(stack, request, findings);
  check_vpc(stack, request, findings);
}

void check_addons(const Stack& stack, const std::vector<Request>& addons, Findings& findings) {
  const Node* version_node = find(stack.eks->cluster, {"version"});
  std::string kubernetes = version_node && version_node->is_scalar()
                               ? version_node->text
                               : std::string(catalog::default_eks_version());
  if (!catalog::find_eks_version(kubernetes)) return;  // reported by check_version
  std::vector<std::string> seen;
  bool has_cni = false;
  for (size_t i = 0; i < addons.size(); ++i) {
    if (!addons[i]) continue;
    const Node& node = stack.eks->addons->items[i];
    std::string path = "eks.addons[" + std::to_string(i) + "]";
    std::string name = str(*addons[i], "addonName");
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      findings.error(mark_of(node.find("addonName")), path + ".addonName",
                     "add-on " + name + " is listed twice");
    }
    seen.push_back(name);
    has_cni = has_cni || name == "vpc-cni";
    check_addon(node, path, *addons[i], kubernetes, findings);
  }
  if (has_cni || !hyperpod_uses_stack_eks(stack)) return;
  // Without a managed add-on, the cluster runs the self-managed CNI EKS installs at creation.
  const auto* v = catalog::default_addon_version("vpc-cni", kubernetes);
  if (!v || catalog::compare_versions(v->version, kMinVpcCni) < 0) {
    findings.error(stack.eks->node->mark, "eks.addons",
                   "HyperPod needs the Amazon VPC CNI " + std::string(kMinVpcCni) +
                       " or later, and EKS installs an older one for Kubernetes " + kubernetes,
                   "add the vpc-cni add-on: {addonName: vpc-cni, addonVersion: " +
                       compatible_versions("vpc-cni", kubernetes) + "}");
  }
}

}  // namespace hpl::deploy
