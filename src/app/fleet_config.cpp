#include "app/fleet_config.hpp"

#include "catalog/instance_types.hpp"

#include <yaml-cpp/yaml.h>

#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace hpl {

namespace {

// Reads nodes of one file, failing with its name, line and column.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& what) const {
    std::string where = file_;
    if (!at.Mark().is_null()) {
      where +=
          ":" + std::to_string(at.Mark().line + 1) + ":" + std::to_string(at.Mark().column + 1);
    }
    throw std::runtime_error(where + ": " + what);
  }

  // Every key of `map` must be one of `known`.
  void only(const YAML::Node& map, const std::set<std::string>& known,
            const std::string& what) const {
    if (!map.IsMap()) fail(map, what + " must be a mapping");
    for (const auto& item : map) {
      auto key = item.first.as<std::string>();
      if (known.contains(key)) continue;
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      fail(item.first, "unknown key '" + key + "' in " + what + " (accepted: " + list + ")");
    }
  }

  template <typename T>
  T get(const YAML::Node& node, const std::string& what) const {
    try {
      return node.as<T>();
    } catch (const YAML::Exception&) {
      fail(node, what + " has the wrong type");
    }
  }

  // A pool size: a number of instances, or "unlimited" (-1).
  std::int64_t pool_size(const YAML::Node& node, const std::string& what) const {
    if (node.IsScalar() && node.Scalar() == "unlimited") return -1;
    auto n = get<std::int64_t>(node, what);
    if (n < 0) fail(node, what + " must be 0 or more, or 'unlimited'");
    return n;
  }

 private:
  std::string file_;
};

// A catalog row read from the file, with the accelerator name it points at.
struct Row {
  catalog::InstanceType type;
  std::string accelerator;
};

catalog::AcceleratorKind accelerator_kind(const Reader& r, const YAML::Node& node) {
  using catalog::AcceleratorKind;
  for (auto kind : {AcceleratorKind::None, AcceleratorKind::NvidiaGpu, AcceleratorKind::Trainium,
                    AcceleratorKind::Inferentia}) {
    if (node.IsScalar() && node.Scalar() == catalog::to_string(kind)) return kind;
  }
  r.fail(node, "accelerator_kind must be one of None, NvidiaGpu, Trainium, Inferentia");
}

std::vector<Row> read_instance_types(const Reader& r, const YAML::Node& section) {
  static const std::set<std::string> kFields = {
      "vcpus",          "memory_gib",         "accelerator_kind",
      "accelerator",    "accelerators",       "accelerator_memory_gib",
      "efa_interfaces", "deep_health_checks", "mig",
      "usd_per_hour"};
  if (!section.IsMap()) r.fail(section, "instance_types must map type names to their fields");
  std::vector<Row> rows;
  for (const auto& item : section) {
    auto name = item.first.as<std::string>();
    const auto* current = catalog::find_instance_type(name);
    if (!current) r.fail(item.first, name + " is not a HyperPod instance type");
    const YAML::Node& f = item.second;
    r.only(f, kFields, name);
    Row row{*current, std::string(current->accelerator)};
    auto& t = row.type;
    auto read = [&](const char* field, auto& into) {
      if (f[field])
        into = r.get<std::remove_reference_t<decltype(into)>>(f[field], name + "." + field);
    };
    read("vcpus", t.vcpus);
    read("memory_gib", t.memory_gib);
    read("accelerator", row.accelerator);
    read("accelerators", t.accelerators);
    read("accelerator_memory_gib", t.accelerator_memory_gib);
    read("efa_interfaces", t.efa_interfaces);
    read("deep_health_checks", t.deep_health_checks);
    read("mig", t.mig);
    read("usd_per_hour", t.on_demand_usd_per_hour);
    if (f["accelerator_kind"]) t.accelerator_kind = accelerator_kind(r, f["accelerator_kind"]);
    if (t.vcpus <= 0 || t.memory_gib <= 0) r.fail(f, name + ": vcpus and memory_gib must be > 0");
    if (t.accelerators < 0 || t.accelerator_memory_gib < 0 || t.efa_interfaces < 0 ||
        t.on_demand_usd_per_hour < 0) {
      r.fail(f, name + ": counts, memory and price must not be negative");
    }
    if ((t.accelerator_kind == catalog::AcceleratorKind::None) != (t.accelerators == 0)) {
      r.fail(f, name + ": accelerators must be 0 exactly when accelerator_kind is None");
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void read_capacity(const Reader& r, const YAML::Node& section, Config& config) {
  r.only(section, {"on_demand_default", "spot_default", "pools"}, "capacity");
  if (section["on_demand_default"]) {
    config.default_on_demand_pool =
        r.pool_size(section["on_demand_default"], "capacity.on_demand_default");
  }
  if (section["spot_default"]) {
    config.default_spot_pool = r.pool_size(section["spot_default"], "capacity.spot_default");
  }
  const YAML::Node& pools = section["pools"];
  if (!pools) return;
  if (!pools.IsSequence()) r.fail(pools, "capacity.pools must be a list");
  for (const auto& pool : pools) {
    r.only(pool, {"zone", "instance_type", "capacity_type", "available"}, "a capacity pool");
    for (const char* key : {"zone", "instance_type", "available"}) {
      if (!pool[key]) r.fail(pool, std::string("a capacity pool needs '") + key + "'");
    }
    auto type = r.get<std::string>(pool["instance_type"], "instance_type");
    if (!catalog::find_instance_type(type)) {
      r.fail(pool["instance_type"], type + " is not a HyperPod instance type");
    }
    std::string capacity_type = "OnDemand";
    if (pool["capacity_type"]) capacity_type = r.get<std::string>(pool["capacity_type"], "type");
    if (capacity_type != "OnDemand" && capacity_type != "Spot") {
      r.fail(pool["capacity_type"], "capacity_type must be OnDemand or Spot");
    }
    auto zone = r.get<std::string>(pool["zone"], "zone");
    config.capacity_pools[zone + "/" + type + "/" + capacity_type] =
        r.pool_size(pool["available"], "available");
  }
}

}  // namespace

void load_fleet_config(const std::filesystem::path& file, Config& config) {
  Reader r(file.string());
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    throw std::runtime_error(file.string() + ": cannot read the file");
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                             std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  if (root.IsNull()) return;
  r.only(root, {"instance_types", "capacity"}, "the fleet configuration");
  std::vector<Row> rows;
  if (root["instance_types"]) rows = read_instance_types(r, root["instance_types"]);
  Config read = config;
  if (root["capacity"]) read_capacity(r, root["capacity"], read);
  // Only a file read without error changes anything.
  config = std::move(read);
  for (auto& row : rows) {
    row.type.accelerator = row.accelerator;
    catalog::override_instance_type(row.type);
  }
}

}  // namespace hpl
