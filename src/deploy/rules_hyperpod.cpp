// Stack rules for the HyperPod cluster: what CreateCluster checks beyond the shapes (MIG
// layouts per instance type, continuous provisioning for spot, MinInstanceCount and
// autoscaling, roles that trust SageMaker) and what the stack can tell before anything exists
// (lifecycle scripts that are really in the uploaded folder).
#include "catalog/instance_types.hpp"
#include "catalog/mig.hpp"
#include "deploy/requests.hpp"
#include "deploy/rules.hpp"
#include "deploy/rules_util.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace hpl::deploy {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

struct GroupContext {
  const Stack& stack;
  const json::object& group;
  const Node* node;  // the group's YAML
  std::string path;
  bool continuous;
  Findings& findings;
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

void check_mig(const GroupContext& g) {
  const json::object* k8s = obj(g.group, "KubernetesConfig");
  const json::object* labels = k8s ? obj(*k8s, "Labels") : nullptr;
  if (!labels || !labels->contains("nvidia.com/mig.config")) return;
  std::string layout = str(*labels, "nvidia.com/mig.config");
  std::string type = str(g.group, "InstanceType");
  const Node* at = find(g.node, {"KubernetesConfig", "Labels", "nvidia.com/mig.config"});
  std::string path = g.path + ".KubernetesConfig.Labels[\"nvidia.com/mig.config\"]";
  auto layouts = catalog::mig_layouts(type);
  if (layouts.empty()) {
    g.findings.error(mark_of(at), path, type + " does not support GPU partitioning (MIG)",
                     "MIG runs on ml.p4d, ml.p4de, ml.p5.48xlarge, ml.p5e, ml.p5en and "
                     "ml.p6-b200; remove the label or change the instance type");
    return;
  }
  if (catalog::is_mig_layout(type, layout)) return;
  auto near = closest(layout, layouts);
  g.findings.error(
      mark_of(at), path, "MIG layout '" + layout + "' does not exist on " + type + "'s GPUs",
      (near.empty() ? std::string() : "did you mean '" + near + "'? ") + "layouts for " + type +
          ": " + join(layouts) + ", and mixed-<count>-<profile>-... combinations that fit one GPU");
}

void check_counts(const GroupContext& g) {
  auto count =
      g.group.contains("InstanceCount") ? g.group.at("InstanceCount").to_number<double>() : 0;
  if (g.group.contains("MinInstanceCount")) {
    const Node* at = find(g.node, {"MinInstanceCount"});
    if (!g.continuous) {
      g.findings.error(mark_of(at), g.path + ".MinInstanceCount",
                       "MinInstanceCount needs continuous provisioning",
                       "set NodeProvisioningMode: Continuous on the cluster");
    }
    if (g.group.at("MinInstanceCount").to_number<double>() > count) {
      g.findings.error(mark_of(at), g.path + ".MinInstanceCount",
                       "MinInstanceCount is larger than InstanceCount",
                       "make it at most InstanceCount");
    }
  }
  if (const json::object* cap = obj(g.group, "CapacityRequirements")) {
    // At the key: its value is a map that starts on the next line.
    const Entry* at = g.node && g.node->is_map() ? g.node->entry("CapacityRequirements") : nullptr;
    if (cap->contains("Spot") && !g.continuous) {
      g.findings.error(at ? at->key_mark : Mark{}, g.path + ".CapacityRequirements",
                       "spot instance groups need continuous provisioning",
                       "set NodeProvisioningMode: Continuous on the cluster");
    }
  }
}

void check_health_checks(const GroupContext& g) {
  const json::array* checks = arr(g.group, "OnStartDeepHealthChecks");
  if (!checks || checks->empty()) return;
  const Node* at = find(g.node, {"OnStartDeepHealthChecks"});
  std::string type = str(g.group, "InstanceType");
  const auto* info = catalog::find_instance_type(type);
  if (info && !info->deep_health_checks) {
    g.findings.warning(mark_of(at), g.path + ".OnStartDeepHealthChecks",
                       "deep health checks run on GPU and Trainium instances only; HyperPod "
                       "skips them on " +
                           type);
  }
  bool connectivity = std::any_of(checks->begin(), checks->end(), [](const json::value& v) {
    return v.is_string() && v.as_string() == "InstanceConnectivity";
  });
  auto count =
      g.group.contains("InstanceCount") ? g.group.at("InstanceCount").to_number<double>() : 0;
  if (connectivity && count < 2) {
    g.findings.warning(mark_of(at), g.path + ".OnStartDeepHealthChecks",
                       "InstanceConnectivity tests the network between nodes and needs at "
                       "least two");
  }
  if (const json::object* k8s = obj(g.group, "KubernetesConfig"); k8s && k8s->contains("Taints")) {
    g.findings.warning(mark_of(find(g.node, {"KubernetesConfig", "Taints"})),
                       g.path + ".KubernetesConfig.Taints",
                       "HyperPod advises against custom taints on groups with deep health "
                       "checks: the checks' pods do not tolerate them");
  }
}

void check_role(const GroupContext& g, std::string_view member, std::string_view service) {
  const Node* at = find(g.node, {member});
  std::string key = referenced_role(at);
  const RoleSpec* role = g.stack.role(key);
  if (!role || trusts(*role, service)) return;
  g.findings.error(mark_of(at), g.path + "." + std::string(member),
                   "role " + key + " does not trust " + std::string(service),
                   "add " + std::string(service) + " to iam.roles." + key + ".trustedServices");
}

void check_lifecycle_config(const GroupContext& g) {
  const Node* uri = find(g.node, {"LifeCycleConfig", "SourceS3Uri"});
  const auto& lifecycle = g.stack.lifecycle;
  if (!uri || !lifecycle || uri->text.find("${lifecycle.s3Uri}") == std::string::npos) return;
  std::error_code ec;
  if (!fs::is_directory(lifecycle->source_dir, ec)) return;  // reported with the folder
  for (const char* member : {"OnCreate", "OnInitComplete"}) {
    const Node* script = find(g.node, {"LifeCycleConfig", member});
    if (!script || !script->is_scalar()) continue;
    if (fs::is_regular_file(fs::path(lifecycle->source_dir) / script->text, ec)) continue;
    g.findings.error(
        script->mark, g.path + ".LifeCycleConfig." + member,
        "'" + script->text + "' is not in the lifecycle scripts folder " + lifecycle->source_dir,
        "HyperPod fails every node whose script is missing; add the file or fix "
        "the name");
  }
}

void check_groups(const Stack& stack, const json::object& request, bool continuous,
                  Findings& findings) {
  const Node* cluster = stack.hyperpod->cluster;
  std::set<std::string> names;
  for (const char* list : {"InstanceGroups", "RestrictedInstanceGroups"}) {
    const json::array* groups = arr(request, list);
    const Node* nodes = find(cluster, {list});
    if (!groups || !nodes || nodes->items.size() != groups->size()) continue;
    for (size_t i = 0; i < groups->size(); ++i) {
      GroupContext g{stack,
                     groups->at(i).as_object(),
                     &nodes->items[i],
                     "hyperpod.cluster." + std::string(list) + "[" + std::to_string(i) + "]",
                     continuous,
                     findings};
      std::string name = str(g.group, "InstanceGroupName");
      if (!names.insert(name).second) {
        findings.error(mark_of(find(g.node, {"InstanceGroupName"})), g.path + ".InstanceGroupName",
                       "instance group name '" + name + "' is used twice",
                       "names must be unique across InstanceGroups and "
                       "RestrictedInstanceGroups");
      }
      check_mig(g);
      check_counts(g);
      check_health_checks(g);
      check_role(g, "ExecutionRole", "sagemaker.amazonaws.com");
      check_lifecycle_config(g);
    }
  }
}

void check_autoscaling(const Stack& stack, const json::object& request, bool continuous,
                       Findings& findings) {
  const Node* cluster = stack.hyperpod->cluster;
  const json::object* autoscaling = obj(request, "AutoScaling");
  if (autoscaling && str(*autoscaling, "Mode") == "Enable") {
    const Node* at = find(cluster, {"AutoScaling", "Mode"});
    std::string path = "hyperpod.cluster.AutoScaling.Mode";
    if (!continuous) {
      findings.error(mark_of(at), path, "autoscaling needs continuous provisioning",
                     "set NodeProvisioningMode: Continuous");
    }
    if (!request.contains("ClusterRole")) {
      findings.error(mark_of(at), path, "autoscaling needs a ClusterRole",
                     "add ClusterRole: a role trusted by hyperpod.sagemaker.amazonaws.com that "
                     "may call sagemaker:BatchAddClusterNodes and BatchDeleteClusterNodes");
    }
    if (str(request, "NodeRecovery") != "Automatic") {
      findings.error(mark_of(at), path, "autoscaling needs automatic node recovery",
                     "set NodeRecovery: Automatic");
    }
  }
  std::string key = referenced_role(find(cluster, {"ClusterRole"}));
  if (const RoleSpec* role = stack.role(key);
      role && !trusts(*role, "hyperpod.sagemaker.amazonaws.com")) {
    findings.error(mark_of(find(cluster, {"ClusterRole"})), "hyperpod.cluster.ClusterRole",
                   "role " + key + " does not trust hyperpod.sagemaker.amazonaws.com",
                   "add hyperpod.sagemaker.amazonaws.com to iam.roles." + key + ".trustedServices");
  }
}

void check_cluster_level(const Stack& stack, const json::object& request, Findings& findings) {
  const Node* cluster = stack.hyperpod->cluster;
  const json::object* orchestrator = obj(request, "Orchestrator");
  if (!orchestrator || !orchestrator->contains("Eks")) {
    findings.error(mark_of(find(cluster, {"Orchestrator"}, true)), "hyperpod.cluster.Orchestrator",
                   "a HyperPod cluster on EKS needs Orchestrator.Eks.ClusterArn",
                   "add Orchestrator: {Eks: {ClusterArn: ${eks.arn}}}");
  } else if (!request.contains("VpcConfig")) {
    findings.error(cluster->mark, "hyperpod.cluster.VpcConfig",
                   "a HyperPod cluster on EKS needs a VpcConfig in the EKS cluster's VPC",
                   "add VpcConfig: {Subnets: ${network.subnetIds}, SecurityGroupIds: "
                   "${network.securityGroupIds}}");
  }
  if (const Node* name = find(cluster, {"ClusterName"});
      name && name->text.find("${") != std::string::npos) {
    findings.error(name->mark, "hyperpod.cluster.ClusterName",
                   "the cluster name must be written out",
                   "hpctl finds the cluster again by this name");
  }
  const Node* tags = find(cluster, {"Tags"});
  for (const auto& t : tags && tags->is_sequence() ? tags->items : std::vector<Node>{}) {
    const Node* key = t.find("Key");
    if (key && (key->text.rfind("aws:", 0) == 0 || key->text.rfind("hpctl:", 0) == 0)) {
      findings.error(key->mark, "hyperpod.cluster.Tags",
                     "tag keys starting with aws: or hpctl: are reserved");
    }
  }
}

}  // namespace

void check_hyperpod(const Stack& stack, const json::object& request, Findings& findings) {
  bool continuous = str(request, "NodeProvisioningMode") == "Continuous";
  check_cluster_level(stack, request, findings);
  check_groups(stack, request, continuous, findings);
  check_autoscaling(stack, request, continuous, findings);
}

}  // namespace hpl::deploy
