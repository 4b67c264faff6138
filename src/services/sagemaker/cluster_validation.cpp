// What CreateCluster checks beyond the shapes: the EKS orchestrator, the VPC, the roles and
// the instance groups. The real service's exact wording is not published for most of these;
// docs/compatibility.md lists the messages that are ours.
#include "catalog/eks_addons.hpp"
#include "catalog/instance_types.hpp"
#include "catalog/kubernetes.hpp"
#include "catalog/mig.hpp"
#include "services/common.hpp"
#include "services/ec2/ec2.hpp"
#include "services/eks/eks.hpp"
#include "services/emulator.hpp"
#include "services/iam/iam.hpp"
#include "services/sagemaker/errors.hpp"
#include "services/sagemaker/sagemaker.hpp"
#include "services/sagemaker/validation.hpp"

#include <algorithm>
#include <set>

namespace hpl::sagemaker {

namespace json = boost::json;

// The EKS cluster must exist, be ACTIVE, run a version HyperPod supports and accept access
// entries (authentication mode API or API_AND_CONFIG_MAP). Returns its VPC id.
static std::string validate_eks(Emulator& emu, const json::object& eks) {
  std::string arn = svc::str(eks, "ClusterArn");
  const eks::Cluster* cluster = emu.eks().find_cluster_by_arn(arn);
  if (!cluster) throw errors::validation("EKS cluster " + arn + " does not exist.");
  const json::object& doc = cluster->doc;
  std::string status = svc::str(doc, "status");
  if (status != "ACTIVE") {
    throw errors::validation("EKS cluster " + arn + " is in " + status +
                             " state. The cluster must be ACTIVE.");
  }
  std::string version = svc::str(doc, "version");
  if (!catalog::hyperpod_supports(version)) {
    throw errors::validation("Kubernetes version " + version + " of EKS cluster " + arn +
                             " is not supported. Supported versions: 1.28 to 1.33.");
  }
  std::string mode = svc::str(doc.at("accessConfig").as_object(), "authenticationMode");
  if (mode != "API" && mode != "API_AND_CONFIG_MAP") {
    throw errors::validation("EKS cluster " + arn + " uses authentication mode " + mode +
                             ". HyperPod requires API or API_AND_CONFIG_MAP.");
  }
  // HyperPod needs the Amazon VPC CNI at 1.18.3 or later.
  std::string cni = cluster->vpc_cni_version();
  if (cni.empty() || catalog::compare_versions(cni, "v1.18.3") < 0) {
    throw errors::validation("EKS cluster " + arn + " runs vpc-cni " +
                             (cni.empty() ? std::string("(not installed)") : cni) +
                             ". HyperPod requires the Amazon VPC CNI add-on v1.18.3 or later.");
  }
  return svc::str(doc.at("resourcesVpcConfig").as_object(), "vpcId");
}

// A nvidia.com/mig.config label must name a layout the group's GPUs have.
static void validate_mig(const json::object& g) {
  const auto* k8s = svc::opt_object(g, "KubernetesConfig");
  const auto* labels = k8s ? svc::opt_object(*k8s, "Labels") : nullptr;
  if (!labels) return;
  auto it = labels->find("nvidia.com/mig.config");
  if (it == labels->end() || !it->value().is_string()) return;
  std::string layout(it->value().as_string());
  std::string name = svc::str(g, "InstanceGroupName");
  std::string type = svc::str(g, "InstanceType");
  auto layouts = catalog::mig_layouts(type);
  if (layouts.empty()) {
    throw errors::validation("Instance group " + name + ": instance type " + type +
                             " does not support GPU partitioning (nvidia.com/mig.config).");
  }
  if (!catalog::is_mig_layout(type, layout)) {
    std::string valid;
    for (const auto& l : layouts) valid += (valid.empty() ? "" : ", ") + l;
    throw errors::validation("Instance group " + name + ": MIG configuration " + layout +
                             " is not available on " + type + ". Valid configurations: " + valid +
                             ", and mixed-<count>-<profile>-... combinations that fit one GPU.");
  }
}

// Subnets and security groups must exist; with EKS they must be in the EKS cluster's VPC.
static void validate_vpc(Emulator& emu, const std::string& region, const json::object& vpc,
                         const std::string& eks_vpc, std::string_view where) {
  for (const auto& id : svc::strings(vpc, "Subnets")) {
    const json::object* subnet = emu.ec2().find_subnet(region, id);
    if (!subnet) {
      throw errors::validation(std::string(where) + ": subnet " + id + " does not exist.");
    }
    if (!eks_vpc.empty() && svc::str(*subnet, "VpcId") != eks_vpc) {
      throw errors::validation(std::string(where) + ": subnet " + id +
                               " is not in the EKS cluster's VPC " + eks_vpc + ".");
    }
  }
  for (const auto& id : svc::strings(vpc, "SecurityGroupIds")) {
    const json::object* group = emu.ec2().find_group(region, id);
    if (!group) {
      throw errors::validation(std::string(where) + ": security group " + id + " does not exist.");
    }
    if (!eks_vpc.empty() && svc::str(*group, "VpcId") != eks_vpc) {
      throw errors::validation(std::string(where) + ": security group " + id +
                               " is not in the EKS cluster's VPC " + eks_vpc + ".");
    }
  }
}

void validate_instance_group(Emulator& emu, const std::string& region, const json::object& g,
                             bool continuous, const std::string& eks_vpc) {
  std::string name = svc::str(g, "InstanceGroupName");
  std::string type = svc::str(g, "InstanceType");
  if (!type.empty() && !catalog::find_instance_type(type)) {
    throw errors::validation("Instance type " + type + " of instance group " + name +
                             " is not supported by SageMaker HyperPod.");
  }
  std::string role_arn = svc::str(g, "ExecutionRole");
  const iam::Role* role = emu.iam().find_role_by_arn(role_arn);
  if (!role || !iam::Iam::trusts_service(*role, "sagemaker.amazonaws.com")) {
    throw errors::validation("Execution role " + role_arn + " of instance group " + name +
                             " does not exist or does not trust sagemaker.amazonaws.com.");
  }
  auto count = svc::opt_int(g, "InstanceCount").value_or(0);
  if (auto min = svc::opt_int(g, "MinInstanceCount")) {
    if (!continuous) {
      throw errors::validation("MinInstanceCount of instance group " + name +
                               " requires NodeProvisioningMode Continuous.");
    }
    if (*min > count) {
      throw errors::validation(
          "MinInstanceCount (" + std::to_string(*min) + ") of instance group " + name +
          " cannot be greater than InstanceCount (" + std::to_string(count) + ").");
    }
  }
  if (const auto* cap = svc::opt_object(g, "CapacityRequirements")) {
    if (cap->contains("Spot") && cap->contains("OnDemand")) {
      throw errors::validation("CapacityRequirements of instance group " + name +
                               " must specify either Spot or OnDemand, not both.");
    }
    if (cap->contains("Spot") && !continuous) {
      throw errors::validation("Spot capacity for instance group " + name +
                               " requires NodeProvisioningMode Continuous.");
    }
  }
  validate_mig(g);
  if (const auto* o = svc::opt_object(g, "OverrideVpcConfig")) {
    validate_vpc(emu, region, *o, eks_vpc, "OverrideVpcConfig of instance group " + name);
  }
}

void SageMaker::validate_create(aws::Call& call, const json::object& in) {
  std::string cluster_name = svc::str(in, "ClusterName");
  if (clusters_.count(call.region + "/" + cluster_name)) {
    throw errors::resource_in_use("Resource Already Exists: Cluster with name " + cluster_name +
                                  " already exists. Choose a different name.");
  }
  std::string eks_vpc;
  const json::object* orchestrator = svc::opt_object(in, "Orchestrator");
  if (orchestrator && orchestrator->size() != 1) {
    throw errors::validation("Orchestrator must specify exactly one of Eks or Slurm.");
  }
  const json::object* eks = orchestrator ? svc::opt_object(*orchestrator, "Eks") : nullptr;
  if (eks) eks_vpc = validate_eks(emu_, *eks);
  bool continuous = svc::str(in, "NodeProvisioningMode") == "Continuous";
  if (continuous && !eks) {
    throw errors::validation(
        "NodeProvisioningMode Continuous is only supported for clusters "
        "orchestrated by Amazon EKS.");
  }
  if (const auto* autoscaling = svc::opt_object(in, "AutoScaling")) {
    if (svc::str(*autoscaling, "Mode") == "Enable") {
      if (!continuous) {
        throw errors::validation("AutoScaling requires NodeProvisioningMode Continuous.");
      }
      if (!in.contains("ClusterRole")) {
        throw errors::validation("AutoScaling requires a ClusterRole.");
      }
      if (svc::str(in, "NodeRecovery") != "Automatic") {
        throw errors::validation("AutoScaling requires NodeRecovery Automatic.");
      }
    }
  }
  if (auto role_arn = svc::opt_str(in, "ClusterRole")) {
    const iam::Role* role = emu_.iam().find_role_by_arn(*role_arn);
    if (!role || !iam::Iam::trusts_service(*role, "hyperpod.sagemaker.amazonaws.com")) {
      throw errors::validation("ClusterRole " + *role_arn +
                               " does not exist or does not trust "
                               "hyperpod.sagemaker.amazonaws.com.");
    }
  }
  if (const auto* vpc = svc::opt_object(in, "VpcConfig")) {
    validate_vpc(emu_, call.region, *vpc, eks_vpc, "VpcConfig");
  } else if (eks) {
    throw errors::validation("VpcConfig is required for clusters orchestrated by Amazon EKS.");
  }
  std::set<std::string> names;
  for (const char* list : {"InstanceGroups", "RestrictedInstanceGroups"}) {
    const auto* groups = svc::opt_array(in, list);
    if (!groups) continue;
    for (const auto& g : *groups) {
      std::string name = svc::str(g.as_object(), "InstanceGroupName");
      if (!names.insert(name).second) {
        throw errors::validation("Instance group names must be unique; " + name +
                                 " is used more than once.");
      }
      validate_instance_group(emu_, call.region, g.as_object(), continuous, eks_vpc);
    }
  }
  check_quotas(call, in);
}

}  // namespace hpl::sagemaker
