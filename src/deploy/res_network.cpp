// The VPC side: a VPC, its private subnets and the security group HyperPod nodes share. EC2
// picks their ids, so hpctl tags each with hpctl:stack and hpctl:resource and finds it again
// by those tags. The group allows all traffic from and to itself, in both directions: EFA
// needs it, and HyperPod's health checks fail without it.
#include "deploy/engine.hpp"
#include "deploy/error.hpp"

namespace hpl::deploy {

namespace json = boost::json;

namespace {

json::array tag_filters(const Stack& stack, const std::string& resource) {
  return {json::object{{"Name", "tag:" + std::string(kStackTag)},
                       {"Values", json::array{json::string(stack.name)}}},
          json::object{{"Name", "tag:" + std::string(kResourceTag)},
                       {"Values", json::array{json::string(resource)}}}};
}

json::array tag_spec(const Stack& stack, std::string_view type, const std::string& resource,
                     const std::string& name) {
  json::array tags = stack_tags(stack, resource);
  tags.push_back(json::object{{"Key", "Name"}, {"Value", name}});
  return {json::object{{"ResourceType", type}, {"Tags", std::move(tags)}}};
}

std::string text(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

// Deletes with retries while EC2 answers DependencyViolation: ENIs of a cluster that was just
// deleted take a while to go.
void delete_when_free(Context& ctx, const std::string& label, const std::string& operation,
                      const json::object& input) {
  wait_for(
      ctx, label,
      [&]() {
        try {
          ctx.aws.call("ec2", operation, input);
          return Poll{Poll::Outcome::Gone, "deleted"};
        } catch (const Error& e) {
          if (is_not_found(e)) return Poll{Poll::Outcome::Gone, "deleted"};
          if (e.code() != "DependencyViolation") throw;
          return Poll{Poll::Outcome::Waiting, "in use", e.aws_message()};
        }
      },
      true);
}

class Vpc : public Resource {
 public:
  explicit Vpc(const NetworkSpec& spec) : spec_(spec) {}
  std::string kind() const override { return "vpc"; }
  std::string name() const override { return spec_.vpc_cidr; }
  bool exists() const override { return !live_.empty(); }

  void read(Context& ctx) override {
    live_ = {};
    auto out = ctx.aws.call("ec2", "DescribeVpcs", {{"Filters", tag_filters(ctx.stack, "vpc")}});
    if (auto* vpcs = out.if_contains("Vpcs"); vpcs && !vpcs->as_array().empty()) {
      live_ = vpcs->as_array().front().as_object();
      ctx.refs.set("network.vpcId", live_.at("VpcId"));
    }
  }

  Change plan(Context&) override {
    Change c{kind(), name()};
    if (!exists()) {
      c.action = Action::Create;
      c.fields.push_back({"CidrBlock", nullptr, json::string(spec_.vpc_cidr)});
    } else if (text(live_, "CidrBlock") != spec_.vpc_cidr) {
      c.fields.push_back({"CidrBlock", live_.at("CidrBlock"), json::string(spec_.vpc_cidr)});
      c.notes.push_back("a VPC's CIDR block cannot change: destroy and apply to replace it");
      c.blocked = true;
    }
    return c;
  }

  void apply(Context& ctx, const Change& change) override {
    if (change.action != Action::Create) return;
    ctx.progress.start(label(), "creating");
    std::string name = spec_.vpc_name.empty() ? ctx.stack.name + "-vpc" : spec_.vpc_name;
    auto out = ctx.aws.call("ec2", "CreateVpc",
                            {{"CidrBlock", spec_.vpc_cidr},
                             {"TagSpecifications", tag_spec(ctx.stack, "vpc", "vpc", name)}});
    std::string id = text(out.at("Vpc").as_object(), "VpcId");
    wait_for(ctx, label(), [&]() {
      auto d = ctx.aws.call("ec2", "DescribeVpcs", {{"VpcIds", json::array{json::string(id)}}});
      const auto& vpc = d.at("Vpcs").as_array().front().as_object();
      std::string state = text(vpc, "State");
      return Poll{state == "available" ? Poll::Outcome::Ready : Poll::Outcome::Waiting, state};
    });
    read(ctx);
  }

  void destroy(Context& ctx) override {
    if (!exists()) return;
    ctx.progress.start(label(), "deleting");
    delete_when_free(ctx, label(), "DeleteVpc", {{"VpcId", live_.at("VpcId")}});
    live_ = {};
  }

  StatusRow status() const override {
    if (!exists()) return {kind(), name(), "", "absent", ""};
    return {kind(), name(), text(live_, "VpcId"), text(live_, "State"), ""};
  }

 private:
  const NetworkSpec& spec_;
  json::object live_;
};

class Subnet : public Resource {
 public:
  Subnet(const NetworkSpec& net, size_t index) : net_(net), index_(index) {}
  std::string kind() const override { return "subnet"; }
  std::string name() const override {
    return spec().cidr_block + " (" + spec().availability_zone + ")";
  }
  bool exists() const override { return !live_.empty(); }

  void read(Context& ctx) override {
    live_ = {};
    auto out =
        ctx.aws.call("ec2", "DescribeSubnets", {{"Filters", tag_filters(ctx.stack, resource())}});
    if (auto* subnets = out.if_contains("Subnets"); subnets && !subnets->as_array().empty()) {
      live_ = subnets->as_array().front().as_object();
      publish(ctx);
    }
  }

  Change plan(Context& ctx) override {
    Change c{kind(), name()};
    if (!exists()) {
      c.action = Action::Create;
      c.fields.push_back({"VpcId", nullptr, *ctx.refs.get("network.vpcId")});
      c.fields.push_back({"AvailabilityZone", nullptr, json::string(spec().availability_zone)});
    } else if (text(live_, "AvailabilityZone") != spec().availability_zone) {
      c.fields.push_back({"AvailabilityZone", live_.at("AvailabilityZone"),
                          json::string(spec().availability_zone)});
      c.notes.push_back("a subnet cannot move to another availability zone: destroy and apply");
      c.blocked = true;
    }
    return c;
  }

  void apply(Context& ctx, const Change& change) override {
    if (change.action != Action::Create) return;
    ctx.progress.start(label(), "creating");
    std::string name = ctx.stack.name + "-private-" + spec().availability_zone;
    auto out =
        ctx.aws.call("ec2", "CreateSubnet",
                     {{"VpcId", *ctx.refs.get("network.vpcId")},
                      {"CidrBlock", spec().cidr_block},
                      {"AvailabilityZone", spec().availability_zone},
                      {"TagSpecifications", tag_spec(ctx.stack, "subnet", resource(), name)}});
    std::string id = text(out.at("Subnet").as_object(), "SubnetId");
    wait_for(ctx, label(), [&]() {
      auto d =
          ctx.aws.call("ec2", "DescribeSubnets", {{"SubnetIds", json::array{json::string(id)}}});
      std::string state = text(d.at("Subnets").as_array().front().as_object(), "State");
      return Poll{state == "available" ? Poll::Outcome::Ready : Poll::Outcome::Waiting, state};
    });
    read(ctx);
  }

  void destroy(Context& ctx) override {
    if (!exists()) return;
    ctx.progress.start(label(), "deleting");
    delete_when_free(ctx, label(), "DeleteSubnet", {{"SubnetId", live_.at("SubnetId")}});
    live_ = {};
  }

  StatusRow status() const override {
    if (!exists()) return {kind(), name(), "", "absent", ""};
    return {kind(), name(), text(live_, "SubnetId"), text(live_, "State"), ""};
  }

 private:
  const SubnetSpec& spec() const { return net_.subnets[index_]; }
  // Subnets are told apart by their CIDR block, unique within the VPC.
  std::string resource() const { return "subnet:" + spec().cidr_block; }

  // ${network.subnetIds} is known once every subnet of the stack is.
  void publish(Context& ctx) {
    ctx.refs.set("network.subnets." + std::to_string(index_), live_.at("SubnetId"));
    json::array ids;
    for (size_t i = 0; i < net_.subnets.size(); ++i) {
      auto v = ctx.refs.get("network.subnets." + std::to_string(i));
      if (!v) return;
      ids.push_back(*v);
    }
    ctx.refs.set("network.subnetIds", std::move(ids));
  }

  const NetworkSpec& net_;
  size_t index_;
  json::object live_;
};

class SecurityGroup : public Resource {
 public:
  explicit SecurityGroup(const NetworkSpec& spec) : spec_(spec) {}
  std::string kind() const override { return "security-group"; }
  std::string name() const override { return group_name_; }
  bool exists() const override { return !live_.empty(); }

  void read(Context& ctx) override {
    group_name_ = spec_.group_name.empty() ? ctx.stack.name + "-hyperpod-efa" : spec_.group_name;
    live_ = {};
    auto out = ctx.aws.call("ec2", "DescribeSecurityGroups",
                            {{"Filters", tag_filters(ctx.stack, "security-group")}});
    if (auto* groups = out.if_contains("SecurityGroups"); groups && !groups->as_array().empty()) {
      live_ = groups->as_array().front().as_object();
      ctx.refs.set("network.securityGroupId", live_.at("GroupId"));
      ctx.refs.set("network.securityGroupIds", json::array{live_.at("GroupId")});
    }
  }

  Change plan(Context&) override {
    Change c{kind(), name()};
    if (!exists()) {
      c.action = Action::Create;
      c.fields.push_back({"Ingress", nullptr, "all traffic from itself"});
      c.fields.push_back({"Egress", nullptr, "all traffic to itself"});
      return c;
    }
    if (!has_self_rule("IpPermissions"))
      c.fields.push_back({"Ingress", nullptr, "all traffic from itself"});
    if (!has_self_rule("IpPermissionsEgress"))
      c.fields.push_back({"Egress", nullptr, "all traffic to itself"});
    if (!c.fields.empty()) c.action = Action::Update;
    return c;
  }

  void apply(Context& ctx, const Change& change) override {
    ctx.progress.start(label(), change.action == Action::Create ? "creating" : "updating");
    if (change.action == Action::Create) {
      std::string description = spec_.group_description.empty()
                                    ? "HyperPod nodes: all traffic among themselves (EFA)"
                                    : spec_.group_description;
      ctx.aws.call("ec2", "CreateSecurityGroup",
                   {{"GroupName", group_name_},
                    {"Description", description},
                    {"VpcId", *ctx.refs.get("network.vpcId")},
                    {"TagSpecifications",
                     tag_spec(ctx.stack, "security-group", "security-group", group_name_)}});
      read(ctx);
    }
    for (const auto& f : change.fields) {
      std::string op =
          f.path == "Ingress" ? "AuthorizeSecurityGroupIngress" : "AuthorizeSecurityGroupEgress";
      json::array rule{json::object{
          {"IpProtocol", "-1"},
          {"UserIdGroupPairs", json::array{json::object{{"GroupId", live_.at("GroupId")}}}}}};
      try {
        ctx.aws.call("ec2", op, {{"GroupId", live_.at("GroupId")}, {"IpPermissions", rule}});
      } catch (const Error& e) {
        if (e.code() != "InvalidPermission.Duplicate") throw;
      }
    }
    read(ctx);
    ctx.progress.done(label(), change.action == Action::Create ? "created" : "updated", true);
  }

  void destroy(Context& ctx) override {
    if (!exists()) return;
    ctx.progress.start(label(), "deleting");
    delete_when_free(ctx, label(), "DeleteSecurityGroup", {{"GroupId", live_.at("GroupId")}});
    live_ = {};
  }

  StatusRow status() const override {
    if (!exists()) return {kind(), name(), "", "absent", ""};
    bool rules = has_self_rule("IpPermissions") && has_self_rule("IpPermissionsEgress");
    return {kind(), name(), text(live_, "GroupId"), "present",
            rules ? "self-referencing in+out" : "missing self-referencing rules"};
  }

 private:
  bool has_self_rule(std::string_view list) const {
    const auto* rules = live_.if_contains(list);
    if (!rules || !rules->is_array()) return false;
    std::string self = text(live_, "GroupId");
    for (const auto& r : rules->as_array()) {
      const auto& ro = r.as_object();
      if (text(ro, "IpProtocol") != "-1") continue;
      const auto* pairs = ro.if_contains("UserIdGroupPairs");
      for (const auto& p : pairs && pairs->is_array() ? pairs->as_array() : json::array{}) {
        if (text(p.as_object(), "GroupId") == self) return true;
      }
    }
    return false;
  }

  const NetworkSpec& spec_;
  std::string group_name_;
  json::object live_;
};

}  // namespace

void add_network_resources(const Stack& stack, std::vector<std::unique_ptr<Resource>>& out) {
  if (!stack.network || !stack.network->create) return;
  out.push_back(std::make_unique<Vpc>(*stack.network));
  for (size_t i = 0; i < stack.network->subnets.size(); ++i) {
    out.push_back(std::make_unique<Subnet>(*stack.network, i));
  }
  out.push_back(std::make_unique<SecurityGroup>(*stack.network));
}

}  // namespace hpl::deploy
