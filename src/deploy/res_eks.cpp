// The EKS cluster and its managed add-ons, found by name. The cluster is created from
// eks.cluster as written (plus the hpctl:stack tag); what EKS lets change in place goes
// through UpdateClusterConfig, one kind of change per call as EKS requires, each followed
// until DescribeUpdate says Successful.
#include "deploy/engine.hpp"
#include "deploy/error.hpp"

#include <set>

namespace hpl::deploy {

namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

const json::object& member(const json::object& o, std::string_view key) {
  static const json::object empty;
  auto it = o.find(key);
  return it != o.end() && it->value().is_object() ? it->value().as_object() : empty;
}

// The control-plane log types a logging config turns on.
std::set<std::string> enabled_logs(const json::object& logging) {
  std::set<std::string> on;
  const auto* entries = logging.if_contains("clusterLogging");
  for (const auto& e : entries && entries->is_array() ? entries->as_array() : json::array{}) {
    const auto& eo = e.as_object();
    bool enabled =
        eo.contains("enabled") && eo.at("enabled").is_bool() && eo.at("enabled").as_bool();
    const auto* types = eo.if_contains("types");
    for (const auto& t : types && types->is_array() ? types->as_array() : json::array{}) {
      if (enabled)
        on.insert(std::string(t.as_string()));
      else
        on.erase(std::string(t.as_string()));
    }
  }
  return on;
}

json::value as_json(const std::set<std::string>& s) {
  json::array a;
  for (const auto& x : s) a.emplace_back(x);
  return a;
}

Poll cluster_poll(Context& ctx, const std::string& name) {
  try {
    auto c = ctx.aws.call("eks", "DescribeCluster", {{"name", name}}).at("cluster").as_object();
    std::string status = text(c, "status");
    if (status == "ACTIVE") return {Poll::Outcome::Ready, status};
    if (status == "FAILED") {
      return {Poll::Outcome::Failed, status, "",
              "EKS could not create the cluster; see its "
              "health issues with aws eks describe-cluster"};
    }
    return {Poll::Outcome::Waiting, status};
  } catch (const Error& e) {
    if (is_not_found(e)) return {Poll::Outcome::Gone, "deleted"};
    throw;
  }
}

class EksCluster : public Resource {
 public:
  explicit EksCluster(const EksSpec& spec) : spec_(spec) {}
  std::string kind() const override { return "eks-cluster"; }
  std::string name() const override { return spec_.name; }
  bool exists() const override { return !live_.empty(); }

  void read(Context& ctx) override {
    live_ = {};
    try {
      live_ =
          ctx.aws.call("eks", "DescribeCluster", {{"name", spec_.name}}).at("cluster").as_object();
      ctx.refs.set("eks.arn", live_.at("arn"));
    } catch (const Error& e) {
      if (!is_not_found(e)) throw;
    }
  }

  Change plan(Context& ctx) override {
    Change c{kind(), name()};
    auto cc = ctx.convert();
    desired_ = eks_cluster_request(ctx.stack, cc, false).value_or(json::object{});
    updates_.clear();
    if (!exists()) {
      c.action = Action::Create;
      for (const auto& [k, v] : desired_) c.fields.push_back({std::string(k), nullptr, v});
      return c;
    }
    c.state = text(live_, "status");
    if (c.state == "CREATING" || c.state == "UPDATING")
      c.notes.push_back(c.state + ": apply waits for ACTIVE");
    immutable(c);
    endpoint_access(c);
    logging(c);
    access(c);
    tags(c);
    if (!updates_.empty()) c.action = Action::Update;
    return c;
  }

  void apply(Context& ctx, const Change& change) override {
    ctx.progress.start(label(), change.action == Action::Create ? "creating" : "updating");
    if (change.action == Action::Create) {
      json::object in = desired_;
      json::object tags = in.contains("tags") ? in["tags"].as_object() : json::object{};
      tags[kStackTag] = ctx.stack.name;
      in["tags"] = std::move(tags);
      try {
        ctx.aws.call("eks", "CreateCluster", in);
      } catch (const Error& e) {
        if (e.code() != "ResourceInUseException") throw;  // created by an interrupted run
      }
    }
    for (const auto& update : updates_) {
      ctx.progress.start(label(), "updating " + std::string(update.begin()->key()));
      json::object in = update;
      in["name"] = spec_.name;
      auto out = ctx.aws.call("eks", "UpdateClusterConfig", in);
      std::string id = text(member(out, "update"), "id");
      wait_for(ctx, label(), [&]() {
        auto u = ctx.aws.call("eks", "DescribeUpdate", {{"name", spec_.name}, {"updateId", id}});
        std::string status = text(member(u, "update"), "status");
        if (status == "Successful") return Poll{Poll::Outcome::Ready, "ACTIVE"};
        if (status == "Failed" || status == "Cancelled") {
          return Poll{Poll::Outcome::Failed, "update " + status, "",
                      "UpdateClusterConfig " + id + " " + status};
        }
        return Poll{Poll::Outcome::Waiting, "UPDATING", "update " + id + " " + status};
      });
    }
    if (change.action == Action::Create) {
      wait_for(ctx, label(), [&]() { return cluster_poll(ctx, spec_.name); });
    }
    read(ctx);
  }

  void ensure_ready(Context& ctx) override {
    if (!exists() || text(live_, "status") == "ACTIVE") return;
    ctx.progress.start(label(), text(live_, "status"));
    wait_for(ctx, label(), [&]() { return cluster_poll(ctx, spec_.name); });
    read(ctx);
  }

  void destroy(Context& ctx) override {
    if (!exists()) return;
    ctx.progress.start(label(), "deleting");
    std::string status = text(live_, "status");
    if (status == "CREATING" || status == "UPDATING") {
      // EKS refuses to delete a cluster in the middle of a change.
      wait_for(ctx, label(), [&]() { return cluster_poll(ctx, spec_.name); });
      ctx.progress.start(label(), "deleting");
    }
    try {
      ctx.aws.call("eks", "DeleteCluster", {{"name", spec_.name}});
    } catch (const Error& e) {
      if (!is_not_found(e)) throw;
    }
    wait_for(
        ctx, label(), [&]() { return cluster_poll(ctx, spec_.name); }, true);
    live_ = {};
  }

  StatusRow status() const override {
    if (!exists()) return {kind(), name(), "", "absent", ""};
    return {kind(), name(), text(live_, "arn"), text(live_, "status"),
            "Kubernetes " + text(live_, "version")};
  }

 private:
  void blocked(Change& c, const std::string& field, const json::value& before,
               const json::value& after, const std::string& why) {
    c.fields.push_back({field, before, after});
    c.notes.push_back(why);
    c.blocked = true;
  }

  void immutable(Change& c) {
    std::string version = text(desired_, "version");
    if (!version.empty() && version != text(live_, "version")) {
      blocked(c, "version", live_.at("version"), json::string(version),
              "upgrading Kubernetes needs UpdateClusterVersion, which hpctl does not run yet");
    }
    if (desired_.contains("roleArn") && text(desired_, "roleArn") != text(live_, "roleArn")) {
      blocked(c, "roleArn", live_.at("roleArn"), desired_.at("roleArn"),
              "an EKS cluster's role cannot change: destroy and apply to replace the cluster");
    }
    const auto& want = member(desired_, "resourcesVpcConfig");
    const auto& have = member(live_, "resourcesVpcConfig");
    for (const char* list : {"subnetIds", "securityGroupIds"}) {
      if (want.contains(list) &&
          !same_json(want.at(list), have.contains(list) ? have.at(list) : json::array{})) {
        blocked(c, std::string("resourcesVpcConfig.") + list,
                have.contains(list) ? have.at(list) : json::value(), want.at(list),
                std::string("hpctl cannot change the cluster's ") + list + " in place");
      }
    }
  }

  // TODO: send changed tags with EKS TagResource / UntagResource (hyperpod-local does not
  // serve them yet); until then plan says the tags differ and apply leaves them.
  void tags(Change& c) {
    if (!desired_.contains("tags")) return;
    const auto& want = member(desired_, "tags");
    const auto& have = member(live_, "tags");
    std::string differing;
    for (const auto& [key, value] : want) {
      auto it = have.find(key);
      if (it == have.end() || !same_json(it->value(), value)) {
        differing += (differing.empty() ? "" : ", ") + std::string(key);
      }
    }
    for (const auto& [key, value] : have) {
      if (!want.contains(key) && key != kStackTag) {
        differing += (differing.empty() ? "" : ", ") + std::string(key);
      }
    }
    if (differing.empty()) return;
    c.notes.push_back("tags differ from the file (" + differing +
                      "); hpctl does not change an EKS cluster's tags yet");
  }

  void endpoint_access(Change& c) {
    const auto& want = member(desired_, "resourcesVpcConfig");
    const auto& have = member(live_, "resourcesVpcConfig");
    json::object update;
    for (const char* field :
         {"endpointPublicAccess", "endpointPrivateAccess", "publicAccessCidrs"}) {
      if (!want.contains(field)) continue;
      json::value before = have.contains(field) ? have.at(field) : json::value();
      if (same_json(want.at(field), before)) continue;
      c.fields.push_back({std::string("resourcesVpcConfig.") + field, before, want.at(field)});
      update[field] = want.at(field);
    }
    if (!update.empty()) updates_.push_back({{"resourcesVpcConfig", std::move(update)}});
  }

  void logging(Change& c) {
    if (!desired_.contains("logging")) return;
    auto want = enabled_logs(member(desired_, "logging"));
    auto have = enabled_logs(member(live_, "logging"));
    if (want == have) return;
    c.fields.push_back({"logging (enabled types)", as_json(have), as_json(want)});
    updates_.push_back({{"logging", desired_.at("logging")}});
  }

  void access(Change& c) {
    std::string want = text(member(desired_, "accessConfig"), "authenticationMode");
    std::string have = text(member(live_, "accessConfig"), "authenticationMode");
    if (want.empty() || want == have) return;
    c.fields.push_back({"accessConfig.authenticationMode", json::string(have), json::string(want)});
    // EKS moves CONFIG_MAP -> API_AND_CONFIG_MAP -> API, never back.
    if ((have == "API" && want != "API") ||
        (have == "API_AND_CONFIG_MAP" && want == "CONFIG_MAP")) {
      c.notes.push_back("EKS cannot change the authentication mode from " + have + " to " + want);
      c.blocked = true;
      return;
    }
    updates_.push_back({{"accessConfig", json::object{{"authenticationMode", want}}}});
  }

  const EksSpec& spec_;
  json::object live_;
  json::object desired_;
  std::vector<json::object> updates_;  // UpdateClusterConfig inputs, one kind each
};

Poll addon_poll(Context& ctx, const std::string& cluster, const std::string& addon) {
  try {
    auto a = ctx.aws.call("eks", "DescribeAddon", {{"clusterName", cluster}, {"addonName", addon}})
                 .at("addon")
                 .as_object();
    std::string status = text(a, "status");
    if (status == "ACTIVE") return {Poll::Outcome::Ready, status, text(a, "addonVersion")};
    if (status == "CREATE_FAILED" || status == "UPDATE_FAILED" || status == "DEGRADED" ||
        status == "DELETE_FAILED") {
      return {Poll::Outcome::Failed, status, "",
              "see aws eks describe-addon --cluster-name " + cluster + " --addon-name " + addon};
    }
    return {Poll::Outcome::Waiting, status, text(a, "addonVersion")};
  } catch (const Error& e) {
    if (is_not_found(e)) return {Poll::Outcome::Gone, "deleted"};
    throw;
  }
}

class EksAddon : public Resource {
 public:
  EksAddon(const EksSpec& spec, size_t index) : spec_(spec), index_(index) {
    const Node* n = spec.addons->items[index].find("addonName");
    addon_ = n && n->is_scalar() ? n->text : "addon-" + std::to_string(index);
  }
  std::string kind() const override { return "eks-addon"; }
  std::string name() const override { return spec_.name + "/" + addon_; }
  bool exists() const override { return !live_.empty(); }

  void read(Context& ctx) override {
    live_ = {};
    try {
      live_ =
          ctx.aws.call("eks", "DescribeAddon", {{"clusterName", spec_.name}, {"addonName", addon_}})
              .at("addon")
              .as_object();
    } catch (const Error& e) {
      if (!is_not_found(e)) throw;  // no add-on, or no cluster yet
    }
  }

  Change plan(Context& ctx) override {
    Change c{kind(), name()};
    auto cc = ctx.convert();
    auto requests = eks_addon_requests(ctx.stack, cc, false);
    desired_ = index_ < requests.size() && requests[index_] ? *requests[index_] : json::object{};
    if (!exists()) {
      c.action = Action::Create;
      for (const auto& [k, v] : desired_) c.fields.push_back({std::string(k), nullptr, v});
      return c;
    }
    c.state = text(live_, "status");
    update_ = {};
    for (const char* field : {"addonVersion", "serviceAccountRoleArn", "configurationValues"}) {
      if (!desired_.contains(field)) continue;
      json::value before = live_.contains(field) ? live_.at(field) : json::value();
      if (same_json(desired_.at(field), before)) continue;
      c.fields.push_back({field, before, desired_.at(field)});
      update_[field] = desired_.at(field);
    }
    if (!update_.empty()) c.action = Action::Update;
    return c;
  }

  void apply(Context& ctx, const Change& change) override {
    ctx.progress.start(label(), change.action == Action::Create ? "creating" : "updating");
    if (change.action == Action::Create) {
      json::object in = desired_;
      in["clusterName"] = spec_.name;
      try {
        ctx.aws.call("eks", "CreateAddon", in);
      } catch (const Error& e) {
        if (e.code() != "ResourceInUseException") throw;
      }
    } else {
      json::object in = update_;
      in["clusterName"] = spec_.name;
      in["addonName"] = addon_;
      if (desired_.contains("resolveConflicts"))
        in["resolveConflicts"] = desired_.at("resolveConflicts");
      ctx.aws.call("eks", "UpdateAddon", in);
    }
    wait_for(ctx, label(), [&]() { return addon_poll(ctx, spec_.name, addon_); });
    read(ctx);
  }

  void ensure_ready(Context& ctx) override {
    if (!exists() || text(live_, "status") == "ACTIVE") return;
    ctx.progress.start(label(), text(live_, "status"));
    wait_for(ctx, label(), [&]() { return addon_poll(ctx, spec_.name, addon_); });
  }

  void destroy(Context& ctx) override {
    if (!exists()) return;
    ctx.progress.start(label(), "deleting");
    try {
      ctx.aws.call("eks", "DeleteAddon", {{"clusterName", spec_.name}, {"addonName", addon_}});
    } catch (const Error& e) {
      if (!is_not_found(e)) throw;
    }
    wait_for(
        ctx, label(), [&]() { return addon_poll(ctx, spec_.name, addon_); }, true);
    live_ = {};
  }

  StatusRow status() const override {
    if (!exists()) return {kind(), name(), "", "absent", ""};
    return {kind(), name(), text(live_, "addonVersion"), text(live_, "status"), ""};
  }

 private:
  const EksSpec& spec_;
  size_t index_;
  std::string addon_;
  json::object live_, desired_, update_;
};

}  // namespace

void add_eks_resources(const Stack& stack, std::vector<std::unique_ptr<Resource>>& out) {
  if (!stack.eks || !stack.eks->cluster) return;
  out.push_back(std::make_unique<EksCluster>(*stack.eks));
  if (!stack.eks->addons) return;
  for (size_t i = 0; i < stack.eks->addons->items.size(); ++i) {
    out.push_back(std::make_unique<EksAddon>(*stack.eks, i));
  }
}

}  // namespace hpl::deploy
