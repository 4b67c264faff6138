// Cluster events: every transition of a cluster, its instance groups and its nodes is an
// event, as ListClusterEvents shows them for continuous provisioning. Descriptions follow the
// templates of the HyperPod events reference.
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/errors.hpp"
#include "services/sagemaker/listing.hpp"
#include "services/sagemaker/sagemaker.hpp"

#include <cstdio>

namespace hpl::sagemaker {

namespace json = boost::json;

static std::string_view resource_name(EventResource r) {
  switch (r) {
    case EventResource::Cluster:
      return "Cluster";
    case EventResource::InstanceGroup:
      return "InstanceGroup";
    case EventResource::Instance:
      return "Instance";
  }
  return "Cluster";
}

static std::string_view level_name(EventLevel l) {
  switch (l) {
    case EventLevel::Info:
      return "Info";
    case EventLevel::Warn:
      return "Warn";
    case EventLevel::Error:
      return "Error";
  }
  return "Info";
}

void SageMaker::record(Cluster& c, EventResource resource, EventLevel level,
                       const std::string& group, const Node* node, std::string description,
                       json::object metadata) {
  std::int64_t now = emu_.clock().now();
  json::object summary{{"EventId", emu_.ids().uuid()},
                       {"ClusterArn", c.arn},
                       {"ClusterName", c.name},
                       {"ResourceType", resource_name(resource)},
                       {"EventTime", aws::epoch_seconds(now)},
                       {"Description", std::move(description)},
                       {"EventLevel", level_name(level)}};
  if (!group.empty()) summary["InstanceGroupName"] = group;
  if (node) {
    summary["InstanceId"] = node->instance_id;
    if (metadata.empty()) {
      json::object instance;
      if (!node->logical_id.empty()) instance["NodeLogicalId"] = node->logical_id;
      if (!node->message.empty()) instance["FailureMessage"] = node->message;
      metadata["Instance"] = std::move(instance);
    }
  }
  // Keys sort by time then sequence, so a reload keeps the order.
  char key[64];
  std::snprintf(key, sizeof key, "%s/%016lld-%08zu", c.id.c_str(), static_cast<long long>(now),
                c.events.size());
  emu_.store().put("sagemaker.event", key,
                   json::object{{"summary", summary}, {"metadata", metadata}});
  c.events.push_back({std::move(summary), std::move(metadata)});
}

// --- ListClusterEvents -----------------------------------------------------------------------
json::object SageMaker::list_cluster_events(aws::Call& call, json::object& in) {
  const Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  std::string group = svc::str(in, "InstanceGroupName");
  std::string node = svc::str(in, "NodeId");
  std::string type = svc::str(in, "ResourceType");
  std::vector<ListRow> rows;
  for (const auto& e : c.events) {
    const auto& s = e.summary;
    if (!group.empty() && svc::str(s, "InstanceGroupName") != group) continue;
    if (!node.empty() && svc::str(s, "InstanceId") != node) continue;
    if (!type.empty() && svc::str(s, "ResourceType") != type) continue;
    auto t = static_cast<std::int64_t>(s.at("EventTime").to_number<double>() * 1000.0 + 0.5);
    if (!in_window(in, "EventTime", t)) continue;
    rows.push_back({std::to_string(rows.size()), t, s});
  }
  // Events list newest first unless asked otherwise.
  json::object request = in;
  request["SortBy"] = "CREATION_TIME";
  if (!request.contains("SortOrder")) request["SortOrder"] = "Descending";
  // Same-time events keep the order they happened in.
  for (size_t i = 0; i < rows.size(); ++i) {
    char name[24];
    std::snprintf(name, sizeof name, "%08zu", i);
    rows[i].name = name;
  }
  json::object out;
  out["Events"] = page(rows, request, out);
  return out;
}

// --- DescribeClusterEvent --------------------------------------------------------------------
json::object SageMaker::describe_cluster_event(aws::Call& call, json::object& in) {
  const Cluster& c = cluster_or_throw(call, svc::str(in, "ClusterName"));
  std::string id = svc::str(in, "EventId");
  for (const auto& e : c.events) {
    if (svc::str(e.summary, "EventId") != id) continue;
    json::object detail = e.summary;
    if (!e.metadata.empty()) detail["EventDetails"] = json::object{{"EventMetadata", e.metadata}};
    return {{"EventDetails", std::move(detail)}};
  }
  throw errors::resource_not_found("Could not find event '" + id + "' in cluster '" + c.name +
                                   "'.");
}

}  // namespace hpl::sagemaker
