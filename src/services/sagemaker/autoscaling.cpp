// Karpenter autoscaling (AutoScaling.Mode=Enable): the autoscaler is set up after the cluster
// (Status Creating -> InService), then demand (pending pods' accelerators, set through the
// admin API) scales its instance groups up and down within their bounds, as Karpenter does
// with BatchAddClusterNodes and BatchDeleteClusterNodes.
#include "catalog/instance_types.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/sagemaker.hpp"
#include "sim/durations.hpp"

#include <stdexcept>

namespace hpl::sagemaker {

namespace json = boost::json;
namespace dur = sim::durations;

constexpr std::int64_t kAutoscalerSetup = 5 * dur::kMinute;
constexpr std::int64_t kMaxGroupSize = 6758;  // the model's ClusterInstanceCount maximum

static bool autoscaling_enabled(const Cluster& c) {
  const auto* as = svc::opt_object(c.spec, "AutoScaling");
  return as && svc::str(*as, "Mode") == "Enable";
}

// Arms the autoscaler's move to InService (or away) after a create or update changed it.
void SageMaker::schedule_autoscaler(Cluster& c, std::int64_t now) {
  auto* as = c.spec.if_contains("AutoScaling");
  if (!as || !as->is_object()) return;
  auto& o = as->as_object();
  bool enable = svc::str(o, "Mode") == "Enable";
  o["Status"] = enable ? "Creating" : "Deleting";
  std::string key = key_of(c);
  emu_.scheduler().at(now + kAutoscalerSetup, [this, key, enable] {
    auto it = clusters_.find(key);
    if (it == clusters_.end()) return;
    Cluster& cluster = it->second;
    auto* status = cluster.spec.if_contains("AutoScaling");
    if (!status || !status->is_object()) return;
    if (enable) {
      status->as_object()["Status"] = "InService";
      record(cluster, EventResource::Cluster, EventLevel::Info, "", nullptr,
             "Karpenter autoscaling installed on Cluster " + cluster.name);
    } else {
      cluster.spec.erase("AutoScaling");
    }
    touch(cluster);
  });
}

json::object SageMaker::set_demand(const json::object& request) {
  std::string region = svc::str(request, "region", emu_.config().default_region);
  const Cluster* found = find_cluster(region, svc::str(request, "cluster"));
  if (!found) throw std::invalid_argument("no cluster " + svc::str(request, "cluster"));
  Cluster& c = clusters_.at(key_of(*found));
  if (!autoscaling_enabled(c)) {
    throw std::invalid_argument("cluster " + c.name + " does not have autoscaling enabled");
  }
  std::string group_name = svc::str(request, "instanceGroup");
  auto g = std::find_if(c.groups.begin(), c.groups.end(),
                        [&](const InstanceGroup& x) { return x.name() == group_name; });
  if (g == c.groups.end()) throw std::invalid_argument("no instance group " + group_name);
  // Karpenter sizes the group for the pending accelerators (or pods, on CPU types).
  const auto* type = catalog::find_instance_type(svc::str(g->spec, "InstanceType"));
  std::int64_t per_node = type && type->accelerators > 0 ? type->accelerators : 1;
  std::int64_t pending = svc::opt_int(request, "pendingAccelerators")
                             .value_or(svc::opt_int(request, "pendingPods").value_or(0));
  std::int64_t wanted = (pending + per_node - 1) / per_node;
  std::int64_t floor = svc::opt_int(g->spec, "MinInstanceCount").value_or(0);
  std::int64_t ceiling = svc::opt_int(request, "maxNodes").value_or(kMaxGroupSize);
  wanted = std::clamp(wanted, floor, ceiling);
  std::int64_t before = g->target_count();
  g->spec["InstanceCount"] = wanted;
  std::int64_t now = emu_.clock().now();
  scale_group(c, *g, now);
  record(c, EventResource::InstanceGroup, EventLevel::Info, g->name(), nullptr,
         "Karpenter scaled instance group " + g->name() + " from " + std::to_string(before) +
             " to " + std::to_string(wanted) + " instances",
         json::object{{"InstanceGroupScaling",
                       json::object{{"InstanceCount", before}, {"TargetCount", wanted}}}});
  touch(c);
  return {{"cluster", c.name}, {"instanceGroup", g->name()}, {"from", before}, {"to", wanted}};
}

}  // namespace hpl::sagemaker
