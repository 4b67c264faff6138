// HyperPod cluster operations: CreateCluster, DescribeCluster, ListClusters, DeleteCluster and
// the tag operations on clusters.
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/errors.hpp"
#include "services/sagemaker/listing.hpp"
#include "services/sagemaker/sagemaker.hpp"

#include <algorithm>

namespace hpl::sagemaker {

namespace json = boost::json;

// Members of the request that DescribeCluster echoes as they were sent.
static const char* const kEchoedMembers[] = {"VpcConfig",           "Orchestrator",
                                             "NodeRecovery",        "NodeProvisioningMode",
                                             "TieredStorageConfig", "ClusterRole"};

// --- CreateCluster ---------------------------------------------------------------------------
json::object SageMaker::create_cluster(aws::Call& call, json::object& in) {
  validate_create(call, in);
  Cluster c;
  c.region = call.region;
  c.name = svc::str(in, "ClusterName");
  c.id = emu_.ids().alnum_lower(12);
  c.arn = "arn:aws:sagemaker:" + call.region + ":" + call.account_id + ":cluster/" + c.id;
  c.created = call.now;
  for (const char* member : kEchoedMembers) {
    if (auto it = in.find(member); it != in.end()) c.spec[member] = it->value();
  }
  if (const auto* as = svc::opt_object(in, "AutoScaling")) c.spec["AutoScaling"] = *as;
  if (const auto* tags = svc::opt_array(in, "Tags")) c.tags = *tags;
  for (const char* list : {"InstanceGroups", "RestrictedInstanceGroups"}) {
    const auto* groups = svc::opt_array(in, list);
    if (!groups) continue;
    for (const auto& g : *groups) {
      InstanceGroup group{g.as_object(), "Creating"};
      if (const auto* k8s = svc::opt_object(group.spec, "KubernetesConfig")) {
        group.current_kubernetes = *k8s;  // new nodes join with the labels and taints set
      }
      group.restricted = std::string_view(list) == "RestrictedInstanceGroups";
      c.groups.push_back(std::move(group));
    }
  }
  std::string key = key_of(c);
  clusters_[key] = std::move(c);
  Cluster& stored = clusters_[key];
  record(stored, EventResource::Cluster, EventLevel::Info, "", nullptr,
         "Cluster " + stored.name + " creation started successfully");
  for (auto& g : stored.groups) {
    launch_group(stored, g, call.now);
    start_min_count_deadline(stored, g, call.now);
  }
  schedule_autoscaler(stored, call.now);
  reconcile(stored);
  save_cluster(stored);
  return {{"ClusterArn", stored.arn}};
}

json::object SageMaker::group_view(const Cluster& c, const InstanceGroup& g) const {
  const json::object& s = g.spec;
  std::int64_t current = 0;
  for (const auto& [_, n] : c.nodes)
    current += n.group == g.name() && n.phase == NodePhase::Running;
  json::object out{{"InstanceGroupName", g.name()},
                   {"CurrentCount", current},
                   {"TargetCount", g.target_count()},
                   {"Status", g.status}};
  if (auto min = svc::opt_int(s, "MinInstanceCount")) out["MinCount"] = *min;
  for (const char* member : {"InstanceType", "LifeCycleConfig", "ExecutionRole", "ThreadsPerCore",
                             "InstanceStorageConfigs", "OnStartDeepHealthChecks", "TrainingPlanArn",
                             "OverrideVpcConfig", "ScheduledUpdateConfig", "CapacityRequirements",
                             "SlurmConfig", "NetworkInterface", "EnvironmentConfig"}) {
    if (auto it = s.find(member); it != s.end()) out[member] = it->value();
  }
  if (auto image = svc::opt_str(s, "ImageId")) {
    out["CurrentImageId"] = *image;
    out["DesiredImageId"] = *image;
  }
  if (const auto* req = svc::opt_object(s, "InstanceRequirements")) {
    out["InstanceRequirements"] = json::object{{"CurrentInstanceTypes", req->at("InstanceTypes")},
                                               {"DesiredInstanceTypes", req->at("InstanceTypes")}};
  }
  // Labels and taints are desired state that HyperPod reconciles onto the nodes: Desired is
  // what was asked for, Current what the nodes carry so far.
  const auto* desired = svc::opt_object(s, "KubernetesConfig");
  const json::object& applied = g.current_kubernetes;
  if (desired || !applied.empty()) {
    json::object kc;
    if (const auto* labels = svc::opt_object(applied, "Labels")) kc["CurrentLabels"] = *labels;
    if (desired) {
      if (const auto* labels = svc::opt_object(*desired, "Labels")) kc["DesiredLabels"] = *labels;
    }
    if (const auto* taints = svc::opt_array(applied, "Taints")) kc["CurrentTaints"] = *taints;
    if (desired) {
      if (const auto* taints = svc::opt_array(*desired, "Taints")) kc["DesiredTaints"] = *taints;
    }
    out["KubernetesConfig"] = std::move(kc);
  }
  return out;
}

json::object SageMaker::describe_view(const Cluster& c) const {
  json::array groups, restricted;
  for (const auto& g : c.groups) (g.restricted ? restricted : groups).push_back(group_view(c, g));
  json::object out{{"ClusterArn", c.arn},
                   {"ClusterName", c.name},
                   {"ClusterStatus", c.status},
                   {"CreationTime", aws::epoch_seconds(c.created)},
                   {"InstanceGroups", std::move(groups)}};
  if (!restricted.empty()) out["RestrictedInstanceGroups"] = std::move(restricted);
  if (!c.failure_message.empty()) out["FailureMessage"] = c.failure_message;
  for (const auto& [k, v] : c.spec) {
    if (k == "AutoScaling") {
      json::object as = v.as_object();
      if (!as.contains("Status")) as["Status"] = "Creating";
      out[k] = std::move(as);
    } else {
      out[k] = v;
    }
  }
  return out;
}

// --- DescribeCluster -------------------------------------------------------------------------
json::object SageMaker::describe_cluster(aws::Call& call, json::object& in) {
  return describe_view(cluster_or_throw(call, svc::str(in, "ClusterName")));
}

// --- ListClusters ----------------------------------------------------------------------------
json::object SageMaker::list_clusters(aws::Call& call, json::object& in) {
  std::string contains = svc::str(in, "NameContains");
  std::vector<ListRow> rows;
  for (const auto& [_, c] : clusters_) {
    if (c.region != call.region || c.name.find(contains) == std::string::npos) continue;
    if (!in_window(in, "CreationTime", c.created)) continue;
    rows.push_back({c.name, c.created,
                    json::object{{"ClusterArn", c.arn},
                                 {"ClusterName", c.name},
                                 {"CreationTime", aws::epoch_seconds(c.created)},
                                 {"ClusterStatus", c.status}}});
  }
  json::object out;
  out["ClusterSummaries"] = page(rows, in, out);
  return out;
}

// --- DeleteCluster ---------------------------------------------------------------------------
json::object SageMaker::delete_cluster(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  if (c.status != "Deleting") start_delete(c, call.now);
  return {{"ClusterArn", c.arn}};
}

// --- ListTags / AddTags / DeleteTags (clusters) ----------------------------------------------
static Cluster* cluster_by_arn(std::map<std::string, Cluster, std::less<>>& clusters,
                               std::string_view arn) {
  for (auto& [_, c] : clusters) {
    if (c.arn == arn) return &c;
  }
  return nullptr;
}

json::object SageMaker::list_tags(aws::Call&, json::object& in) {
  std::string arn = svc::str(in, "ResourceArn");
  Cluster* c = cluster_by_arn(clusters_, arn);
  if (!c) throw errors::validation("Resource " + arn + " does not exist.");
  return {{"Tags", c->tags}};
}

json::object SageMaker::add_tags(aws::Call&, json::object& in) {
  std::string arn = svc::str(in, "ResourceArn");
  Cluster* c = cluster_by_arn(clusters_, arn);
  if (!c) throw errors::validation("Resource " + arn + " does not exist.");
  for (const auto& t : *svc::opt_array(in, "Tags")) {
    std::string key = svc::str(t.as_object(), "Key");
    auto& tags = c->tags;
    tags.erase(
        std::remove_if(tags.begin(), tags.end(),
                       [&](const json::value& e) { return svc::str(e.as_object(), "Key") == key; }),
        tags.end());
    tags.push_back(t);
  }
  if (c->tags.size() > 50) throw errors::validation("Cannot have more than 50 tags on a resource.");
  save_cluster(*c);
  return {{"Tags", c->tags}};
}

json::object SageMaker::delete_tags(aws::Call&, json::object& in) {
  std::string arn = svc::str(in, "ResourceArn");
  Cluster* c = cluster_by_arn(clusters_, arn);
  if (!c) throw errors::validation("Resource " + arn + " does not exist.");
  auto keys = svc::strings(in, "TagKeys");
  auto& tags = c->tags;
  tags.erase(std::remove_if(tags.begin(), tags.end(),
                            [&](const json::value& e) {
                              return std::find(keys.begin(), keys.end(),
                                               svc::str(e.as_object(), "Key")) != keys.end();
                            }),
             tags.end());
  save_cluster(*c);
  return {};
}

}  // namespace hpl::sagemaker
