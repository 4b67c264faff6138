// SageMaker HyperPod clusters orchestrated by EKS: the clusters, their instance groups and
// nodes, and the fleet simulation that moves nodes through their states on the virtual clock.
#pragma once

#include "services/service.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hpl::sagemaker {

// Where a node is in its life. Pending covers the EC2 launch and the lifecycle script.
enum class NodePhase {
  Launching,
  LifecycleScript,
  DeepHealthCheck,
  Running,
  Failed,
  ShuttingDown,
  Rebooting,
  SoftwareUpdating
};

// What HyperPod does to a failed or doomed node when its `due` time comes.
enum class Recovery { None, Reboot, Replace, SpotTerminate, SpotNotice, Terminate };

struct Node {
  std::string instance_id;  // "i-0123456789abcdef0"
  std::string logical_id;   // continuous provisioning only
  std::string group;
  std::string instance_type;
  NodePhase phase = NodePhase::Launching;
  std::string message;  // InstanceStatus.Message on failure
  std::int64_t launch_time = 0;
  std::int64_t due = 0;  // when the current phase ends
  std::string subnet_id, availability_zone, availability_zone_id, private_ip;
  bool spot = false;
  bool stuck = false;  // a fault keeps it from finishing its current phase
  std::int64_t last_software_update = 0;
  Recovery recovery = Recovery::None;
};

struct InstanceGroup {
  boost::json::object spec;  // the ClusterInstanceGroupSpecification as the caller sent it
  std::string status = "Creating";
  int failures = 0;  // launches failed in a row, for continuous retry back-off
  boost::json::object current_kubernetes = {};  // labels and taints applied so far
  // Continuous provisioning: when the group rolls back unless it reaches MinInstanceCount
  // (0: no deadline), and the InstanceCount and MinInstanceCount it had when last InService.
  std::int64_t min_count_deadline = 0;
  boost::json::object last_in_service = {};
  // A restricted instance group (RestrictedInstanceGroups): no lifecycle scripts; described
  // in its own list.
  bool restricted = false;
  std::string name() const;
  std::int64_t target_count() const;
};

// An instance group as the store keeps it (also the pre-update copy a rollback restores).
boost::json::object group_to_json(const InstanceGroup& g);
InstanceGroup group_from_json(const boost::json::object& o);

// One entry of ListClusterEvents: every transition of the cluster, its groups and nodes.
struct Event {
  boost::json::object summary;   // the ClusterEventSummary shape
  boost::json::object metadata;  // the EventMetadata union: {"Instance": {...}} etc.
};

enum class EventResource { Cluster, InstanceGroup, Instance };
enum class EventLevel { Info, Warn, Error };

struct Cluster {
  std::string region, name, id, arn;
  std::int64_t created = 0;
  std::string status = "Creating";
  std::string failure_message;
  boost::json::object spec;  // top-level fields the caller set (VpcConfig, Orchestrator, ...)
  boost::json::array tags;
  std::vector<InstanceGroup> groups;
  std::map<std::string, Node> nodes;  // by instance id
  std::int64_t due = 0;               // when Deleting or RollingBack ends
  std::uint64_t launches = 0;         // nodes launched so far
  // The last UpdateCluster of a classic cluster: when it began and the groups before it, so
  // that a failed update can be rolled back.
  std::int64_t update_started = 0;
  boost::json::array groups_before_update;
  std::vector<Event> events;  // oldest first
  // UpdateClusterSoftware in progress: nodes still to patch, batch size, wait between batches.
  std::vector<std::string> patch_queue;
  std::int64_t patch_batch = 1;
  std::int64_t patch_wait = 0;

  bool continuous() const;
  const InstanceGroup* group(std::string_view group_name) const;
};

class SageMaker : public Service {
 public:
  explicit SageMaker(Emulator& emu) : Service(emu) {}

  std::string_view name() const override { return "sagemaker"; }
  void register_operations(aws::OperationTable& table) override;
  void load() override;
  void reset() override;
  void after_transitions() override;

  const Cluster* find_cluster(std::string_view region, std::string_view name_or_arn) const;

  // Injects a fault from the admin API (faults.cpp): {"type": "gpu-failure" | "nvlink-failure"
  // | "efa-failure" | "health-check-failure" | "spot-interruption" | "stuck" | "capacity", ...}.
  // Returns what was done; throws std::invalid_argument for a request that makes no sense.
  boost::json::object inject_fault(const boost::json::object& request);
  // Sets the demand Karpenter sees for one instance group (autoscaling.cpp):
  // {"cluster", "instanceGroup", "pendingAccelerators" | "pendingPods", "maxNodes"?}.
  boost::json::object set_demand(const boost::json::object& request);

 private:
  Cluster& cluster_or_throw(aws::Call& call, std::string_view name_or_arn);
  void save_cluster(const Cluster& c);
  void save_node(const Cluster& c, const Node& n);
  void erase_node(const Cluster& c, const Node& n);
  std::string key_of(const Cluster& c) const { return c.region + "/" + c.name; }

  // --- validation (cluster_validation.cpp) ---
  void validate_create(aws::Call& call, const boost::json::object& in);
  // Throws ResourceLimitExceeded when the request would pass a service quota (quotas.cpp).
  void check_quotas(aws::Call& call, const boost::json::object& in) const;

  // --- fleet simulation (fleet.cpp) ---
  void launch_group(Cluster& c, const InstanceGroup& g, std::int64_t now);
  Node& launch_node(Cluster& c, const InstanceGroup& g, std::int64_t now, int index);
  void scale_group(Cluster& c, const InstanceGroup& g, std::int64_t now);
  void schedule_node(const Cluster& c, const Node& n);
  void schedule_cluster(const Cluster& c);
  void advance_node(const std::string& cluster_key, const std::string& instance_id);
  void advance_cluster(const std::string& cluster_key);
  void reconcile(Cluster& c);
  void reconcile_patching(Cluster& c);
  // Records an event (events.cpp). `group` and `node` may be empty.
  void record(Cluster& c, EventResource resource, EventLevel level, const std::string& group,
              const Node* node, std::string description, boost::json::object metadata = {});
  // Marks a cluster for reconcile and save once the current batch of transitions is done.
  void touch(const Cluster& c) { touched_.insert(key_of(c)); }
  std::optional<std::string> lifecycle_script_error(const Cluster& c, const InstanceGroup& g);
  void fail_node(Cluster& c, Node& n, const std::string& message);
  std::optional<std::string> capacity_error(const Cluster& c, const Node& n) const;
  std::optional<std::string> efa_error(const Cluster& c, const InstanceGroup& g);
  void node_fault(Cluster& c, Node& n, std::string_view kind, const std::string& message);
  void recover(Cluster& c, Node& n);
  void maybe_plan_spot_interruption(Node& n, std::int64_t now);
  void reboot_node(Cluster& c, Node& n, std::int64_t now);
  void replace_node(Cluster& c, Node& n, std::int64_t now);
  Node& node_or_throw_invalid(Cluster& c, const std::string& instance_id);
  void start_rollback(Cluster& c, const Node& failed);
  void start_delete(Cluster& c, std::int64_t now);

  // --- views (cluster_ops.cpp, node_ops.cpp) ---
  boost::json::object describe_view(const Cluster& c) const;
  boost::json::object group_view(const Cluster& c, const InstanceGroup& g) const;
  boost::json::object node_summary(const Cluster& c, const Node& n) const;
  boost::json::object node_details(const Cluster& c, const Node& n) const;

  // --- operations ---
  boost::json::object create_cluster(aws::Call& call, boost::json::object& in);
  boost::json::object describe_cluster(aws::Call& call, boost::json::object& in);
  boost::json::object list_clusters(aws::Call& call, boost::json::object& in);
  boost::json::object delete_cluster(aws::Call& call, boost::json::object& in);
  boost::json::object update_cluster(aws::Call& call, boost::json::object& in);
  boost::json::object list_cluster_nodes(aws::Call& call, boost::json::object& in);
  boost::json::object describe_cluster_node(aws::Call& call, boost::json::object& in);
  boost::json::object list_tags(aws::Call& call, boost::json::object& in);
  boost::json::object list_cluster_events(aws::Call& call, boost::json::object& in);
  boost::json::object batch_delete_nodes(aws::Call& call, boost::json::object& in);
  boost::json::object batch_reboot_nodes(aws::Call& call, boost::json::object& in);
  boost::json::object batch_replace_nodes(aws::Call& call, boost::json::object& in);
  boost::json::object batch_add_nodes(aws::Call& call, boost::json::object& in);
  boost::json::object start_cluster_health_check(aws::Call& call, boost::json::object& in);
  boost::json::object update_cluster_software(aws::Call& call, boost::json::object& in);
  void start_next_patch_batch(Cluster& c, std::int64_t now);
  void schedule_autoscaler(Cluster& c, std::int64_t now);
  // Starts (or restarts) the three-hour MinInstanceCount deadline of a continuous group.
  void start_min_count_deadline(Cluster& c, InstanceGroup& g, std::int64_t now);
  void arm_min_count_deadline(const Cluster& c, const InstanceGroup& g);
  void roll_back_to_last_in_service(Cluster& c, InstanceGroup& g, std::int64_t now);
  void schedule_label_sync(Cluster& c, const std::string& group, std::int64_t now);
  boost::json::object describe_cluster_event(aws::Call& call, boost::json::object& in);
  boost::json::object add_tags(aws::Call& call, boost::json::object& in);
  boost::json::object delete_tags(aws::Call& call, boost::json::object& in);

  std::map<std::string, Cluster, std::less<>> clusters_;  // by "<region>/<name>"
  std::set<std::string> touched_;
  // Capacity pools: "<region>/<zone>/<type>/<OnDemand|Spot>" -> instances available. Absent
  // means ample (on-demand) or the default spot pool.
  std::map<std::string, std::int64_t> capacity_;
  // BatchAddClusterNodes answers by ClientToken, kept for eight hours.
  std::map<std::string, std::pair<std::int64_t, boost::json::object>> client_tokens_;
};

std::string_view status_name(NodePhase phase);

}  // namespace hpl::sagemaker
