// EKS cluster operations.
#include "aws/arn.hpp"
#include "catalog/eks_addons.hpp"
#include "catalog/kubernetes.hpp"
#include "services/common.hpp"
#include "services/ec2/ec2.hpp"
#include "services/eks/eks.hpp"
#include "services/eks/errors.hpp"
#include "services/emulator.hpp"
#include "services/iam/iam.hpp"
#include "sim/durations.hpp"

#include <re2/re2.h>

#include <set>

namespace hpl::eks {

namespace json = boost::json;

static const std::vector<std::string> kLogTypes = {"api", "audit", "authenticator",
                                                   "controllerManager", "scheduler"};

// The five control-plane log types, split into the enabled and the disabled ones.
static json::object logging_view(const json::object& in) {
  std::set<std::string> enabled;
  if (const auto* logging = svc::opt_object(in, "logging")) {
    if (const auto* entries = svc::opt_array(*logging, "clusterLogging")) {
      for (const auto& e : *entries) {
        const auto& eo = e.as_object();
        bool on = svc::opt_bool(eo, "enabled").value_or(false);
        for (const auto& t : svc::strings(eo, "types")) {
          if (on)
            enabled.insert(t);
          else
            enabled.erase(t);
        }
      }
    }
  }
  json::array on, off;
  for (const auto& t : kLogTypes) (enabled.count(t) ? on : off).emplace_back(t);
  json::array groups;
  if (!on.empty()) groups.push_back(json::object{{"types", on}, {"enabled", true}});
  if (!off.empty()) groups.push_back(json::object{{"types", off}, {"enabled", false}});
  return {{"clusterLogging", std::move(groups)}};
}

static void check_name(const std::string& cluster_name) {
  static const re2::RE2 pattern("[0-9A-Za-z][A-Za-z0-9\\-_]*");
  if (cluster_name.size() > 100 || !re2::RE2::FullMatch(cluster_name, pattern)) {
    throw errors::invalid_parameter(
        "The cluster name must be 1-100 characters, start with a letter or digit, and contain "
        "only letters, digits, hyphens and underscores.",
        cluster_name);
  }
}

// --- CreateCluster ---------------------------------------------------------------------------
json::object Eks::create_cluster(aws::Call& call, json::object& in) {
  std::string cluster_name = svc::str(in, "name");
  check_name(cluster_name);
  if (find_cluster(call.region, cluster_name)) {
    throw errors::resource_in_use("Cluster already exists with name: " + cluster_name,
                                  cluster_name);
  }
  std::string version = svc::str(in, "version", catalog::default_eks_version());
  const catalog::KubernetesVersion* k8s = catalog::find_eks_version(version);
  if (!k8s) {
    throw errors::invalid_parameter("unsupported Kubernetes version " + version, cluster_name);
  }
  std::string role_arn = svc::str(in, "roleArn");
  const iam::Role* role = emu_.iam().find_role_by_arn(role_arn);
  if (!role || !iam::Iam::trusts_service(*role, "eks.amazonaws.com")) {
    throw errors::invalid_parameter("Role with arn: " + role_arn +
                                        ", could not be assumed because it does not exist or the "
                                        "trusted entity is not correct",
                                    cluster_name);
  }
  json::object vpc = svc::opt_object(in, "resourcesVpcConfig")
                         ? in.at("resourcesVpcConfig").as_object()
                         : json::object{};
  validate_vpc(call, cluster_name, vpc);

  json::object access{{"authenticationMode", "CONFIG_MAP"},
                      {"bootstrapClusterCreatorAdminPermissions", true}};
  if (const auto* a = svc::opt_object(in, "accessConfig")) {
    for (const auto& [k, v] : *a) access[k] = v;
  }
  if (svc::str(access, "authenticationMode") == "CONFIG_MAP" &&
      !access.at("bootstrapClusterCreatorAdminPermissions").as_bool()) {
    throw errors::invalid_parameter(
        "bootstrapClusterCreatorAdminPermissions must be true if cluster authentication mode is "
        "set to CONFIG_MAP",
        cluster_name);
  }

  std::string vpc_id = svc::str(vpc, "vpcId");
  std::string cluster_sg = emu_.ec2().create_service_group(
      call.region, vpc_id,
      "eks-cluster-sg-" + cluster_name + "-" + std::to_string(emu_.ids().below(1u << 30)),
      "EKS created security group applied to ENI that is attached to EKS Control Plane master "
      "nodes, as well as any managed workloads.");
  // The service range avoids the VPC's own: 172.20.0.0/16 when the VPC is in 10.0.0.0/8.
  const json::object* vpc_doc = emu_.ec2().find_vpc(call.region, vpc_id);
  std::string vpc_cidr = vpc_doc ? svc::str(*vpc_doc, "CidrBlock") : "";
  std::string service_cidr = vpc_cidr.rfind("10.", 0) == 0 ? "172.20.0.0/16" : "10.100.0.0/16";

  json::object vpc_view{
      {"subnetIds", vpc.contains("subnetIds") ? vpc.at("subnetIds") : json::array{}},
      {"securityGroupIds",
       vpc.contains("securityGroupIds") ? vpc.at("securityGroupIds") : json::array{}},
      {"clusterSecurityGroupId", cluster_sg},
      {"vpcId", vpc_id},
      {"endpointPublicAccess", svc::opt_bool(vpc, "endpointPublicAccess").value_or(true)},
      {"endpointPrivateAccess", svc::opt_bool(vpc, "endpointPrivateAccess").value_or(false)},
      {"publicAccessCidrs",
       vpc.contains("publicAccessCidrs") ? vpc.at("publicAccessCidrs") : json::array{"0.0.0.0/0"}}};
  Cluster c;
  c.region = call.region;
  c.due = call.now + sim::durations::kEksCreate;
  c.doc = {
      {"name", cluster_name},
      {"arn", "arn:aws:eks:" + call.region + ":" + call.account_id + ":cluster/" + cluster_name},
      {"createdAt", aws::epoch_seconds(call.now)},
      {"version", version},
      {"roleArn", role_arn},
      {"resourcesVpcConfig", std::move(vpc_view)},
      {"kubernetesNetworkConfig",
       json::object{{"serviceIpv4Cidr", service_cidr},
                    {"ipFamily", "ipv4"},
                    {"elasticLoadBalancing", json::object{{"enabled", false}}}}},
      {"logging", logging_view(in)},
      {"status", "CREATING"},
      {"certificateAuthority", json::object{}},
      {"platformVersion", k8s->platform},
      {"tags", svc::opt_object(in, "tags") ? in.at("tags") : json::object{}},
      {"accessConfig", std::move(access)},
      {"upgradePolicy", json::object{{"supportType", "EXTENDED"}}},
      {"health", json::object{{"issues", json::array{}}}}};
  if (auto token = svc::opt_str(in, "clientRequestToken")) c.doc["clientRequestToken"] = *token;
  // Unless told not to, EKS installs vpc-cni, kube-proxy and coredns itself, at the default
  // versions for the cluster's Kubernetes version (self-managed, not managed add-ons).
  if (svc::opt_bool(in, "bootstrapSelfManagedAddons").value_or(true)) {
    for (const char* addon : {"vpc-cni", "kube-proxy", "coredns"}) {
      if (const auto* v = catalog::default_addon_version(addon, version)) {
        c.self_managed[addon] = std::string(v->version);
      }
    }
  }
  if (const auto* enc = svc::opt_array(in, "encryptionConfig")) c.doc["encryptionConfig"] = *enc;
  save(c);
  std::string key = call.region + "/" + cluster_name;
  clusters_[key] = c;
  schedule(clusters_[key]);
  return {{"cluster", c.doc}};
}

Cluster& Eks::cluster_or_throw(aws::Call& call, const std::string& cluster_name) {
  auto it = clusters_.find(call.region + "/" + cluster_name);
  if (it == clusters_.end()) throw errors::cluster_not_found(cluster_name);
  return it->second;
}

// --- DescribeCluster -------------------------------------------------------------------------
json::object Eks::describe_cluster(aws::Call& call, json::object& in) {
  return {{"cluster", cluster_or_throw(call, svc::str(in, "name")).doc}};
}

// --- ListClusters ----------------------------------------------------------------------------
json::object Eks::list_clusters(aws::Call& call, json::object& in) {
  auto max_results = svc::opt_int(in, "maxResults").value_or(100);
  if (max_results < 1 || max_results > 100) {
    throw errors::invalid_parameter("maxResults must be between 1 and 100");
  }
  std::string prefix = call.region + "/";
  std::string start = prefix;
  if (auto token = svc::opt_str(in, "nextToken")) {
    start =
        prefix + svc::page_position(*token, errors::invalid_parameter("The nextToken is invalid."));
  }
  json::array names;
  std::string next;
  for (auto it = clusters_.lower_bound(start); it != clusters_.end(); ++it) {
    if (it->first.rfind(prefix, 0) != 0) break;
    if (static_cast<std::int64_t>(names.size()) == max_results) {
      next = it->first.substr(prefix.size());
      break;
    }
    names.emplace_back(it->first.substr(prefix.size()));
  }
  json::object out{{"clusters", std::move(names)}};
  if (!next.empty()) out["nextToken"] = svc::page_token(next);
  return out;
}

// --- DeleteCluster ---------------------------------------------------------------------------
json::object Eks::delete_cluster(aws::Call& call, json::object& in) {
  std::string cluster_name = svc::str(in, "name");
  Cluster& c = cluster_or_throw(call, cluster_name);
  std::string status = svc::str(c.doc, "status");
  if (status == "CREATING" || status == "UPDATING") {
    throw errors::resource_in_use("Cluster has status " + status + ". Cannot delete.",
                                  cluster_name);
  }
  if (status != "DELETING") {
    c.doc["status"] = "DELETING";
    c.due = call.now + sim::durations::kEksDelete;
    save(c);
    schedule(c);
  }
  return {{"cluster", c.doc}};
}

}  // namespace hpl::eks
