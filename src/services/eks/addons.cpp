// EKS add-on operations.
#include "catalog/eks_addons.hpp"
#include "services/common.hpp"
#include "services/eks/eks.hpp"
#include "services/eks/errors.hpp"
#include "services/emulator.hpp"
#include "services/iam/iam.hpp"
#include "sim/durations.hpp"

namespace hpl::eks {

namespace json = boost::json;

Addon& Eks::addon_or_throw(Cluster& c, const std::string& addon_name) {
  auto it = c.addons.find(addon_name);
  if (it == c.addons.end()) {
    throw errors::resource_not_found("No addon: " + addon_name + " found in cluster: " + c.name(),
                                     c.name())
        .with("addonName", addon_name);
  }
  return it->second;
}

// The catalog entry for `version` (the default for the cluster when empty), checked against
// the cluster's Kubernetes version.
static const catalog::AddonVersion& addon_version(const Cluster& c, const std::string& addon,
                                                  const std::string& version) {
  std::string k8s = svc::str(c.doc, "version");
  auto names = catalog::addon_names();
  if (std::find(names.begin(), names.end(), addon) == names.end()) {
    throw errors::invalid_parameter(
        "Addon " + addon + " specified is not supported in " + k8s + " cluster", c.name())
        .with("addonName", addon);
  }
  const catalog::AddonVersion* v = version.empty() ? catalog::default_addon_version(addon, k8s)
                                                   : catalog::find_addon_version(addon, version);
  if (!v || !catalog::compatible(*v, k8s)) {
    throw errors::invalid_parameter("Addon version specified is not supported", c.name())
        .with("addonName", addon);
  }
  return *v;
}

static void require_active(const Cluster& c) {
  std::string status = svc::str(c.doc, "status");
  if (status != "ACTIVE") {
    throw aws::ApiError("InvalidRequestException", 400,
                        "Cluster " + c.name() + " is in " + status +
                            " status; add-ons can only be changed on an ACTIVE cluster.")
        .with("clusterName", c.name());
  }
}

// --- CreateAddon -----------------------------------------------------------------------------
json::object Eks::create_addon(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "clusterName"));
  std::string addon_name = svc::str(in, "addonName");
  if (c.addons.count(addon_name)) {
    throw errors::resource_in_use("Addon already exists.", c.name()).with("addonName", addon_name);
  }
  const auto& version = addon_version(c, addon_name, svc::str(in, "addonVersion"));
  require_active(c);
  if (auto role = svc::opt_str(in, "serviceAccountRoleArn")) {
    if (!emu_.iam().find_role_by_arn(*role)) {
      throw errors::invalid_parameter("Role " + *role + " does not exist", c.name());
    }
  }
  Addon a;
  a.due = call.now + sim::durations::kAddonCreate;
  a.doc = {{"addonName", addon_name},
           {"clusterName", c.name()},
           {"status", "CREATING"},
           {"addonVersion", version.version},
           {"health", json::object{{"issues", json::array{}}}},
           {"addonArn", "arn:aws:eks:" + call.region + ":" + call.account_id + ":addon/" +
                            c.name() + "/" + addon_name + "/" + emu_.ids().uuid()},
           {"createdAt", aws::epoch_seconds(call.now)},
           {"modifiedAt", aws::epoch_seconds(call.now)},
           {"tags", svc::opt_object(in, "tags") ? in.at("tags") : json::object{}}};
  for (const char* member : {"serviceAccountRoleArn", "configurationValues"}) {
    if (auto v = svc::opt_str(in, member)) a.doc[member] = *v;
  }
  c.addons[addon_name] = a;
  c.self_managed.erase(addon_name);  // the managed add-on takes the self-managed one over
  save(c);
  schedule(c);
  return {{"addon", a.doc}};
}

// --- DescribeAddon ---------------------------------------------------------------------------
json::object Eks::describe_addon(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "clusterName"));
  return {{"addon", addon_or_throw(c, svc::str(in, "addonName")).doc}};
}

// --- ListAddons ------------------------------------------------------------------------------
json::object Eks::list_addons(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "clusterName"));
  json::array names;
  for (const auto& [name, _] : c.addons) names.emplace_back(name);
  return {{"addons", std::move(names)}};
}

// --- UpdateAddon -----------------------------------------------------------------------------
json::object Eks::update_addon(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "clusterName"));
  std::string addon_name = svc::str(in, "addonName");
  Addon& a = addon_or_throw(c, addon_name);
  std::string status = svc::str(a.doc, "status");
  if (status != "ACTIVE" && status != "DEGRADED" && status != "UPDATE_FAILED") {
    throw errors::resource_in_use(
        "Addon " + addon_name + " is in status " + status + " and cannot be updated", c.name())
        .with("addonName", addon_name);
  }
  json::array params;
  json::object change;
  if (auto v = svc::opt_str(in, "addonVersion")) {
    const auto& version = addon_version(c, addon_name, *v);
    params.push_back(json::object{{"type", "AddonVersion"}, {"value", version.version}});
    change["addonVersion"] = version.version;
  }
  for (const char* member : {"serviceAccountRoleArn", "configurationValues"}) {
    if (auto v = svc::opt_str(in, member)) {
      change[member] = *v;
      params.push_back(json::object{
          {"type", std::string(member) == "serviceAccountRoleArn" ? "ServiceAccountRoleArn"
                                                                  : "ConfigurationValues"},
          {"value", *v}});
    }
  }
  if (auto r = svc::opt_str(in, "resolveConflicts")) {
    params.push_back(json::object{{"type", "ResolveConflicts"}, {"value", *r}});
  }
  a.doc["status"] = "UPDATING";
  a.due = call.now + sim::durations::kAddonUpdate;
  Update& u = start_update(call, c, "AddonUpdate", std::move(params), std::move(change),
                           sim::durations::kAddonUpdate);
  u.addon = addon_name;
  save(c);
  return {{"update", u.doc}};
}

// --- DeleteAddon -----------------------------------------------------------------------------
json::object Eks::delete_addon(aws::Call& call, json::object& in) {
  Cluster& c = cluster_or_throw(call, svc::str(in, "clusterName"));
  Addon& a = addon_or_throw(c, svc::str(in, "addonName"));
  a.doc["status"] = "DELETING";
  a.due = call.now + sim::durations::kAddonDelete;
  // With preserve, the software stays on the cluster as a self-managed add-on.
  if (svc::opt_bool(in, "preserve").value_or(false)) {
    c.self_managed[svc::str(a.doc, "addonName")] = svc::str(a.doc, "addonVersion");
  }
  save(c);
  schedule(c);
  return {{"addon", a.doc}};
}

// --- DescribeAddonVersions -------------------------------------------------------------------
json::object Eks::describe_addon_versions(aws::Call&, json::object& in) {
  std::string k8s = svc::str(in, "kubernetesVersion");
  std::string only = svc::str(in, "addonName");
  json::array addons;
  for (auto name : catalog::addon_names()) {
    if (!only.empty() && name != only) continue;
    json::array versions;
    for (const auto& v : catalog::addon_versions()) {
      if (v.addon != name || (!k8s.empty() && !catalog::compatible(v, k8s))) continue;
      json::array compat;
      for (auto kv : v.kubernetes) {
        if (!k8s.empty() && kv != k8s) continue;
        bool is_default =
            std::find(v.default_for.begin(), v.default_for.end(), kv) != v.default_for.end();
        compat.push_back(json::object{{"clusterVersion", kv},
                                      {"platformVersions", json::array{"*"}},
                                      {"defaultVersion", is_default}});
      }
      versions.push_back(json::object{{"addonVersion", v.version},
                                      {"architecture", json::array{"amd64", "arm64"}},
                                      {"computeTypes", json::array{"ec2"}},
                                      {"compatibilities", std::move(compat)},
                                      {"requiresConfiguration", false},
                                      {"requiresIamPermissions", name == "vpc-cni"}});
    }
    if (versions.empty()) continue;
    std::string type = name == "eks-pod-identity-agent" ? "security" : "networking";
    addons.push_back(json::object{{"addonName", name},
                                  {"type", type},
                                  {"addonVersions", std::move(versions)},
                                  {"publisher", "eks"},
                                  {"owner", "aws"}});
  }
  return {{"addons", std::move(addons)}};
}

}  // namespace hpl::eks
