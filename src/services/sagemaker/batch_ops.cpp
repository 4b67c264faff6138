// Batch node operations: BatchDeleteClusterNodes, BatchRebootClusterNodes,
// BatchReplaceClusterNodes and BatchAddClusterNodes. Each answers per node, with the model's
// error codes, rather than failing the whole request.
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/errors.hpp"
#include "services/sagemaker/sagemaker.hpp"
#include "sim/durations.hpp"

namespace hpl::sagemaker {

namespace json = boost::json;
namespace dur = sim::durations;

// Cluster-level operations in flight block node operations.
static void require_no_cluster_operation(const Cluster& c) {
  if (c.status != "InService") {
    throw errors::conflict("Cluster " + c.name + " is in " + c.status +
                           " status; node operations need the cluster InService.");
  }
}

// Instance ids, and logical ids (continuous provisioning) turned into instance ids.
struct Targets {
  std::vector<std::string> ids;                              // instance ids asked for
  std::vector<std::pair<std::string, std::string>> logical;  // logical id -> instance id or ""
};

static Targets targets(const Cluster& c, const json::object& in) {
  Targets t;
  t.ids = svc::strings(in, "NodeIds");
  for (const auto& logical : svc::strings(in, "NodeLogicalIds")) {
    std::string found;
    for (const auto& [id, n] : c.nodes) {
      if (n.logical_id == logical && n.phase != NodePhase::ShuttingDown) found = id;
    }
    t.logical.emplace_back(logical, found);
  }
  if (t.ids.empty() && t.logical.empty()) {
    throw errors::validation("Either NodeIds or NodeLogicalIds must be specified.");
  }
  return t;
}

// --- BatchDeleteClusterNodes -----------------------------------------------------------------
json::object SageMaker::batch_delete_nodes(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  require_no_cluster_operation(c);
  Targets t = targets(c, in);
  if (t.ids.size() > 99) {
    throw errors::validation("BatchDeleteClusterNodes accepts at most 99 node ids.");
  }
  json::array ok, failed, ok_logical, failed_logical;
  // Deleting a node also lowers its group's target, so it is not replaced.
  auto remove = [&](Node& n) {
    for (auto& g : c.groups) {
      if (g.name() == n.group)
        g.spec["InstanceCount"] = std::max<std::int64_t>(0, g.target_count() - 1);
    }
    n.phase = NodePhase::ShuttingDown;
    n.recovery = Recovery::None;
    n.due = call.now + dur::kNodeShutdown;
    save_node(c, n);
    schedule_node(c, n);
  };
  for (const auto& id : t.ids) {
    auto it = c.nodes.find(id);
    if (it == c.nodes.end()) {
      failed.push_back(
          json::object{{"Code", "NodeIdNotFound"},
                       {"NodeId", id},
                       {"Message", "Node " + id + " was not found in cluster " + c.name + "."}});
    } else if (it->second.phase == NodePhase::ShuttingDown) {
      failed.push_back(json::object{{"Code", "InvalidNodeStatus"},
                                    {"NodeId", id},
                                    {"Message", "Node " + id + " is already shutting down."}});
    } else {
      remove(it->second);
      ok.emplace_back(id);
    }
  }
  for (const auto& [logical, id] : t.logical) {
    if (id.empty()) {
      failed_logical.push_back(json::object{{"Code", "NodeIdNotFound"},
                                            {"NodeLogicalId", logical},
                                            {"Message", "Node " + logical + " was not found."}});
      continue;
    }
    remove(c.nodes.at(id));
    ok_logical.emplace_back(logical);
  }
  record(c, EventResource::Cluster, EventLevel::Info, "", nullptr,
         "BatchDeleteClusterNodes removed " + std::to_string(ok.size() + ok_logical.size()) +
             " node(s) from Cluster " + c.name);
  touch(c);
  json::object out{{"Successful", std::move(ok)}, {"Failed", std::move(failed)}};
  if (!t.logical.empty()) {
    out["SuccessfulNodeLogicalIds"] = std::move(ok_logical);
    out["FailedNodeLogicalIds"] = std::move(failed_logical);
  }
  return out;
}

// Reboot and replace share their answer: Successful ids, and Failed with ErrorCode.
template <typename Action>
static json::object act_on_nodes(Cluster& c, const Targets& t, Action action) {
  json::array ok, failed, ok_logical, failed_logical;
  auto attempt = [&](const std::string& id) -> std::optional<json::object> {
    auto it = c.nodes.find(id);
    if (it == c.nodes.end()) {
      return json::object{
          {"ErrorCode", "InstanceIdNotFound"},
          {"Message", "Instance " + id + " was not found in cluster " + c.name + "."}};
    }
    Node& n = it->second;
    bool actionable = n.phase == NodePhase::Running || n.phase == NodePhase::Failed;
    bool planned = n.recovery == Recovery::None || n.recovery == Recovery::SpotNotice;
    if (!actionable || !planned) {
      return json::object{
          {"ErrorCode", "InvalidInstanceStatus"},
          {"Message", "Instance " + id + " is " + std::string(status_name(n.phase)) +
                          "; only Running or Failure instances can be acted on."}};
    }
    action(n);
    return std::nullopt;
  };
  for (const auto& id : t.ids) {
    if (auto error = attempt(id)) {
      (*error)["NodeId"] = id;
      failed.push_back(std::move(*error));
    } else {
      ok.emplace_back(id);
    }
  }
  for (const auto& [logical, id] : t.logical) {
    auto error = id.empty() ? std::optional<json::object>(
                                  json::object{{"ErrorCode", "InstanceIdNotFound"},
                                               {"Message", "Node " + logical + " was not found."}})
                            : attempt(id);
    if (error) {
      (*error)["NodeLogicalId"] = logical;
      failed_logical.push_back(std::move(*error));
    } else {
      ok_logical.emplace_back(logical);
    }
  }
  json::object out{{"Successful", std::move(ok)}, {"Failed", std::move(failed)}};
  if (!t.logical.empty()) {
    out["SuccessfulNodeLogicalIds"] = std::move(ok_logical);
    out["FailedNodeLogicalIds"] = std::move(failed_logical);
  }
  return out;
}

static void check_batch_size(const Targets& t) {
  if (t.ids.size() > 25 || t.logical.size() > 25) {
    throw errors::validation("At most 25 nodes can be rebooted or replaced in one request.");
  }
}

// --- BatchRebootClusterNodes -----------------------------------------------------------------
json::object SageMaker::batch_reboot_nodes(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  require_no_cluster_operation(c);
  Targets t = targets(c, in);
  check_batch_size(t);
  json::object out = act_on_nodes(c, t, [&](Node& n) { reboot_node(c, n, call.now); });
  touch(c);
  return out;
}

// --- BatchReplaceClusterNodes ----------------------------------------------------------------
json::object SageMaker::batch_replace_nodes(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  require_no_cluster_operation(c);
  Targets t = targets(c, in);
  check_batch_size(t);
  json::object out = act_on_nodes(c, t, [&](Node& n) { replace_node(c, n, call.now); });
  touch(c);
  return out;
}

// --- BatchAddClusterNodes --------------------------------------------------------------------
json::object SageMaker::batch_add_nodes(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  if (!c.continuous()) {
    throw errors::validation(
        "BatchAddClusterNodes is only supported for clusters with "
        "NodeProvisioningMode set to Continuous.");
  }
  // A replayed ClientToken (within eight hours) answers as the first request did.
  std::string token = svc::str(in, "ClientToken");
  std::string token_key = c.id + "/" + token;
  constexpr std::int64_t kTokenLifetime = 8 * 60 * dur::kMinute;
  if (!token.empty()) {
    auto it = client_tokens_.find(token_key);
    if (it != client_tokens_.end() && call.now - it->second.first < kTokenLifetime) {
      json::object replay = it->second.second;
      for (auto& r : replay["Successful"].as_array()) {
        auto& ro = r.as_object();
        std::string logical = svc::str(ro, "NodeLogicalId");
        bool alive = false;
        for (const auto& [_, n] : c.nodes) {
          if (n.logical_id == logical) {
            ro["Status"] = status_name(n.phase);
            alive = true;
          }
        }
        if (!alive) ro["Status"] = "NotFound";
      }
      return replay;
    }
  }
  std::int64_t total = 0;
  for (const auto& spec : *svc::opt_array(in, "NodesToAdd")) {
    total += svc::opt_int(spec.as_object(), "IncrementTargetCountBy").value_or(0);
  }
  if (total > 50) {
    throw errors::validation(
        "The total IncrementTargetCountBy across NodesToAdd must be at "
        "most 50.");
  }
  json::array ok, failed;
  for (const auto& spec : *svc::opt_array(in, "NodesToAdd")) {
    const auto& so = spec.as_object();
    std::string group = svc::str(so, "InstanceGroupName");
    std::int64_t by = svc::opt_int(so, "IncrementTargetCountBy").value_or(0);
    auto g = std::find_if(c.groups.begin(), c.groups.end(),
                          [&](const InstanceGroup& x) { return x.name() == group; });
    // A group still reaching its minimum (Creating, Updating) takes no batch additions.
    if (g == c.groups.end() || g->status != "InService") {
      failed.push_back(
          json::object{{"InstanceGroupName", group},
                       {"ErrorCode", g == c.groups.end() ? "InstanceGroupNotFound"
                                                         : "InvalidInstanceGroupStatus"},
                       {"FailedCount", by},
                       {"Message", "Instance group " + group + " cannot take nodes."}});
      continue;
    }
    g->spec["InstanceCount"] = g->target_count() + by;
    for (std::int64_t i = 0; i < by; ++i) {
      Node& n = launch_node(c, *g, call.now, static_cast<int>(c.launches));
      ok.push_back(json::object{{"NodeLogicalId", n.logical_id},
                                {"InstanceGroupName", group},
                                {"Status", status_name(n.phase)}});
    }
  }
  json::object out{{"Successful", std::move(ok)}, {"Failed", std::move(failed)}};
  if (!token.empty()) {
    client_tokens_[token_key] = {call.now, out};
    emu_.store().put("sagemaker.token", token_key, json::object{{"at", call.now}, {"out", out}});
  }
  touch(c);
  return out;
}

}  // namespace hpl::sagemaker
