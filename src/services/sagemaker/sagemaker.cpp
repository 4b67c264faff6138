#include "services/sagemaker/sagemaker.hpp"

#include "aws/arn.hpp"
#include "services/common.hpp"
#include "services/ec2/ec2.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/errors.hpp"

namespace hpl::sagemaker {

namespace json = boost::json;

std::string InstanceGroup::name() const {
  return svc::str(spec, "InstanceGroupName");
}
std::int64_t InstanceGroup::target_count() const {
  return svc::opt_int(spec, "InstanceCount").value_or(0);
}

bool Cluster::continuous() const {
  return svc::str(spec, "NodeProvisioningMode") == "Continuous";
}

const InstanceGroup* Cluster::group(std::string_view group_name) const {
  for (const auto& g : groups) {
    if (g.name() == group_name) return &g;
  }
  return nullptr;
}

std::string_view status_name(NodePhase phase) {
  switch (phase) {
    case NodePhase::Launching:
    case NodePhase::LifecycleScript:
    case NodePhase::Rebooting:
      return "Pending";
    case NodePhase::DeepHealthCheck:
      return "DeepHealthCheckInProgress";
    case NodePhase::SoftwareUpdating:
      return "SystemUpdating";
    case NodePhase::Running:
      return "Running";
    case NodePhase::Failed:
      return "Failure";
    case NodePhase::ShuttingDown:
      return "ShuttingDown";
  }
  return "Pending";
}

void SageMaker::register_operations(aws::OperationTable& t) {
  auto bind = [this](auto method) {
    return [this, method](aws::Call& c, json::object& in) { return (this->*method)(c, in); };
  };
  t["CreateCluster"] = bind(&SageMaker::create_cluster);
  t["DescribeCluster"] = bind(&SageMaker::describe_cluster);
  t["ListClusters"] = bind(&SageMaker::list_clusters);
  t["DeleteCluster"] = bind(&SageMaker::delete_cluster);
  t["UpdateCluster"] = bind(&SageMaker::update_cluster);
  t["ListClusterNodes"] = bind(&SageMaker::list_cluster_nodes);
  t["DescribeClusterNode"] = bind(&SageMaker::describe_cluster_node);
  t["ListTags"] = bind(&SageMaker::list_tags);
  t["ListClusterEvents"] = bind(&SageMaker::list_cluster_events);
  t["DescribeClusterEvent"] = bind(&SageMaker::describe_cluster_event);
  t["BatchDeleteClusterNodes"] = bind(&SageMaker::batch_delete_nodes);
  t["BatchRebootClusterNodes"] = bind(&SageMaker::batch_reboot_nodes);
  t["BatchReplaceClusterNodes"] = bind(&SageMaker::batch_replace_nodes);
  t["BatchAddClusterNodes"] = bind(&SageMaker::batch_add_nodes);
  t["StartClusterHealthCheck"] = bind(&SageMaker::start_cluster_health_check);
  t["UpdateClusterSoftware"] = bind(&SageMaker::update_cluster_software);
  t["AddTags"] = bind(&SageMaker::add_tags);
  t["DeleteTags"] = bind(&SageMaker::delete_tags);
}

// --- persistence ----------------------------------------------------------------------------

json::object group_to_json(const InstanceGroup& g) {
  return json::object{{"spec", g.spec},
                      {"status", g.status},
                      {"failures", g.failures},
                      {"currentKubernetes", g.current_kubernetes},
                      {"minCountDeadline", g.min_count_deadline},
                      {"lastInService", g.last_in_service},
                      {"restricted", g.restricted}};
}

InstanceGroup group_from_json(const json::object& o) {
  const auto* k8s = svc::opt_object(o, "currentKubernetes");
  const auto* last = svc::opt_object(o, "lastInService");
  return {o.at("spec").as_object(),
          svc::str(o, "status"),
          static_cast<int>(svc::opt_int(o, "failures").value_or(0)),
          k8s ? *k8s : json::object{},
          svc::opt_int(o, "minCountDeadline").value_or(0),
          last ? *last : json::object{},
          svc::opt_bool(o, "restricted").value_or(false)};
}

void SageMaker::save_cluster(const Cluster& c) {
  json::array groups;
  for (const auto& g : c.groups) groups.push_back(group_to_json(g));
  emu_.store().put("sagemaker.cluster", key_of(c),
                   json::object{{"region", c.region},
                                {"name", c.name},
                                {"id", c.id},
                                {"arn", c.arn},
                                {"created", c.created},
                                {"status", c.status},
                                {"failure", c.failure_message},
                                {"spec", c.spec},
                                {"tags", c.tags},
                                {"groups", std::move(groups)},
                                {"due", c.due},
                                {"launches", c.launches},
                                {"updateStarted", c.update_started},
                                {"groupsBeforeUpdate", c.groups_before_update},
                                {"patchQueue", json::value_from(c.patch_queue)},
                                {"patchBatch", c.patch_batch},
                                {"patchWait", c.patch_wait}});
}

void SageMaker::save_node(const Cluster& c, const Node& n) {
  emu_.store().put("sagemaker.node", c.id + "/" + n.instance_id,
                   json::object{{"instance", n.instance_id},
                                {"logical", n.logical_id},
                                {"group", n.group},
                                {"type", n.instance_type},
                                {"phase", static_cast<int>(n.phase)},
                                {"message", n.message},
                                {"launch", n.launch_time},
                                {"due", n.due},
                                {"subnet", n.subnet_id},
                                {"az", n.availability_zone},
                                {"azId", n.availability_zone_id},
                                {"ip", n.private_ip},
                                {"spot", n.spot},
                                {"stuck", n.stuck},
                                {"recovery", static_cast<int>(n.recovery)},
                                {"patched", n.last_software_update}});
}

void SageMaker::erase_node(const Cluster& c, const Node& n) {
  emu_.store().erase("sagemaker.node", c.id + "/" + n.instance_id);
}

void SageMaker::load() {
  clusters_.clear();
  capacity_.clear();
  client_tokens_.clear();
  for (auto& [key, value] : emu_.store().load("sagemaker.capacity")) {
    capacity_[key] = value.as_object().at("available").to_number<std::int64_t>();
  }
  std::map<std::string, std::string> key_by_id;
  for (auto& [key, value] : emu_.store().load("sagemaker.cluster")) {
    const auto& o = value.as_object();
    Cluster c;
    c.region = svc::str(o, "region");
    c.name = svc::str(o, "name");
    c.id = svc::str(o, "id");
    c.arn = svc::str(o, "arn");
    c.created = svc::opt_int(o, "created").value_or(0);
    c.status = svc::str(o, "status");
    c.failure_message = svc::str(o, "failure");
    c.spec = o.at("spec").as_object();
    c.tags = o.at("tags").as_array();
    c.due = svc::opt_int(o, "due").value_or(0);
    c.launches = static_cast<std::uint64_t>(svc::opt_int(o, "launches").value_or(0));
    c.update_started = svc::opt_int(o, "updateStarted").value_or(0);
    c.patch_queue = svc::strings(o, "patchQueue");
    c.patch_batch = svc::opt_int(o, "patchBatch").value_or(1);
    c.patch_wait = svc::opt_int(o, "patchWait").value_or(0);
    if (const auto* before = svc::opt_array(o, "groupsBeforeUpdate")) {
      c.groups_before_update = *before;
    }
    for (const auto& g : o.at("groups").as_array()) {
      c.groups.push_back(group_from_json(g.as_object()));
    }
    key_by_id[c.id] = key;
    clusters_[key] = std::move(c);
  }
  for (auto& [key, value] : emu_.store().load("sagemaker.node")) {
    auto it = key_by_id.find(key.substr(0, key.find('/')));
    if (it == key_by_id.end()) continue;
    Cluster& c = clusters_[it->second];
    const auto& o = value.as_object();
    Node n;
    n.instance_id = svc::str(o, "instance");
    n.logical_id = svc::str(o, "logical");
    n.group = svc::str(o, "group");
    n.instance_type = svc::str(o, "type");
    n.phase = static_cast<NodePhase>(svc::opt_int(o, "phase").value_or(0));
    n.message = svc::str(o, "message");
    n.launch_time = svc::opt_int(o, "launch").value_or(0);
    n.due = svc::opt_int(o, "due").value_or(0);
    n.subnet_id = svc::str(o, "subnet");
    n.availability_zone = svc::str(o, "az");
    n.availability_zone_id = svc::str(o, "azId");
    n.private_ip = svc::str(o, "ip");
    n.spot = svc::opt_bool(o, "spot").value_or(false);
    n.stuck = svc::opt_bool(o, "stuck").value_or(false);
    n.recovery = static_cast<Recovery>(svc::opt_int(o, "recovery").value_or(0));
    n.last_software_update = svc::opt_int(o, "patched").value_or(0);
    // Addresses are owned here; EC2 learns again which ones are taken.
    emu_.ec2().mark_ip_used(c.region, n.subnet_id, n.private_ip);
    c.nodes[n.instance_id] = std::move(n);
  }
  for (auto& [key, value] : emu_.store().load("sagemaker.event")) {
    auto it = key_by_id.find(key.substr(0, key.find('/')));
    if (it == key_by_id.end()) continue;
    const auto& o = value.as_object();
    clusters_[it->second].events.push_back(
        {o.at("summary").as_object(), o.at("metadata").as_object()});
  }
  for (auto& [key, value] : emu_.store().load("sagemaker.token")) {
    const auto& o = value.as_object();
    client_tokens_[key] = {svc::opt_int(o, "at").value_or(0), o.at("out").as_object()};
  }
  // Pending transitions carry on from where the last run left them.
  for (auto& [key, c] : clusters_) {
    schedule_cluster(c);
    for (const auto& [_, n] : c.nodes) schedule_node(c, n);
    for (const auto& g : c.groups) arm_min_count_deadline(c, g);
  }
}

void SageMaker::reset() {
  clusters_.clear();
  capacity_.clear();
  client_tokens_.clear();
  touched_.clear();
}

const Cluster* SageMaker::find_cluster(std::string_view region,
                                       std::string_view name_or_arn) const {
  if (name_or_arn.rfind("arn:", 0) == 0) {
    auto arn = aws::parse_arn(name_or_arn);
    for (const auto& [_, c] : clusters_) {
      if (c.arn == name_or_arn && arn && c.region == arn->region) return &c;
    }
    return nullptr;
  }
  auto it = clusters_.find(std::string(region) + "/" + std::string(name_or_arn));
  return it == clusters_.end() ? nullptr : &it->second;
}

Cluster& SageMaker::cluster_or_throw(aws::Call& call, std::string_view name_or_arn) {
  const Cluster* c = find_cluster(call.region, name_or_arn);
  if (!c) {
    throw errors::resource_not_found("Could not find cluster '" + std::string(name_or_arn) + "'.");
  }
  return clusters_.at(key_of(*c));
}

}  // namespace hpl::sagemaker
