// hpctl status: what exists of a stack (or of one HyperPod cluster), read from the services.
#include "deploy/error.hpp"
#include "deploy/session.hpp"

#include <ctime>

namespace hpl::deploy {

namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return "";
  if (it->value().is_string()) return std::string(it->value().as_string());
  if (it->value().is_number()) return std::to_string(it->value().to_number<std::int64_t>());
  return "";
}

// SageMaker answers timestamps as epoch seconds.
std::string timestamp(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_number()) return "";
  std::time_t t = static_cast<std::time_t>(it->value().to_number<double>());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", std::gmtime(&t));
  return buf;
}

void print_details(std::ostream& out, const json::object& details) {
  std::vector<std::vector<std::string>> groups, nodes;
  for (const auto& g : details.at("instanceGroups").as_array()) {
    const auto& go = g.as_object();
    groups.push_back({text(go, "name"), text(go, "instanceType"), text(go, "status"),
                      text(go, "currentCount") + "/" + text(go, "targetCount"),
                      go.at("restricted").as_bool() ? "restricted" : ""});
  }
  for (const auto& n : details.at("nodes").as_array()) {
    const auto& no = n.as_object();
    const auto* st = no.if_contains("InstanceStatus");
    nodes.push_back({text(no, "InstanceId"), text(no, "InstanceGroupName"),
                     text(no, "InstanceType"),
                     st && st->is_object() ? text(st->as_object(), "Status") : "",
                     timestamp(no, "LaunchTime")});
  }
  out << "\nInstance groups:\n";
  print_table(out, {"GROUP", "TYPE", "STATUS", "NODES", ""}, groups);
  out << "\nNodes:\n";
  if (nodes.empty())
    out << "(none)\n";
  else
    print_table(out, {"INSTANCE", "GROUP", "TYPE", "STATUS", "LAUNCHED"}, nodes);
}

}  // namespace

int run_status(const CommandOptions& o, std::ostream& out, std::ostream& err) {
  Session s;
  HyperPodSpec single;
  if (!o.cluster.empty()) {
    connect(o, s, err);
    single.name = o.cluster;
    s.resources.push_back(make_hyperpod_cluster(single));
  } else {
    if (auto rc = load(o, s, out, err)) return *rc;
    connect(o, s, err);
    s.resources = build_resources(*s.stack);
  }
  json::array rows;
  std::vector<std::vector<std::string>> table;
  json::object details;
  for (auto& r : s.resources) {
    r->read(*s.ctx);
    StatusRow row = r->status();
    rows.push_back(json::object{{"kind", row.kind},
                                {"name", row.name},
                                {"id", row.id},
                                {"state", row.state},
                                {"detail", row.detail}});
    table.push_back({row.kind, row.name, row.state, row.id, row.detail});
    if (auto d = r->details(); !d.empty()) details = std::move(d);
  }
  if (json_out(o)) {
    json::object doc{{"region", s.aws->region()}, {"resources", std::move(rows)}};
    if (!s.stack->name.empty()) doc["stack"] = s.stack->name;
    if (!details.empty()) {
      doc["instanceGroups"] = details["instanceGroups"];
      doc["nodes"] = details["nodes"];
    }
    print_json(out, doc);
  } else {
    print_table(out, {"KIND", "NAME", "STATE", "ID", "DETAIL"}, table);
    if (!details.empty()) print_details(out, details);
  }
  if (!o.cluster.empty() && !s.resources.front()->exists()) {
    err << "hpctl: no HyperPod cluster named " << o.cluster << " in " << s.aws->region() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace hpl::deploy
