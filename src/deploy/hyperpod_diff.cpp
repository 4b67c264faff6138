#include "deploy/hyperpod_diff.hpp"

#include "deploy/stack.hpp"

#include <algorithm>

namespace hpl::deploy {

namespace json = boost::json;

namespace {

// Members UpdateCluster cannot change on an existing group; HyperPod rejects the update.
constexpr std::string_view kImmutableGroupMembers[] = {
    "InstanceType",      "ExecutionRole",        "ThreadsPerCore",
    "OverrideVpcConfig", "CapacityRequirements", "InstanceRequirements",
};

// Cluster members UpdateCluster takes as they are.
constexpr std::string_view kUpdatableClusterMembers[] = {
    "NodeRecovery", "NodeProvisioningMode", "ClusterRole", "AutoScaling", "TieredStorageConfig",
};

const json::value* get(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() || it->value().is_null() ? nullptr : &it->value();
}

std::string text(const json::object& o, std::string_view key) {
  const json::value* v = get(o, key);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

const json::array& list(const json::object& o, std::string_view key) {
  static const json::array empty;
  const json::value* v = get(o, key);
  return v && v->is_array() ? v->as_array() : empty;
}

const json::object* find_group(const json::array& groups, const std::string& name) {
  for (const auto& g : groups) {
    if (g.is_object() && text(g.as_object(), "InstanceGroupName") == name) return &g.as_object();
  }
  return nullptr;
}

// Differences within one group; labels and taints compare as whole sets, so removing one
// counts as a change.
void group_fields(const json::object& want, const json::object& have, const std::string& path,
                  std::vector<FieldChange>& out) {
  for (const auto& [k, v] : want) {
    std::string child = path + "." + std::string(k);
    const json::value* h = get(have, k);
    if (k == "KubernetesConfig" && v.is_object()) {
      const json::object* hk = h && h->is_object() ? &h->as_object() : nullptr;
      for (const char* sub : {"Labels", "Taints"}) {
        const json::value* w = get(v.as_object(), sub);
        if (!w) continue;
        const json::value* hs = hk ? get(*hk, sub) : nullptr;
        json::value empty = std::string_view(sub) == "Labels" ? json::value(json::object{})
                                                              : json::value(json::array{});
        if (!same_json(*w, hs ? *hs : empty)) {
          out.push_back({child + "." + sub, hs ? *hs : empty, *w});
        }
      }
      continue;
    }
    diff_specified(v, h ? *h : json::value(), child, out);
  }
}

void diff_groups(const json::object& desired, const json::object& live, std::string_view member,
                 Change& change, HyperPodUpdate& update) {
  json::array changed;
  const json::array& have = list(live, member);
  for (const auto& g : list(desired, member)) {
    const json::object& want = g.as_object();
    std::string name = text(want, "InstanceGroupName");
    std::string path = std::string(member) + "[" + name + "]";
    const json::object* existing = find_group(have, name);
    if (!existing) {
      change.fields.push_back({path, nullptr, want});
      changed.push_back(want);
      continue;
    }
    std::vector<FieldChange> fields;
    json::object compared = want;
    // A group described without counts (hyperpod-local's restricted groups) cannot be compared
    // on them; see docs/compatibility.md.
    if (!get(*existing, "TargetCount")) compared.erase("InstanceCount");
    group_fields(compared, group_as_requested(*existing), path, fields);
    bool mutable_change = false;
    for (auto& f : fields) {
      std::string_view field = std::string_view(f.path).substr(path.size() + 1);
      field = field.substr(0, field.find('.'));
      bool immutable =
          std::find(std::begin(kImmutableGroupMembers), std::end(kImmutableGroupMembers), field) !=
          std::end(kImmutableGroupMembers);
      if (immutable) {
        change.notes.push_back(std::string(field) + " of instance group " + name +
                               " cannot change: delete the group (remove it and apply), then "
                               "add it back");
        change.blocked = true;
      }
      mutable_change = mutable_change || !immutable;
      change.fields.push_back(std::move(f));
    }
    if (mutable_change) changed.push_back(want);
  }
  if (!changed.empty()) update.request[member] = std::move(changed);
  for (const auto& g : have) {
    std::string name = text(g.as_object(), "InstanceGroupName");
    if (find_group(list(desired, member), name)) continue;
    change.fields.push_back(
        {std::string(member) + "[" + name + "]", group_as_requested(g.as_object()), nullptr});
    auto& del = update.request["InstanceGroupsToDelete"];
    if (!del.is_array()) del = json::array{};
    del.as_array().emplace_back(name);
  }
}

void diff_tags(const json::object& desired, const json::array& live_tags, Change& change,
               HyperPodUpdate& update) {
  auto ours = [](std::string_view key) {
    return key.rfind("hpctl:", 0) == 0 || key.rfind("aws:", 0) == 0;
  };
  json::object want, have;
  for (const auto& t : list(desired, "Tags"))
    want[text(t.as_object(), "Key")] = t.as_object().at("Value");
  for (const auto& t : live_tags) {
    std::string key = text(t.as_object(), "Key");
    if (!ours(key)) have[key] = t.as_object().at("Value");
  }
  if (!get(desired, "Tags")) return;  // tags not managed by the stack
  for (const auto& [k, v] : want) {
    const json::value* h = get(have, k);
    if (h && same_json(*h, v)) continue;
    change.fields.push_back({"Tags." + std::string(k), h ? *h : json::value(), v});
    update.tags_to_add.push_back(json::object{{"Key", k}, {"Value", v}});
  }
  for (const auto& [k, v] : have) {
    if (want.contains(k)) continue;
    change.fields.push_back({"Tags." + std::string(k), v, nullptr});
    update.tag_keys_to_delete.emplace_back(k);
  }
}

}  // namespace

json::object group_as_requested(const json::object& d) {
  json::object out;
  for (const char* k :
       {"InstanceGroupName", "InstanceType", "ExecutionRole", "ThreadsPerCore", "LifeCycleConfig",
        "InstanceStorageConfigs", "OnStartDeepHealthChecks", "TrainingPlanArn", "OverrideVpcConfig",
        "ScheduledUpdateConfig", "CapacityRequirements", "SlurmConfig", "NetworkInterface",
        "EnvironmentConfig"}) {
    if (const json::value* v = get(d, k)) out[k] = *v;
  }
  if (const json::value* v = get(d, "TargetCount")) out["InstanceCount"] = *v;
  if (const json::value* v = get(d, "MinCount")) out["MinInstanceCount"] = *v;
  if (const json::value* v = get(d, "DesiredImageId")) out["ImageId"] = *v;
  if (const json::value* r = get(d, "InstanceRequirements"); r && r->is_object()) {
    if (const json::value* types = get(r->as_object(), "DesiredInstanceTypes")) {
      out["InstanceRequirements"] = json::object{{"InstanceTypes", *types}};
    }
  }
  if (const json::value* k = get(d, "KubernetesConfig"); k && k->is_object()) {
    const auto& ko = k->as_object();
    json::object config;
    const json::value* labels =
        get(ko, "DesiredLabels") ? get(ko, "DesiredLabels") : get(ko, "CurrentLabels");
    const json::value* taints =
        get(ko, "DesiredTaints") ? get(ko, "DesiredTaints") : get(ko, "CurrentTaints");
    if (labels) config["Labels"] = *labels;
    if (taints) config["Taints"] = *taints;
    out["KubernetesConfig"] = std::move(config);
  }
  return out;
}

HyperPodUpdate diff_hyperpod(const json::object& desired, const json::object& live,
                             const json::array& live_tags, Change& change) {
  HyperPodUpdate update;
  for (const char* member : {"VpcConfig", "Orchestrator"}) {
    const json::value* want = get(desired, member);
    const json::value* have = get(live, member);
    if (!want || (have && same_json(*want, *have))) continue;
    change.fields.push_back({member, have ? *have : json::value(), *want});
    change.notes.push_back(std::string(member) +
                           " of a HyperPod cluster cannot change: destroy "
                           "and apply to replace the cluster");
    change.blocked = true;
  }
  diff_groups(desired, live, "InstanceGroups", change, update);
  diff_groups(desired, live, "RestrictedInstanceGroups", change, update);
  for (auto member : kUpdatableClusterMembers) {
    const json::value* want = get(desired, member);
    if (!want) continue;
    const json::value* have = get(live, member);
    std::vector<FieldChange> fields;
    diff_specified(*want, have ? *have : json::value(), std::string(member), fields);
    if (fields.empty()) continue;
    for (auto& f : fields) change.fields.push_back(std::move(f));
    update.request[member] = *want;
  }
  diff_tags(desired, live_tags, change, update);
  return update;
}

}  // namespace hpl::deploy
