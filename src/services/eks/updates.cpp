// EKS cluster configuration updates: UpdateClusterConfig, DescribeUpdate, ListUpdates.
#include "services/common.hpp"
#include "services/eks/eks.hpp"
#include "services/eks/errors.hpp"
#include "services/emulator.hpp"
#include "sim/durations.hpp"

namespace hpl::eks {

namespace json = boost::json;

Update& Eks::start_update(aws::Call& call, Cluster& c, std::string_view type, json::array params,
                          json::object change, std::int64_t duration) {
  Update u;
  u.due = call.now + duration;
  u.change = std::move(change);
  u.doc = {{"id", emu_.ids().uuid()},
           {"status", "InProgress"},
           {"type", type},
           {"params", std::move(params)},
           {"createdAt", aws::epoch_seconds(call.now)},
           {"errors", json::array{}}};
  c.updates.push_back(std::move(u));
  schedule(c);
  return c.updates.back();
}

// An update that succeeded: its change takes effect and the cluster is ACTIVE again.
void Eks::finish_update(Cluster& c, Update& u) {
  u.doc["status"] = "Successful";
  if (!u.addon.empty()) {
    if (auto it = c.addons.find(u.addon); it != c.addons.end()) {
      for (const auto& [k, v] : u.change) it->second.doc[k] = v;
    }
    return;
  }
  for (const auto& [k, v] : u.change) {
    if (k == "accessConfig") {
      auto& access = c.doc["accessConfig"].as_object();
      for (const auto& [ak, av] : v.as_object()) access[ak] = av;
    } else {
      c.doc[k] = v;
    }
  }
  if (svc::str(c.doc, "status") == "UPDATING") c.doc["status"] = "ACTIVE";
}

// Authentication modes only move towards access entries: CONFIG_MAP -> API_AND_CONFIG_MAP ->
// API.
static int mode_rank(std::string_view mode) {
  if (mode == "CONFIG_MAP") return 0;
  if (mode == "API_AND_CONFIG_MAP") return 1;
  return 2;
}

// --- UpdateClusterConfig ---------------------------------------------------------------------
json::object Eks::update_cluster_config(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "name"));
  std::string cluster_name = c.name();
  for (const auto& u : c.updates) {
    if (svc::str(u.doc, "status") == "InProgress" && u.addon.empty()) {
      throw errors::resource_in_use("Cannot update because cluster " + cluster_name +
                                        " currently has update " + svc::str(u.doc, "id") +
                                        " in progress",
                                    cluster_name);
    }
  }
  std::string status = svc::str(c.doc, "status");
  if (status != "ACTIVE") {
    throw errors::resource_in_use(
        "Cluster " + cluster_name + " is in " + status + " status and cannot be updated",
        cluster_name);
  }
  std::string type;
  json::array params;
  json::object change;
  if (const auto* access = svc::opt_object(in, "accessConfig")) {
    std::string current = svc::str(c.doc.at("accessConfig").as_object(), "authenticationMode");
    std::string wanted = svc::str(*access, "authenticationMode", current);
    if (wanted == current) {
      throw errors::invalid_parameter(
          "Unsupported authentication mode update from " + current + " to " + wanted, cluster_name);
    }
    if (mode_rank(wanted) < mode_rank(current)) {
      throw errors::invalid_parameter(
          "Unsupported authentication mode update from " + current + " to " + wanted, cluster_name);
    }
    type = "AccessConfigUpdate";
    params.push_back(json::object{{"type", "AuthenticationMode"}, {"value", wanted}});
    change["accessConfig"] = json::object{{"authenticationMode", wanted}};
  }
  if (const auto* logging = svc::opt_object(in, "logging")) {
    if (!type.empty()) {
      throw errors::invalid_parameter("Only one type of update can be allowed.", cluster_name);
    }
    type = "LoggingUpdate";
    params.push_back(
        json::object{{"type", "ClusterLogging"}, {"value", json::serialize(*logging)}});
    change["logging"] = *logging;
  }
  if (const auto* vpc = svc::opt_object(in, "resourcesVpcConfig")) {
    if (!type.empty()) {
      throw errors::invalid_parameter("Only one type of update can be allowed.", cluster_name);
    }
    type = "EndpointAccessUpdate";
    json::object resources = c.doc.at("resourcesVpcConfig").as_object();
    for (const char* member : {"endpointPublicAccess", "endpointPrivateAccess"}) {
      if (auto v = svc::opt_bool(*vpc, member)) {
        std::string param = member == std::string("endpointPublicAccess") ? "EndpointPublicAccess"
                                                                          : "EndpointPrivateAccess";
        params.push_back(json::object{{"type", param}, {"value", *v ? "true" : "false"}});
        resources[member] = *v;
      }
    }
    if (const auto* cidrs = svc::opt_array(*vpc, "publicAccessCidrs")) {
      params.push_back(
          json::object{{"type", "PublicAccessCidrs"}, {"value", json::serialize(*cidrs)}});
      resources["publicAccessCidrs"] = *cidrs;
    }
    change["resourcesVpcConfig"] = std::move(resources);
  }
  if (type.empty()) {
    throw errors::invalid_parameter("No changes needed for the logging config provided",
                                    cluster_name);
  }
  c.doc["status"] = "UPDATING";
  Update& u = start_update(call, c, type, std::move(params), std::move(change),
                           sim::durations::kEksConfigUpdate);
  json::object out{{"update", u.doc}};
  save(c);
  return out;
}

// --- DescribeUpdate --------------------------------------------------------------------------
json::object Eks::describe_update(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "name"));
  std::string id = svc::str(in, "updateId");
  std::string addon = svc::str(in, "addonName");
  for (const auto& u : c.updates) {
    if (svc::str(u.doc, "id") == id && u.addon == addon) return {{"update", u.doc}};
  }
  throw errors::resource_not_found("No update found for ID: " + id, c.name());
}

// --- ListUpdates -----------------------------------------------------------------------------
json::object Eks::list_updates(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "name"));
  std::string addon = svc::str(in, "addonName");
  json::array ids;
  for (const auto& u : c.updates) {
    if (u.addon == addon) ids.push_back(u.doc.at("id"));
  }
  return {{"updateIds", std::move(ids)}};
}

}  // namespace hpl::eks
