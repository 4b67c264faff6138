// UpdateCluster: scale instance groups, add and delete groups, change node recovery. A classic
// cluster is Updating until its nodes settle; under continuous provisioning it stays
// InService while the groups scale.
#include "services/common.hpp"
#include "services/eks/eks.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/errors.hpp"
#include "services/sagemaker/sagemaker.hpp"
#include "services/sagemaker/validation.hpp"
#include "sim/durations.hpp"

#include <algorithm>

namespace hpl::sagemaker {

namespace json = boost::json;

// Members of an existing group that UpdateCluster cannot change.
static const char* const kImmutableGroupMembers[] = {
    "InstanceType", "ExecutionRole", "ThreadsPerCore", "OverrideVpcConfig", "CapacityRequirements"};

static std::string eks_vpc_of(Emulator& emu, const Cluster& c) {
  const auto* orchestrator = svc::opt_object(c.spec, "Orchestrator");
  const auto* eks = orchestrator ? svc::opt_object(*orchestrator, "Eks") : nullptr;
  if (!eks) return "";
  const eks::Cluster* cluster = emu.eks().find_cluster_by_arn(svc::str(*eks, "ClusterArn"));
  return cluster ? svc::str(cluster->doc.at("resourcesVpcConfig").as_object(), "vpcId") : "";
}

static void check_immutable(const InstanceGroup& existing, const json::object& wanted) {
  for (const char* member : kImmutableGroupMembers) {
    auto a = existing.spec.find(member);
    auto b = wanted.find(member);
    bool same = (a == existing.spec.end()) == (b == wanted.end()) &&
                (a == existing.spec.end() || a->value() == b->value());
    if (!same) {
      throw errors::validation("The " + std::string(member) + " of instance group " +
                               existing.name() + " cannot be changed.");
    }
  }
}

// Nodes of a group that are not on their way out.
static std::vector<Node*> live_nodes(Cluster& c, const std::string& group) {
  std::vector<Node*> out;
  for (auto& [_, n] : c.nodes) {
    if (n.group == group && n.phase != NodePhase::ShuttingDown) out.push_back(&n);
  }
  return out;
}

// Brings a group's live node count to its InstanceCount: launches the missing nodes, or shuts
// down the surplus (nodes that are not running first, then the newest).
void SageMaker::scale_group(Cluster& c, const InstanceGroup& g, std::int64_t now) {
  auto live = live_nodes(c, g.name());
  std::int64_t have = static_cast<std::int64_t>(live.size());
  for (std::int64_t i = have; i < g.target_count(); ++i) {
    launch_node(c, g, now, static_cast<int>(c.launches));
  }
  if (have <= g.target_count()) return;
  std::stable_sort(live.begin(), live.end(), [](const Node* a, const Node* b) {
    bool ra = a->phase == NodePhase::Running, rb = b->phase == NodePhase::Running;
    return ra != rb ? !ra : a->launch_time > b->launch_time;
  });
  for (std::int64_t i = 0; i < have - g.target_count(); ++i) {
    Node& n = *live[static_cast<size_t>(i)];
    n.phase = NodePhase::ShuttingDown;
    n.due = now + sim::durations::kNodeShutdown;
    save_node(c, n);
    schedule_node(c, n);
  }
}

// --- UpdateCluster ---------------------------------------------------------------------------
json::object SageMaker::update_cluster(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  if (c.status != "InService") {
    throw errors::conflict("Cluster " + c.name + " is in " + c.status +
                           " status. It can be updated only when it is InService.");
  }
  for (const auto& [_, n] : c.nodes) {
    if (n.phase == NodePhase::DeepHealthCheck) {
      throw errors::conflict("Cluster " + c.name +
                             " cannot be updated while deep health checks "
                             "are in progress.");
    }
  }
  if (const auto* o = svc::opt_object(in, "Orchestrator")) {
    if (json::value(*o) != c.spec["Orchestrator"]) {
      throw errors::validation("The Orchestrator of a cluster cannot be changed.");
    }
  }
  auto to_delete = svc::strings(in, "InstanceGroupsToDelete");
  // TODO: UpdateCluster's RestrictedInstanceGroups (scaling a restricted group) is ignored.
  const json::array* wanted = svc::opt_array(in, "InstanceGroups");
  std::string eks_vpc = eks_vpc_of(emu_, c);
  if (wanted) {
    for (const auto& w : *wanted) {
      const auto& wo = w.as_object();
      std::string name = svc::str(wo, "InstanceGroupName");
      if (std::find(to_delete.begin(), to_delete.end(), name) != to_delete.end()) {
        throw errors::validation("Instance group " + name + " cannot be both updated and deleted.");
      }
      if (const InstanceGroup* existing = c.group(name)) check_immutable(*existing, wo);
      validate_instance_group(emu_, c.region, wo, c.continuous(), eks_vpc);
    }
  }
  for (const auto& name : to_delete) {
    if (!c.group(name)) {
      throw errors::validation("Instance group " + name + " does not exist in cluster " + c.name +
                               ".");
    }
  }
  std::size_t remaining = 0;
  for (const auto& g : c.groups) {
    remaining += std::find(to_delete.begin(), to_delete.end(), g.name()) == to_delete.end();
  }
  if (remaining == 0 && (!wanted || wanted->empty()) && !c.continuous()) {
    throw errors::validation("A cluster must keep at least one instance group.");
  }

  // The quota counts what the cluster will hold beyond what it holds now.
  json::object delta{{"InstanceGroups", json::array{}}};
  if (wanted) {
    for (const auto& w : *wanted) {
      json::object d = w.as_object();
      const InstanceGroup* existing = c.group(svc::str(d, "InstanceGroupName"));
      d["InstanceCount"] =
          svc::opt_int(d, "InstanceCount").value_or(0) - (existing ? existing->target_count() : 0);
      delta["InstanceGroups"].as_array().push_back(std::move(d));
    }
  }
  check_quotas(call, delta);

  if (!c.continuous()) {
    c.update_started = call.now;
    c.groups_before_update.clear();
    for (const auto& g : c.groups) {
      c.groups_before_update.push_back(group_to_json(g));
    }
  }
  for (const char* member : {"NodeRecovery", "TieredStorageConfig", "ClusterRole", "AutoScaling",
                             "NodeProvisioningMode"}) {
    if (auto it = in.find(member); it != in.end()) c.spec[member] = it->value();
  }
  if (in.contains("AutoScaling")) schedule_autoscaler(c, call.now);
  for (const auto& name : to_delete) {
    for (auto& g : c.groups) {
      if (g.name() != name) continue;
      g.status = "Deleting";
      g.spec["InstanceCount"] = 0;
      scale_group(c, g, call.now);
    }
  }
  if (wanted) {
    for (const auto& w : *wanted) {
      const auto& wo = w.as_object();
      std::string name = svc::str(wo, "InstanceGroupName");
      auto it = std::find_if(c.groups.begin(), c.groups.end(),
                             [&](const InstanceGroup& g) { return g.name() == name; });
      if (it == c.groups.end()) {
        InstanceGroup fresh{wo, "Creating"};
        if (const auto* k8s = svc::opt_object(wo, "KubernetesConfig"))
          fresh.current_kubernetes = *k8s;
        c.groups.push_back(std::move(fresh));
        it = std::prev(c.groups.end());
        start_min_count_deadline(c, *it, call.now);
      } else {
        auto member = [](const json::object& o, std::string_view key) {
          auto found = o.find(key);
          return found == o.end() ? json::value() : found->value();
        };
        bool relabel = member(it->spec, "KubernetesConfig") != member(wo, "KubernetesConfig");
        bool new_minimum = member(it->spec, "MinInstanceCount") != member(wo, "MinInstanceCount");
        it->spec = wo;
        if (!c.continuous()) {
          it->status = "Updating";
        } else if (new_minimum && wo.contains("MinInstanceCount")) {
          // A new minimum holds the group Updating until it is reached, and restarts the
          // three-hour deadline.
          if (it->status == "InService") it->status = "Updating";
          start_min_count_deadline(c, *it, call.now);
        }
        if (relabel) schedule_label_sync(c, name, call.now);
      }
      scale_group(c, *it, call.now);
    }
  }
  record(c, EventResource::Cluster, EventLevel::Info, "", nullptr,
         "Cluster " + c.name + " update started successfully");
  if (!c.continuous()) c.status = "Updating";
  reconcile(c);
  save_cluster(c);
  return {{"ClusterArn", c.arn}};
}

}  // namespace hpl::sagemaker
