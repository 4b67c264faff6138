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
// back and is InService again: a new group to 0 instances, an existing one to the counts it
// had when last InService (scale-down terminates unhealthy nodes first, then the newest).
void SageMaker::start_min_count_deadline(Cluster& c, InstanceGroup& g, std::int64_t now) {
  if (!c.continuous() || !g.spec.contains("MinInstanceCount")) return;
  g.min_count_deadline = now + kMinCountDeadline;
  arm_min_count_deadline(c, g);
}

void SageMaker::arm_min_count_deadline(const Cluster& c, const InstanceGroup& g) {
  if (g.min_count_deadline == 0 || (g.status != "Creating" && g.status != "Updating")) return;
  std::string key = key_of(c), group = g.name();
  std::int64_t deadline = g.min_count_deadline;
  emu_.scheduler().at(deadline, [this, key, group, deadline] {
    auto it = clusters_.find(key);
    if (it == clusters_.end()) return;
    Cluster& cluster = it->second;
    auto g = std::find_if(cluster.groups.begin(), cluster.groups.end(),
                          [&](const InstanceGroup& x) { return x.name() == group; });
    // A newer minimum restarted the deadline, or the group got there in time.
    if (g == cluster.groups.end() || g->min_count_deadline != deadline) return;
    if (g->status != "Creating" && g->status != "Updating") return;
    roll_back_to_last_in_service(cluster, *g, emu_.clock().now());
  });
}

void SageMaker::roll_back_to_last_in_service(Cluster& c, InstanceGroup& g, std::int64_t now) {
  std::int64_t target = svc::opt_int(g.last_in_service, "InstanceCount").value_or(0);
  std::int64_t min = svc::opt_int(g.last_in_service, "MinInstanceCount").value_or(0);
  record(
      c, EventResource::InstanceGroup, EventLevel::Warn, g.name(), nullptr,
      "InstanceGroup " + g.name() +
          " did not reach its minimum capacity within 3 hours; rollback initiated",
      json::object{{"InstanceGroupScaling",
                    json::object{{"TargetCount", target},
                                 {"MinCount", svc::opt_int(g.spec, "MinInstanceCount").value_or(0)},
                                 {"FailureMessage", "Minimum capacity not reached"}}}});
  g.spec["InstanceCount"] = target;
  g.spec["MinInstanceCount"] = min;
  g.min_count_deadline = 0;
  scale_group(c, g, now);
  g.status = "InService";
  touch(c);
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
