// Timed group-level behaviour: the three-hour MinInstanceCount deadline of continuous
// provisioning, and labels and taints reaching the nodes after an update.
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/sagemaker.hpp"
#include "sim/durations.hpp"

namespace hpl::sagemaker {

namespace json = boost::json;
namespace dur = sim::durations;

constexpr std::int64_t kMinCountDeadline = 3 * 60 * dur::kMinute;
constexpr std::int64_t kLabelSync = 1 * dur::kMinute;

// A group that has not reached its MinInstanceCount three hours after it was asked for rolls
// back: a new group to 0 instances (unhealthy ones terminated first), and is InService again.
// TODO: an existing group should return to its last InService counts instead of 0.
void SageMaker::schedule_min_count_deadline(Cluster& c, const InstanceGroup& g, std::int64_t now) {
  if (!c.continuous() || !g.spec.contains("MinInstanceCount")) return;
  std::string key = key_of(c), group = g.name();
  emu_.scheduler().at(now + kMinCountDeadline, [this, key, group] {
    auto it = clusters_.find(key);
    if (it == clusters_.end()) return;
    Cluster& cluster = it->second;
    auto g = std::find_if(cluster.groups.begin(), cluster.groups.end(),
                          [&](const InstanceGroup& x) { return x.name() == group; });
    if (g == cluster.groups.end() || g->status != "Creating") return;
    std::int64_t now = emu_.clock().now();
    record(cluster, EventResource::InstanceGroup, EventLevel::Warn, group, nullptr,
           "InstanceGroup " + group +
               " did not reach its minimum capacity within 3 hours; "
               "rollback initiated",
           json::object{
               {"InstanceGroupScaling",
                json::object{{"TargetCount", 0},
                             {"MinCount", svc::opt_int(g->spec, "MinInstanceCount").value_or(0)},
                             {"FailureMessage", "Minimum capacity not reached"}}}});
    g->spec["InstanceCount"] = 0;
    g->spec["MinInstanceCount"] = 0;
    scale_group(cluster, *g, now);
    g->status = "InService";
    touch(cluster);
  });
}

// Desired labels and taints reach the nodes shortly after an update asks for them.
void SageMaker::schedule_label_sync(Cluster& c, const std::string& group, std::int64_t now) {
  std::string key = key_of(c);
  emu_.scheduler().at(now + kLabelSync, [this, key, group] {
    auto it = clusters_.find(key);
    if (it == clusters_.end()) return;
    for (auto& g : it->second.groups) {
      if (g.name() != group) continue;
      const auto* desired = svc::opt_object(g.spec, "KubernetesConfig");
      g.current_kubernetes = desired ? *desired : json::object{};
      record(it->second, EventResource::InstanceGroup, EventLevel::Info, group, nullptr,
             "Kubernetes labels and taints of InstanceGroup " + group + " updated on its nodes");
    }
    touch(it->second);
  });
}

}  // namespace hpl::sagemaker
