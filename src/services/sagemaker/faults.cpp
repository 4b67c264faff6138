// Faults and recovery: hardware failures the health-monitoring agent finds, spot
// interruptions, stuck instances and capacity shortages, injected through the admin API; and
// what HyperPod does about them (reboot or replace under NodeRecovery=Automatic).
#include "catalog/instance_types.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/sagemaker.hpp"
#include "sim/durations.hpp"

#include <cctype>
#include <cmath>
#include <stdexcept>

namespace hpl::sagemaker {

namespace json = boost::json;
namespace dur = sim::durations;

static std::string pool_key(const std::string& region, const Node& n) {
  return region + "/" + n.availability_zone + "/" + n.instance_type + "/" +
         (n.spot ? "Spot" : "OnDemand");
}

std::optional<std::string> SageMaker::capacity_error(const Cluster& c, const Node& n) const {
  std::string key = pool_key(c.region, n);
  // A pool set by a fault wins over the configured one, which wins over the default.
  const auto& config = emu_.config();
  std::int64_t available = n.spot ? config.default_spot_pool : config.default_on_demand_pool;
  auto configured = config.capacity_pools.find(n.availability_zone + "/" + n.instance_type + "/" +
                                               (n.spot ? "Spot" : "OnDemand"));
  if (configured != config.capacity_pools.end()) available = configured->second;
  if (auto it = capacity_.find(key); it != capacity_.end()) available = it->second;
  if (available < 0) return std::nullopt;
  std::int64_t in_use = 0;
  for (const auto& [_, other] : clusters_) {
    if (other.region != c.region) continue;
    for (const auto& [id, m] : other.nodes) {
      bool holds = m.phase != NodePhase::Launching && m.phase != NodePhase::ShuttingDown &&
                   m.phase != NodePhase::Failed;
      in_use += holds && id != n.instance_id && pool_key(other.region, m) == key;
    }
  }
  if (in_use < available) return std::nullopt;
  return "We currently do not have sufficient capacity to launch new " + n.instance_type +
         " instances. Please try again.";
}

static bool has_accelerators(const std::string& type) {
  const auto* t = catalog::find_instance_type(type);
  return t && t->accelerators > 0;
}

// A fault the health-monitoring agent finds on a node: the node fails; under automatic
// recovery HyperPod reboots it (a GPU that can come back) or replaces it. Nodes without
// accelerators are not recovered automatically.
void SageMaker::node_fault(Cluster& c, Node& n, std::string_view kind, const std::string& message) {
  std::int64_t now = emu_.clock().now();
  n.phase = NodePhase::Failed;
  n.message = message;
  n.recovery = Recovery::None;
  bool automatic = svc::str(c.spec, "NodeRecovery", "Automatic") == "Automatic";
  if (automatic && has_accelerators(n.instance_type)) {
    n.recovery = kind == "gpu-failure" ? Recovery::Reboot : Recovery::Replace;
    n.due = now + dur::kRecoveryDelay;
  }
  record(
      c, EventResource::Instance, EventLevel::Error, n.group, &n,
      "Health monitoring agent detected a fault on EC2 Instance " + n.instance_id + ": " + message);
  save_node(c, n);
  schedule_node(c, n);
  // A classic creation or update that loses a node for good cannot finish: it rolls back.
  bool in_operation = c.status == "Creating" || c.status == "Updating";
  if (in_operation && !c.continuous() && n.recovery == Recovery::None) start_rollback(c, n);
  touch(c);
}

void SageMaker::reboot_node(Cluster& c, Node& n, std::int64_t now) {
  n.phase = NodePhase::Rebooting;
  n.recovery = Recovery::None;
  n.stuck = false;
  n.message.clear();
  n.due = now + dur::kNodeReboot;
  record(
      c, EventResource::Instance, EventLevel::Info, n.group, &n,
      "Rebooting EC2 Instance " + n.instance_id + " in Cluster " + c.name + " and IG " + n.group);
  save_node(c, n);
  schedule_node(c, n);
}

// The old instance is terminated and a new one, with a new instance id, takes its place in
// the same group (and keeps its logical id).
void SageMaker::replace_node(Cluster& c, Node& n, std::int64_t now) {
  n.phase = NodePhase::ShuttingDown;
  n.recovery = Recovery::None;
  n.due = now + dur::kNodeShutdown;
  save_node(c, n);
  schedule_node(c, n);
  const InstanceGroup* g = c.group(n.group);
  if (!g) return;
  std::string logical = n.logical_id;
  std::string old_id = n.instance_id;
  Node& fresh = launch_node(c, *g, now, static_cast<int>(c.launches));
  if (!logical.empty()) fresh.logical_id = logical;
  save_node(c, fresh);
  record(c, EventResource::Instance, EventLevel::Info, fresh.group, &fresh,
         "Replacing EC2 Instance " + old_id + " with " + fresh.instance_id + " in Cluster " +
             c.name + " and IG " + fresh.group);
}

// A running Spot instance may be interrupted at any time; the draw comes from the seeded
// generator, so a run is reproducible.
void SageMaker::maybe_plan_spot_interruption(Node& n, std::int64_t now) {
  double rate = emu_.config().spot_interruptions_per_hour;
  if (!n.spot || rate <= 0 || emu_.clock().mode() == sim::ClockMode::Instant) return;
  double u = (static_cast<double>(emu_.ids().next() >> 11) + 0.5) / 9007199254740992.0;
  double hours = -std::log(u) / rate;
  n.recovery = Recovery::SpotNotice;
  n.due = now + static_cast<std::int64_t>(hours * 60 * dur::kMinute);
}

void SageMaker::recover(Cluster& c, Node& n) {
  std::int64_t now = emu_.clock().now();
  switch (n.recovery) {
    case Recovery::SpotNotice:
      n.recovery = Recovery::SpotTerminate;
      n.due = now + dur::kSpotNotice;
      n.message = "Spot instance interruption notice: the instance will be terminated in 2 minutes";
      record(c, EventResource::Instance, EventLevel::Warn, n.group, &n,
             "Spot interruption notice received for EC2 Instance " + n.instance_id);
      save_node(c, n);
      schedule_node(c, n);
      return;
    case Recovery::Reboot:
      return reboot_node(c, n, now);
    case Recovery::Replace:
    case Recovery::SpotTerminate:
      return replace_node(c, n, now);
    case Recovery::Terminate:
      n.phase = NodePhase::ShuttingDown;
      n.recovery = Recovery::None;
      n.due = now + dur::kNodeShutdown;
      save_node(c, n);
      schedule_node(c, n);
      return;
    case Recovery::None:
      return;
  }
}

static std::string required(const json::object& request, std::string_view key) {
  std::string value = svc::str(request, key);
  if (value.empty()) throw std::invalid_argument("the fault needs \"" + std::string(key) + "\"");
  return value;
}

json::object SageMaker::inject_fault(const json::object& request) {
  std::string type = required(request, "type");
  std::string region = svc::str(request, "region", emu_.config().default_region);
  std::int64_t now = emu_.clock().now();
  if (type == "capacity") {
    // Sets how many instances of a type one zone can hold (0: none left). The zone names its
    // region ("us-west-2a" is in us-west-2) unless "region" says otherwise.
    std::string zone = required(request, "availabilityZone");
    std::string instance_type = required(request, "instanceType");
    std::string capacity_type = svc::str(request, "capacityType", "OnDemand");
    if (!catalog::find_instance_type(instance_type)) {
      throw std::invalid_argument(instance_type + " is not a HyperPod instance type");
    }
    if (capacity_type != "OnDemand" && capacity_type != "Spot") {
      throw std::invalid_argument("capacityType must be OnDemand or Spot");
    }
    if (zone.size() < 2 || zone.back() < 'a' || zone.back() > 'z' ||
        !std::isdigit(static_cast<unsigned char>(zone[zone.size() - 2]))) {
      throw std::invalid_argument("availabilityZone must be a zone name such as us-west-2a");
    }
    if (!request.contains("region")) region = zone.substr(0, zone.size() - 1);
    auto available_in = svc::opt_int(request, "available");
    if (!available_in || *available_in < 0) {
      throw std::invalid_argument("the capacity fault needs \"available\", 0 or more");
    }
    std::int64_t available = *available_in;
    std::string key = region + "/" + zone + "/" + instance_type + "/" + capacity_type;
    capacity_[key] = available;
    emu_.store().put("sagemaker.capacity", key, json::object{{"available", available}});
    return {{"type", type}, {"pool", key}, {"available", available}};
  }
  const Cluster* found = find_cluster(region, required(request, "cluster"));
  if (!found) throw std::invalid_argument("no cluster " + svc::str(request, "cluster"));
  Cluster& c = clusters_.at(key_of(*found));
  std::string node_id = required(request, "nodeId");
  auto it = c.nodes.find(node_id);
  if (it == c.nodes.end()) throw std::invalid_argument("no node " + node_id + " in " + c.name);
  Node& n = it->second;
  if (type == "gpu-failure" || type == "nvlink-failure" || type == "efa-failure" ||
      type == "health-check-failure") {
    static const std::map<std::string, std::string> messages = {
        {"gpu-failure",
         "GPU hardware failure detected (NVIDIA XID 79: GPU has fallen off the bus)"},
        {"nvlink-failure", "NVLink failure detected (NVIDIA XID 74)"},
        {"efa-failure", "EFA device failure detected"},
        {"health-check-failure", "Instance failed a health check"}};
    if (n.phase != NodePhase::Running) {
      throw std::invalid_argument("node " + node_id + " is not Running");
    }
    node_fault(c, n, type, svc::str(request, "message", messages.at(type)));
  } else if (type == "spot-interruption") {
    if (!n.spot) throw std::invalid_argument("node " + node_id + " is not a Spot instance");
    n.recovery = Recovery::SpotTerminate;
    n.due = now + dur::kSpotNotice;
    n.message = "Spot instance interruption notice: the instance will be terminated in 2 minutes";
    record(c, EventResource::Instance, EventLevel::Warn, n.group, &n,
           "Spot interruption notice received for EC2 Instance " + n.instance_id);
    save_node(c, n);
    schedule_node(c, n);
  } else if (type == "stuck") {
    n.stuck = true;
    n.due = now + dur::kStuckTimeout;
    save_node(c, n);
    schedule_node(c, n);
  } else {
    throw std::invalid_argument("unknown fault type " + type);
  }
  touch(c);
  return {
      {"type", type}, {"cluster", c.name}, {"nodeId", node_id}, {"status", status_name(n.phase)}};
}

}  // namespace hpl::sagemaker
