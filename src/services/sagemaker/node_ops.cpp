// HyperPod node operations: ListClusterNodes and DescribeClusterNode.
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/errors.hpp"
#include "services/sagemaker/listing.hpp"
#include "services/sagemaker/sagemaker.hpp"

namespace hpl::sagemaker {

namespace json = boost::json;

static std::string dns_hostname(const Cluster& c, const Node& n) {
  std::string host = "ip-" + n.private_ip;
  std::replace(host.begin(), host.end(), '.', '-');
  return host + "." + c.region + ".compute.internal";
}

static json::object status_view(const Node& n) {
  json::object out{{"Status", status_name(n.phase)}};
  if (!n.message.empty()) out["Message"] = n.message;
  return out;
}

json::object SageMaker::node_summary(const Cluster& c, const Node& n) const {
  json::object out{{"InstanceGroupName", n.group},
                   {"InstanceId", n.instance_id},
                   {"InstanceType", n.instance_type},
                   {"LaunchTime", aws::epoch_seconds(n.launch_time)},
                   {"InstanceStatus", status_view(n)}};
  if (!n.logical_id.empty()) out["NodeLogicalId"] = n.logical_id;
  if (!n.private_ip.empty()) out["PrivateDnsHostname"] = dns_hostname(c, n);
  if (n.last_software_update) {
    out["LastSoftwareUpdateTime"] = aws::epoch_seconds(n.last_software_update);
  }
  return out;
}

json::object SageMaker::node_details(const Cluster& c, const Node& n) const {
  json::object out = node_summary(c, n);
  out["CapacityType"] = n.spot ? "Spot" : "OnDemand";
  if (!n.private_ip.empty()) out["PrivatePrimaryIp"] = n.private_ip;
  if (!n.availability_zone.empty()) {
    out["Placement"] = json::object{{"AvailabilityZone", n.availability_zone},
                                    {"AvailabilityZoneId", n.availability_zone_id}};
  }
  if (const InstanceGroup* g = c.group(n.group)) {
    for (const char* member :
         {"LifeCycleConfig", "ThreadsPerCore", "InstanceStorageConfigs", "OverrideVpcConfig"}) {
      if (auto it = g->spec.find(member); it != g->spec.end()) out[member] = it->value();
    }
    json::object k8s = group_view(c, *g).if_contains("KubernetesConfig")
                           ? group_view(c, *g).at("KubernetesConfig").as_object()
                           : json::object{};
    if (!k8s.empty()) out["KubernetesConfig"] = std::move(k8s);
  }
  return out;
}

// --- ListClusterNodes ------------------------------------------------------------------------
json::object SageMaker::list_cluster_nodes(aws::Call& call, json::object& in) {
  const Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  std::string group_contains = svc::str(in, "InstanceGroupNameContains");
  std::vector<ListRow> rows;
  for (const auto& [id, n] : c.nodes) {
    if (n.group.find(group_contains) == std::string::npos) continue;
    if (!in_window(in, "CreationTime", n.launch_time)) continue;
    rows.push_back({id, n.launch_time, node_summary(c, n)});
  }
  json::object out;
  out["ClusterNodeSummaries"] = page(rows, in, out);
  return out;
}

// --- DescribeClusterNode ---------------------------------------------------------------------
json::object SageMaker::describe_cluster_node(aws::Call& call, json::object& in) {
  const Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  auto node_id = svc::opt_str(in, "NodeId");
  auto logical_id = svc::opt_str(in, "NodeLogicalId");
  if (node_id && logical_id) {
    throw errors::validation("Specify either NodeId or NodeLogicalId, not both.");
  }
  if (!node_id && !logical_id) {
    throw errors::validation("Either NodeId or NodeLogicalId must be specified.");
  }
  // A logical id names the live instance; a replaced one shutting down keeps it for a while.
  const Node* found = nullptr;
  for (const auto& [id, n] : c.nodes) {
    if ((node_id && id == *node_id) || (logical_id && n.logical_id == *logical_id)) {
      if (!found || found->phase == NodePhase::ShuttingDown) found = &n;
    }
  }
  if (found) return {{"NodeDetails", node_details(c, *found)}};
  throw errors::resource_not_found("Could not find node '" + (node_id ? *node_id : *logical_id) +
                                   "' in cluster '" + c.name + "'.");
}

}  // namespace hpl::sagemaker
