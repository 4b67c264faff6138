// The SageMaker HyperPod cluster, found by ClusterName. Created from hyperpod.cluster as
// written (plus the hpctl:stack tag); changed with one UpdateCluster carrying the groups that
// differ and InstanceGroupsToDelete; tags with AddTags / DeleteTags. Waiting follows the
// cluster to InService and every instance group to its target count, showing nodes as they
// come up.
#include "deploy/engine.hpp"
#include "deploy/error.hpp"
#include "deploy/hyperpod_diff.hpp"

namespace hpl::deploy {

namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

std::int64_t number(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_number() ? it->value().to_number<std::int64_t>() : 0;
}

struct Snapshot {
  json::object cluster;  // DescribeCluster, empty when there is none
  json::array nodes;     // ListClusterNodes summaries
};

Snapshot describe(Context& ctx, const std::string& name) {
  Snapshot s;
  try {
    s.cluster = ctx.aws.call("sagemaker", "DescribeCluster", {{"ClusterName", name}});
  } catch (const Error& e) {
    if (is_not_found(e)) return s;
    throw;
  }
  json::object in{{"ClusterName", name}, {"MaxResults", 100}};
  while (true) {
    auto page = ctx.aws.call("sagemaker", "ListClusterNodes", in);
    if (auto* nodes = page.if_contains("ClusterNodeSummaries")) {
      for (auto& n : nodes->as_array()) s.nodes.push_back(n);
    }
    std::string next = text(page, "NextToken");
    if (next.empty()) break;
    in["NextToken"] = next;
  }
  return s;
}

// "nodes 3/4 Running", counted against the groups' target counts.
std::string node_detail(const Snapshot& s, std::int64_t& running, std::int64_t& target) {
  running = target = 0;
  for (const char* list : {"InstanceGroups", "RestrictedInstanceGroups"}) {
    const auto* groups = s.cluster.if_contains(list);
    for (const auto& g : groups && groups->is_array() ? groups->as_array() : json::array{}) {
      target += number(g.as_object(), "TargetCount");
    }
  }
  for (const auto& n : s.nodes) {
    const auto* st = n.as_object().if_contains("InstanceStatus");
    if (st && st->is_object() && text(st->as_object(), "Status") == "Running") ++running;
  }
  return "nodes " + std::to_string(running) + "/" + std::to_string(target) + " Running";
}

bool groups_settled(const json::object& cluster) {
  for (const char* list : {"InstanceGroups", "RestrictedInstanceGroups"}) {
    const auto* groups = cluster.if_contains(list);
    for (const auto& g : groups && groups->is_array() ? groups->as_array() : json::array{}) {
      const auto& go = g.as_object();
      if (number(go, "CurrentCount") != number(go, "TargetCount")) return false;
      std::string status = text(go, "Status");
      if (!status.empty() && status != "InService") return false;
    }
  }
  return true;
}

Poll cluster_poll(Context& ctx, const std::string& name, bool& rolled_back) {
  Snapshot s = describe(ctx, name);
  if (s.cluster.empty()) return {Poll::Outcome::Gone, "deleted"};
  std::string status = text(s.cluster, "ClusterStatus");
  std::int64_t running = 0, target = 0;
  std::string detail = node_detail(s, running, target);
  if (status == "Failed" || status == "RollbackFailed") {
    return {Poll::Outcome::Failed, status, detail, text(s.cluster, "FailureMessage")};
  }
  rolled_back = rolled_back || status == "RollingBack";
  if (const auto* as = s.cluster.if_contains("AutoScaling"); as && as->is_object()) {
    std::string as_status = text(as->as_object(), "Status");
    if (as_status == "Failed") {
      return {Poll::Outcome::Failed, "autoscaling Failed", detail,
              text(as->as_object(), "FailureMessage")};
    }
    if (text(as->as_object(), "Mode") == "Enable" && as_status != "InService") {
      return {Poll::Outcome::Waiting, status, detail + ", autoscaling " + as_status};
    }
  }
  bool ready = status == "InService" && groups_settled(s.cluster) && running == target;
  return {ready ? Poll::Outcome::Ready : Poll::Outcome::Waiting, status, detail};
}

class HyperPodCluster : public Resource {
 public:
  explicit HyperPodCluster(const HyperPodSpec& spec) : spec_(spec) {}
  std::string kind() const override { return "hyperpod-cluster"; }
  std::string name() const override { return spec_.name; }
  bool exists() const override { return !live_.cluster.empty(); }

  void read(Context& ctx) override {
    live_ = describe(ctx, spec_.name);
    tags_ = {};
    if (!exists()) return;
    ctx.refs.set("hyperpod.arn", live_.cluster.at("ClusterArn"));
    json::object in{{"ResourceArn", live_.cluster.at("ClusterArn")}, {"MaxResults", 100}};
    while (true) {
      auto page = ctx.aws.call("sagemaker", "ListTags", in);
      if (auto* tags = page.if_contains("Tags")) {
        for (auto& t : tags->as_array()) tags_.push_back(t);
      }
      std::string next = text(page, "NextToken");
      if (next.empty()) break;
      in["NextToken"] = next;
    }
  }

  Change plan(Context& ctx) override {
    Change c{kind(), name()};
    auto cc = ctx.convert();
    desired_ = hyperpod_request(ctx.stack, cc, false).value_or(json::object{});
    update_ = {};
    if (!exists()) {
      c.action = Action::Create;
      for (const auto& [k, v] : desired_) {
        if (k != "InstanceGroups" && k != "RestrictedInstanceGroups") {
          c.fields.push_back({std::string(k), nullptr, v});
          continue;
        }
        for (const auto& g : v.as_array()) {
          c.fields.push_back(
              {std::string(k) + "[" + text(g.as_object(), "InstanceGroupName") + "]", nullptr, g});
        }
      }
      return c;
    }
    c.state = text(live_.cluster, "ClusterStatus");
    if (c.state == "Failed") {
      c.notes.push_back("the cluster is Failed (" + text(live_.cluster, "FailureMessage") +
                        "): destroy it and apply again");
      c.blocked = true;
      return c;
    }
    update_ = diff_hyperpod(desired_, live_.cluster, tags_, c);
    if (!c.fields.empty()) c.action = Action::Update;
    if (c.state != "InService") c.notes.push_back(c.state + ": apply waits for InService");
    return c;
  }

  void apply(Context& ctx, const Change& change) override {
    ctx.progress.start(label(), change.action == Action::Create ? "creating" : "updating");
    if (change.action == Action::Create) {
      json::object in = desired_;
      json::array tags = in.contains("Tags") ? in["Tags"].as_array() : json::array{};
      for (auto& t : stack_tags(ctx.stack, "")) tags.push_back(t);
      in["Tags"] = std::move(tags);
      try {
        ctx.aws.call("sagemaker", "CreateCluster", in);
      } catch (const Error& e) {
        if (e.code() != "ResourceInUse") throw;  // created by an interrupted run
      }
    } else {
      bool rolled_back = false;
      if (cluster_poll(ctx, spec_.name, rolled_back).outcome != Poll::Outcome::Ready) {
        wait_ready(ctx);  // UpdateCluster needs an InService cluster
        ctx.progress.start(label(), "updating");
      }
      update(ctx);
    }
    wait_ready(ctx);
    read(ctx);
  }

  void ensure_ready(Context& ctx) override {
    if (!exists()) return;
    bool rolled_back = false;
    if (cluster_poll(ctx, spec_.name, rolled_back).outcome == Poll::Outcome::Ready) return;
    ctx.progress.start(label(), text(live_.cluster, "ClusterStatus"));
    wait_ready(ctx);
    read(ctx);
  }

  void destroy(Context& ctx) override {
    if (!exists()) return;
    ctx.progress.start(label(), "deleting");
    while (true) {
      try {
        ctx.aws.call("sagemaker", "DeleteCluster", {{"ClusterName", spec_.name}});
        break;
      } catch (const Error& e) {
        if (is_not_found(e)) break;
        // HyperPod refuses while the cluster is being created or updated; wait it out.
        if (e.code() != "ConflictException") throw;
        if (interruptible_sleep(ctx.poll_interval)) {
          throw Error(ErrorKind::Interrupted, "interrupted while deleting " + label());
        }
      }
    }
    bool rolled_back = false;
    wait_for(
        ctx, label(), [&]() { return cluster_poll(ctx, spec_.name, rolled_back); }, true);
    live_ = {};
  }

  StatusRow status() const override {
    if (!exists()) return {kind(), name(), "", "absent", ""};
    std::int64_t running = 0, target = 0;
    return {kind(), name(), text(live_.cluster, "ClusterArn"), text(live_.cluster, "ClusterStatus"),
            node_detail(live_, running, target)};
  }

  json::object details() const override {
    if (!exists()) return {};
    json::array groups;
    for (const char* list : {"InstanceGroups", "RestrictedInstanceGroups"}) {
      const auto* gs = live_.cluster.if_contains(list);
      for (const auto& g : gs && gs->is_array() ? gs->as_array() : json::array{}) {
        const auto& go = g.as_object();
        groups.push_back(json::object{{"name", text(go, "InstanceGroupName")},
                                      {"instanceType", text(go, "InstanceType")},
                                      {"status", text(go, "Status")},
                                      {"currentCount", number(go, "CurrentCount")},
                                      {"targetCount", number(go, "TargetCount")},
                                      {"restricted", std::string(list) != "InstanceGroups"}});
      }
    }
    return {{"instanceGroups", std::move(groups)}, {"nodes", live_.nodes}};
  }

 private:
  void wait_ready(Context& ctx) {
    bool rolled_back = false;
    wait_for(ctx, label(), [&]() { return cluster_poll(ctx, spec_.name, rolled_back); });
    if (rolled_back) {
      throw Error(ErrorKind::ResourceFailed,
                  label() + " rolled back the update: " +
                      text(describe(ctx, spec_.name).cluster, "FailureMessage"));
    }
  }

  void update(Context& ctx) {
    if (!update_.request.empty()) {
      json::object in = update_.request;
      in["ClusterName"] = spec_.name;
      ctx.aws.call("sagemaker", "UpdateCluster", in);
    }
    const auto& arn = live_.cluster.at("ClusterArn");
    if (!update_.tags_to_add.empty()) {
      ctx.aws.call("sagemaker", "AddTags", {{"ResourceArn", arn}, {"Tags", update_.tags_to_add}});
    }
    if (!update_.tag_keys_to_delete.empty()) {
      json::array keys;
      for (const auto& k : update_.tag_keys_to_delete) keys.emplace_back(k);
      ctx.aws.call("sagemaker", "DeleteTags", {{"ResourceArn", arn}, {"TagKeys", keys}});
    }
  }

  const HyperPodSpec& spec_;
  Snapshot live_;
  json::array tags_;
  json::object desired_;
  HyperPodUpdate update_;
};

}  // namespace

std::unique_ptr<Resource> make_hyperpod_cluster(const HyperPodSpec& spec) {
  return std::make_unique<HyperPodCluster>(spec);
}

void add_hyperpod_resources(const Stack& stack, std::vector<std::unique_ptr<Resource>>& out) {
  if (stack.hyperpod && stack.hyperpod->cluster) {
    out.push_back(std::make_unique<HyperPodCluster>(*stack.hyperpod));
  }
}

}  // namespace hpl::deploy
