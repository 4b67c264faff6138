// Maintenance on a running cluster: StartClusterHealthCheck (on-demand deep health checks)
// and UpdateClusterSoftware (rolling AMI patching in batches).
#include "catalog/instance_types.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/errors.hpp"
#include "services/sagemaker/sagemaker.hpp"
#include "sim/durations.hpp"

#include <cmath>

namespace hpl::sagemaker {

namespace json = boost::json;
namespace dur = sim::durations;

static bool any_node_in(const Cluster& c, NodePhase phase) {
  for (const auto& [_, n] : c.nodes) {
    if (n.phase == phase) return true;
  }
  return false;
}

// --- StartClusterHealthCheck -----------------------------------------------------------------
json::object SageMaker::start_cluster_health_check(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  if (c.status != "InService") {
    throw errors::conflict("Cluster " + c.name + " is in " + c.status +
                           " status; deep health checks need it InService.");
  }
  // Only one on-demand deep health check may run on a cluster at a time.
  if (any_node_in(c, NodePhase::DeepHealthCheck)) {
    throw errors::conflict("A deep health check is already in progress on cluster " + c.name + ".");
  }
  std::vector<std::pair<Node*, std::int64_t>> chosen;
  for (const auto& cfg : *svc::opt_array(in, "DeepHealthCheckConfigurations")) {
    const auto& co = cfg.as_object();
    std::string group = svc::str(co, "InstanceGroupName");
    const InstanceGroup* g = c.group(group);
    if (!g) {
      throw errors::validation("Instance group " + group + " does not exist in cluster " + c.name +
                               ".");
    }
    // Deep health checks exercise GPUs and Trainium chips; other types have none to run.
    const auto* type = catalog::find_instance_type(svc::str(g->spec, "InstanceType"));
    if (!type || !type->deep_health_checks) {
      throw errors::validation("Deep health checks are not supported on instance type " +
                               svc::str(g->spec, "InstanceType") + " (instance group " + group +
                               ").");
    }
    std::int64_t duration = 0;
    for (const auto& check : svc::strings(co, "DeepHealthChecks")) {
      duration += check == "InstanceStress" ? dur::kStressCheck : dur::kConnectivityCheck;
    }
    auto ids = svc::strings(co, "InstanceIds");
    for (auto& [id, n] : c.nodes) {
      bool wanted = ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end();
      if (n.group == group && wanted && n.phase == NodePhase::Running)
        chosen.push_back({&n, duration});
    }
    for (const auto& id : ids) {
      auto it = c.nodes.find(id);
      if (it == c.nodes.end() || it->second.group != group) {
        throw errors::validation("Instance " + id + " is not in instance group " + group + ".");
      }
    }
  }
  for (auto& [n, duration] : chosen) {
    n->phase = NodePhase::DeepHealthCheck;
    n->due = call.now + duration;
    record(c, EventResource::Instance, EventLevel::Info, n->group, n,
           "Deep health checks started on EC2 Instance " + n->instance_id);
    save_node(c, *n);
    schedule_node(c, *n);
  }
  touch(c);
  return {{"ClusterArn", c.arn}};
}

// --- UpdateClusterSoftware -------------------------------------------------------------------
json::object SageMaker::update_cluster_software(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  if (c.status != "InService") {
    throw errors::conflict("Cluster " + c.name + " is in " + c.status +
                           " status; a software update needs it InService.");
  }
  std::vector<std::string> groups;
  if (const auto* list = svc::opt_array(in, "InstanceGroups")) {
    for (const auto& g : *list) groups.push_back(svc::str(g.as_object(), "InstanceGroupName"));
  }
  for (const auto& g : groups) {
    if (!c.group(g)) {
      throw errors::validation("Instance group " + g + " does not exist in cluster " + c.name +
                               ".");
    }
  }
  c.patch_queue.clear();
  for (const auto& [id, n] : c.nodes) {
    bool wanted =
        groups.empty() || std::find(groups.begin(), groups.end(), n.group) != groups.end();
    if (wanted && n.phase == NodePhase::Running) c.patch_queue.push_back(id);
  }
  // MaximumBatchSize is a node count or a percentage of the nodes being patched.
  c.patch_batch = 1;
  c.patch_wait = 0;
  if (const auto* deploy = svc::opt_object(in, "DeploymentConfig")) {
    if (const auto* rolling = svc::opt_object(*deploy, "RollingUpdatePolicy")) {
      const auto& size = rolling->at("MaximumBatchSize").as_object();
      std::int64_t value = svc::opt_int(size, "Value").value_or(1);
      c.patch_batch = svc::str(size, "Type") == "CAPACITY_PERCENTAGE"
                          ? std::max<std::int64_t>(
                                1, static_cast<std::int64_t>(std::ceil(
                                       value * static_cast<double>(c.patch_queue.size()) / 100.0)))
                          : value;
    }
    c.patch_wait = svc::opt_int(*deploy, "WaitIntervalInSeconds").value_or(0) * 1000;
  }
  c.status = "SystemUpdating";
  record(c, EventResource::Cluster, EventLevel::Info, "", nullptr,
         "Cluster " + c.name + " software update started successfully");
  start_next_patch_batch(c, call.now);
  touch(c);
  return {{"ClusterArn", c.arn}};
}

// Nodes of the next batch get the new image: SystemUpdating, then Running again (the
// lifecycle scripts run again on the new root volume).
void SageMaker::start_next_patch_batch(Cluster& c, std::int64_t now) {
  std::int64_t started = 0;
  while (!c.patch_queue.empty() && started < c.patch_batch) {
    std::string id = c.patch_queue.front();
    c.patch_queue.erase(c.patch_queue.begin());
    auto it = c.nodes.find(id);
    if (it == c.nodes.end() || it->second.phase != NodePhase::Running) continue;
    Node& n = it->second;
    n.phase = NodePhase::SoftwareUpdating;
    n.due = now + dur::kNodeSoftwareUpdate;
    record(c, EventResource::Instance, EventLevel::Info, n.group, &n,
           "Software update started on EC2 Instance " + n.instance_id);
    save_node(c, n);
    schedule_node(c, n);
    ++started;
  }
}

// Between batches the cluster waits WaitIntervalInSeconds; after the last one it is
// InService again.
void SageMaker::reconcile_patching(Cluster& c) {
  if (any_node_in(c, NodePhase::SoftwareUpdating) || c.due > 0) return;
  if (c.patch_queue.empty()) {
    c.status = "InService";
    record(c, EventResource::Cluster, EventLevel::Info, "", nullptr,
           "Cluster " + c.name + " software update completed successfully");
    return;
  }
  c.due = emu_.clock().now() + c.patch_wait;
  schedule_cluster(c);
}

}  // namespace hpl::sagemaker
