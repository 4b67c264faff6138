// The HyperPod fleet on the virtual clock: nodes launch, run their lifecycle script, pass
// their deep health checks and run; a failed node rolls a classic cluster back or is retried
// under continuous provisioning; deletion shuts every node down.
#include "aws/encoding.hpp"
#include "catalog/instance_types.hpp"
#include "services/common.hpp"
#include "services/ec2/ec2.hpp"
#include "services/emulator.hpp"
#include "services/iam/iam.hpp"
#include "services/iam/policy_eval.hpp"
#include "services/s3/s3.hpp"
#include "services/sagemaker/sagemaker.hpp"
#include "sim/durations.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

namespace hpl::sagemaker {

namespace json = boost::json;
namespace dur = sim::durations;

// The service's own words when a lifecycle script is missing, unreadable or fails.
constexpr std::string_view kLifecycleFailure =
    "Lifecycle scripts did not run successfully. Ensure the scripts exist in provided S3 path, "
    "are accessible, and run without errors. Please see CloudWatch logs for lifecycle script "
    "execution details.";

// The subnets a group's nodes go to: its OverrideVpcConfig, else the cluster's VpcConfig.
static std::vector<std::string> group_subnets(const Cluster& c, const InstanceGroup& g) {
  if (const auto* o = svc::opt_object(g.spec, "OverrideVpcConfig")) {
    auto subnets = svc::strings(*o, "Subnets");
    if (!subnets.empty()) return subnets;
  }
  if (const auto* v = svc::opt_object(c.spec, "VpcConfig")) return svc::strings(*v, "Subnets");
  return {};
}

void SageMaker::launch_group(Cluster& c, const InstanceGroup& g, std::int64_t now) {
  for (std::int64_t i = 0; i < g.target_count(); ++i) launch_node(c, g, now, static_cast<int>(i));
}

Node& SageMaker::launch_node(Cluster& c, const InstanceGroup& g, std::int64_t now, int index) {
  auto& ids = emu_.ids();
  Node n;
  n.instance_id = "i-" + ids.hex(17);
  if (c.continuous()) n.logical_id = ids.uuid();
  n.group = g.name();
  n.instance_type = svc::str(g.spec, "InstanceType");
  n.launch_time = now;
  n.due = now + dur::kNodeLaunch;
  if (const auto* cap = svc::opt_object(g.spec, "CapacityRequirements")) {
    n.spot = cap->contains("Spot");
  }
  auto subnets = group_subnets(c, g);
  if (!subnets.empty()) {
    n.subnet_id = subnets[static_cast<size_t>(index) % subnets.size()];
    if (const json::object* s = emu_.ec2().find_subnet(c.region, n.subnet_id)) {
      n.availability_zone = svc::str(*s, "AvailabilityZone");
      n.availability_zone_id = svc::str(*s, "AvailabilityZoneId");
    }
    n.private_ip = emu_.ec2().allocate_ip(c.region, n.subnet_id).value_or("");
  }
  ++c.launches;
  save_node(c, n);
  schedule_node(c, n);
  std::string id = n.instance_id;
  return c.nodes[id] = std::move(n);
}

void SageMaker::schedule_node(const Cluster& c, const Node& n) {
  bool settled = n.phase == NodePhase::Running || n.phase == NodePhase::Failed;
  if (settled && n.recovery == Recovery::None) return;
  std::string key = key_of(c), id = n.instance_id;
  emu_.scheduler().at(n.due, [this, key, id] { advance_node(key, id); });
}

void SageMaker::schedule_cluster(const Cluster& c) {
  bool waiting = c.status == "SystemUpdating" && c.due > 0;
  if (c.status != "Deleting" && c.status != "RollingBack" && !waiting) return;
  std::string key = key_of(c);
  emu_.scheduler().at(c.due, [this, key] { advance_cluster(key); });
}

// Whether bash can parse the script (`bash -n`); the answer is remembered per script body, so
// ten thousand nodes running one script start bash once.
static bool script_parses(const std::string& script) {
  static std::map<std::string, bool> verdicts;
  std::string digest = aws::sha256_hex(script);
  if (auto it = verdicts.find(digest); it != verdicts.end()) return it->second;
  bool ok = true;
  if (FILE* bash = popen("bash -n 2>/dev/null", "w")) {
    std::fwrite(script.data(), 1, script.size(), bash);
    ok = pclose(bash) == 0;
  }
  verdicts[digest] = ok;
  return ok;
}

// Why the group's OnCreate script cannot run, or nullopt when it can: the object must exist in
// S3 and the execution role's policies must allow s3:GetObject on it.
std::optional<std::string> SageMaker::lifecycle_script_error(const Cluster& c,
                                                             const InstanceGroup& g) {
  const auto* lcc = svc::opt_object(g.spec, "LifeCycleConfig");
  if (!lcc) return std::nullopt;
  std::string uri = svc::str(*lcc, "SourceS3Uri");
  constexpr std::string_view scheme = "s3://";
  if (uri.rfind(scheme, 0) != 0) return std::string(kLifecycleFailure);
  std::string rest = uri.substr(scheme.size());
  std::string bucket = rest.substr(0, rest.find('/'));
  std::string prefix = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/') + 1);
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  std::string key = prefix + svc::str(*lcc, "OnCreate");
  auto body = emu_.s3().object_body(bucket, key);
  if (!body) return std::string(kLifecycleFailure);
  const iam::Role* role = emu_.iam().find_role_by_arn(svc::str(g.spec, "ExecutionRole"));
  if (!role) return std::string(kLifecycleFailure);
  const std::string& account = emu_.config().account_id;
  iam::RequestContext request{"s3:GetObject",
                              "arn:aws:s3:::" + bucket + "/" + key,
                              {{"aws:PrincipalAccount", account},
                               {"aws:ResourceAccount", account},
                               {"aws:PrincipalArn", svc::str(role->doc, "Arn")}}};
  if (iam::evaluate(emu_.iam().permission_documents(*role), request) != iam::Decision::Allow) {
    return std::string(kLifecycleFailure);
  }
  if (!script_parses(*body)) return std::string(kLifecycleFailure);
  return std::nullopt;
}

// EFA needs every security group the node uses to let all traffic in and out among its own
// members; without that the EFA health check fails before the lifecycle script runs.
std::optional<std::string> SageMaker::efa_error(const Cluster& c, const InstanceGroup& g) {
  const auto* type = catalog::find_instance_type(svc::str(g.spec, "InstanceType"));
  if (!type || type->efa_interfaces == 0) return std::nullopt;
  const json::object* vpc = svc::opt_object(g.spec, "OverrideVpcConfig");
  if (!vpc) vpc = svc::opt_object(c.spec, "VpcConfig");
  if (!vpc) return std::nullopt;
  for (const auto& group : svc::strings(*vpc, "SecurityGroupIds")) {
    if (!emu_.ec2().allows_all_traffic_from_self(c.region, group, false) ||
        !emu_.ec2().allows_all_traffic_from_self(c.region, group, true)) {
      return std::string(
          "EFA health checks did not run successfully. Ensure that your VPC and security "
          "groups are properly configured before attempting to create a new cluster.");
    }
  }
  return std::nullopt;
}

// How long the group's on-start deep health checks take on this node, or 0 when none apply.
static std::int64_t deep_health_check_duration(const InstanceGroup& g, const Node& n) {
  const auto* type = catalog::find_instance_type(n.instance_type);
  if (!type || !type->deep_health_checks) return 0;
  std::int64_t total = 0;
  for (const auto& check : svc::strings(g.spec, "OnStartDeepHealthChecks")) {
    if (check == "InstanceStress") total += dur::kStressCheck;
    if (check == "InstanceConnectivity") total += dur::kConnectivityCheck;
  }
  return total;
}

void SageMaker::advance_node(const std::string& cluster_key, const std::string& instance_id) {
  auto cit = clusters_.find(cluster_key);
  if (cit == clusters_.end()) return;
  Cluster& c = cit->second;
  auto nit = c.nodes.find(instance_id);
  if (nit == c.nodes.end()) return;
  Node& n = nit->second;
  std::int64_t now = emu_.clock().now();
  if (now < n.due) return;  // superseded by a later schedule
  if (n.recovery != Recovery::None) {
    recover(c, n);
    touch(c);
    return;
  }
  if (n.stuck) {
    fail_node(c, n,
              n.phase == NodePhase::LifecycleScript
                  ? "Lifecycle scripts execution timed out"
                  : "Instance " + n.instance_id + " did not become healthy in time");
    touch(c);
    return;
  }
  const InstanceGroup* g = c.group(n.group);
  switch (n.phase) {
    case NodePhase::Launching:
      if (auto error = capacity_error(c, n); error || (g && (error = efa_error(c, *g)))) {
        fail_node(c, n, *error);
        touch(c);
        return;
      }
      n.phase = NodePhase::LifecycleScript;
      n.due += dur::kLifecycleScript;
      record(c, EventResource::Instance, EventLevel::Info, n.group, &n,
             "EC2 Instance " + n.instance_id + " successfully provisioned in Cluster " + c.name +
                 " and IG " + n.group);
      break;
    case NodePhase::LifecycleScript: {
      if (auto error = g ? lifecycle_script_error(c, *g) : std::nullopt) {
        fail_node(c, n, *error);
        touch(c);
        return;
      }
      std::int64_t dhc = g ? deep_health_check_duration(*g, n) : 0;
      n.phase = dhc > 0 ? NodePhase::DeepHealthCheck : NodePhase::Running;
      n.due += dhc;
      record(c, EventResource::Instance, EventLevel::Info, n.group, &n,
             "Lifecycle scripts ran successfully on EC2 Instance " + n.instance_id);
      if (dhc > 0) {
        record(c, EventResource::Instance, EventLevel::Info, n.group, &n,
               "Deep health checks started on EC2 Instance " + n.instance_id);
      }
      break;
    }
    case NodePhase::DeepHealthCheck:
      n.phase = NodePhase::Running;
      record(c, EventResource::Instance, EventLevel::Info, n.group, &n,
             "Deep health checks passed on EC2 Instance " + n.instance_id);
      break;
    case NodePhase::ShuttingDown:
      record(c, EventResource::Instance, EventLevel::Info, n.group, &n,
             "EC2 Instance " + n.instance_id + " terminated in Cluster " + c.name + " and IG " +
                 n.group);
      emu_.ec2().release_ip(c.region, n.subnet_id, n.private_ip);
      erase_node(c, n);
      c.nodes.erase(nit);
      touch(c);
      return;
    case NodePhase::SoftwareUpdating:
      n.phase = NodePhase::Running;
      n.last_software_update = now;
      record(c, EventResource::Instance, EventLevel::Info, n.group, &n,
             "Software update completed on EC2 Instance " + n.instance_id);
      break;
    case NodePhase::Rebooting:
      n.phase = NodePhase::Running;
      record(c, EventResource::Instance, EventLevel::Info, n.group, &n,
             "EC2 Instance " + n.instance_id + " rebooted successfully");
      break;
    case NodePhase::Running:
    case NodePhase::Failed:
      return;
  }
  if (n.phase == NodePhase::Running) {
    for (auto& group : c.groups) {
      if (group.name() == n.group) group.failures = 0;
    }
    maybe_plan_spot_interruption(n, now);
  }
  save_node(c, n);
  schedule_node(c, n);
  touch(c);
}

// A node that could not be provisioned: a classic cluster being created rolls back; under
// continuous provisioning the node is terminated and a new instance takes its place.
void SageMaker::fail_node(Cluster& c, Node& n, const std::string& message) {
  std::int64_t now = emu_.clock().now();
  n.phase = NodePhase::Failed;
  n.message = message;
  save_node(c, n);
  record(c, EventResource::Instance, EventLevel::Error, n.group, &n,
         "Failed to provision EC2 Instance in Cluster " + c.name + " and IG " + n.group);
  if ((c.status == "Creating" || c.status == "Updating") && !c.continuous()) {
    start_rollback(c, n);
    return;
  }
  if (c.continuous() && c.status != "Deleting") {
    // Continuous provisioning terminates the instance and tries a new one, backing off
    // while launches keep failing.
    auto g = std::find_if(c.groups.begin(), c.groups.end(),
                          [&](const InstanceGroup& x) { return x.name() == n.group; });
    n.recovery = Recovery::Terminate;  // shows Failure for a moment, then goes
    n.due = now + dur::kRecoveryDelay;
    save_node(c, n);
    schedule_node(c, n);
    if (g == c.groups.end()) return;
    std::int64_t backoff =
        std::min<std::int64_t>(dur::kMinute << std::min(g->failures, 10), dur::kMaxRetryBackoff);
    ++g->failures;
    Node& retry = launch_node(c, *g, now, static_cast<int>(c.launches));
    retry.due += backoff;
    save_node(c, retry);
    schedule_node(c, retry);
  }
}

// A classic cluster whose creation fails rolls back to Failed with every node terminated; one
// whose update fails terminates the nodes the update launched and returns to its groups as
// they were.
void SageMaker::start_rollback(Cluster& c, const Node& failed) {
  std::int64_t now = emu_.clock().now();
  bool creating = c.status == "Creating";
  c.status = "RollingBack";
  record(c, EventResource::Cluster, EventLevel::Error, "", nullptr,
         "Cluster " + c.name + (creating ? " creation" : " update") + " failed; rollback initiated",
         json::object{{"Cluster", json::object{{"FailureMessage",
                                                "Instance " + failed.instance_id +
                                                    " failed to provision: " + failed.message}}}});
  c.failure_message = "Instance " + failed.instance_id +
                      " failed to provision with the following error: \"" + failed.message +
                      "\" Note that multiple instances may be impacted.";
  for (auto& [_, n] : c.nodes) {
    if (!creating && n.launch_time < c.update_started && n.phase != NodePhase::Failed) continue;
    n.phase = NodePhase::ShuttingDown;
    n.due = now + dur::kNodeShutdown;
    save_node(c, n);
    schedule_node(c, n);
  }
  if (!creating) {
    c.groups.clear();
    for (const auto& g : c.groups_before_update) c.groups.push_back(group_from_json(g.as_object()));
  }
  c.due = now + dur::kNodeShutdown;
  schedule_cluster(c);
}

void SageMaker::start_delete(Cluster& c, std::int64_t now) {
  c.status = "Deleting";
  record(c, EventResource::Cluster, EventLevel::Info, "", nullptr,
         "Cluster " + c.name + " deletion started successfully");
  for (auto& [_, n] : c.nodes) {
    if (n.phase == NodePhase::ShuttingDown) continue;
    n.phase = NodePhase::ShuttingDown;
    n.due = now + dur::kNodeShutdown;
    save_node(c, n);
    schedule_node(c, n);
  }
  c.due = now + dur::kClusterDelete;
  save_cluster(c);
  schedule_cluster(c);
}

// RollingBack ends in Failed; Deleting ends with the cluster gone.
void SageMaker::advance_cluster(const std::string& cluster_key) {
  auto it = clusters_.find(cluster_key);
  if (it == clusters_.end()) return;
  Cluster& c = it->second;
  if (emu_.clock().now() < c.due) return;
  if (c.status == "SystemUpdating") {
    c.due = 0;
    start_next_patch_batch(c, emu_.clock().now());
    touch(c);
    return;
  }
  if (c.status == "RollingBack") {
    // A rolled-back creation ends Failed; a rolled-back update ends InService again.
    bool was_update = !c.groups_before_update.empty() && c.update_started > c.created;
    c.status = was_update ? "InService" : "Failed";
    for (auto& g : c.groups) g.status = was_update ? "InService" : "Failed";
    record(c, EventResource::Cluster, was_update ? EventLevel::Warn : EventLevel::Error, "",
           nullptr, "Cluster " + c.name + " rollback completed; the cluster is " + c.status);
    save_cluster(c);
  } else if (c.status == "Deleting") {
    for (const auto& [_, n] : c.nodes) emu_.ec2().release_ip(c.region, n.subnet_id, n.private_ip);
    emu_.store().erase_prefix("sagemaker.node", c.id + "/");
    emu_.store().erase_prefix("sagemaker.event", c.id + "/");
    emu_.store().erase_prefix("sagemaker.token", c.id + "/");
    emu_.store().erase("sagemaker.cluster", cluster_key);
    clusters_.erase(it);
  }
}

void SageMaker::after_transitions() {
  for (const auto& key : touched_) {
    auto it = clusters_.find(key);
    if (it == clusters_.end()) continue;
    reconcile(it->second);
    save_cluster(it->second);
  }
  touched_.clear();
}

// Group and cluster status from the nodes. A group is InService once enough of its nodes
// run: its MinInstanceCount under continuous provisioning, else all of them, and (after an
// update) none is still on its way in or out. The cluster leaves Creating or Updating once
// every group is InService; groups being deleted go when their last node has.
void SageMaker::reconcile(Cluster& c) {
  auto in_group = [&](const InstanceGroup& g, auto pred) {
    std::int64_t n = 0;
    for (const auto& [_, node] : c.nodes) n += node.group == g.name() && pred(node);
    return n;
  };
  c.groups.erase(std::remove_if(c.groups.begin(), c.groups.end(),
                                [&](const InstanceGroup& g) {
                                  return g.status == "Deleting" &&
                                         in_group(g, [](const Node&) { return true; }) == 0;
                                }),
                 c.groups.end());
  if (c.status == "SystemUpdating") return reconcile_patching(c);
  if (c.status != "Creating" && c.status != "Updating" && c.status != "InService") return;
  bool settled = true;
  for (auto& g : c.groups) {
    if (g.status == "Deleting") {
      settled = false;
      continue;
    }
    std::int64_t running = in_group(g, [](const Node& n) { return n.phase == NodePhase::Running; });
    std::int64_t moving = in_group(g, [](const Node& n) {
      return n.phase != NodePhase::Running && n.phase != NodePhase::Failed;
    });
    std::int64_t required = g.target_count();
    if (c.continuous()) {
      if (auto min = svc::opt_int(g.spec, "MinInstanceCount")) required = *min;
    }
    std::string before = g.status;
    if (g.status == "Creating") {
      g.status = running >= required ? "InService" : "Creating";
    } else if (g.status == "Updating") {
      bool done = c.continuous() ? running >= required : running >= g.target_count() && moving == 0;
      g.status = done ? "InService" : "Updating";
    }
    if (g.status == "InService" && before != "InService") {
      g.min_count_deadline = 0;
      g.last_in_service = {{"InstanceCount", g.target_count()}};
      if (auto min = svc::opt_int(g.spec, "MinInstanceCount")) {
        g.last_in_service["MinInstanceCount"] = *min;
      }
    }
    if (before != g.status) {
      json::object scaling{{"InstanceCount", running}, {"TargetCount", g.target_count()}};
      if (auto min = svc::opt_int(g.spec, "MinInstanceCount")) scaling["MinCount"] = *min;
      record(c, EventResource::InstanceGroup, EventLevel::Info, g.name(), nullptr,
             "InstanceGroup " + g.name() + (before == "Creating" ? " creation" : " update") +
                 " completed successfully with " + std::to_string(running) + " of " +
                 std::to_string(g.target_count()) + " instances running",
             json::object{{"InstanceGroupScaling", std::move(scaling)}});
    }
    settled = settled && g.status == "InService";
  }
  if ((c.status == "Creating" || c.status == "Updating") && settled) {
    record(c, EventResource::Cluster, EventLevel::Info, "", nullptr,
           "Cluster " + c.name + (c.status == "Creating" ? " creation" : " update") +
               " completed successfully");
    c.status = "InService";
  }
}

}  // namespace hpl::sagemaker
