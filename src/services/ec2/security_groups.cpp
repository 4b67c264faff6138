// EC2 security group operations.
#include "services/common.hpp"
#include "services/ec2/ec2.hpp"
#include "services/ec2/errors.hpp"
#include "services/emulator.hpp"

namespace hpl::ec2 {

namespace json = boost::json;

json::object Ec2::make_group(std::string_view r, std::string_view vpc_id,
                             std::string_view group_name, std::string_view description) {
  std::string group_id = emu_.ids().prefixed("sg-");
  const std::string& account = emu_.config().account_id;
  json::array ingress;
  // A VPC's default group lets its members talk to each other.
  if (group_name == "default") {
    ingress.push_back(json::object{
        {"IpProtocol", "-1"},
        {"UserIdGroupPairs", json::array{json::object{{"GroupId", group_id}, {"UserId", account}}}},
        {"IpRanges", json::array{}},
        {"Ipv6Ranges", json::array{}},
        {"PrefixListIds", json::array{}}});
  }
  json::array egress{json::object{{"IpProtocol", "-1"},
                                  {"IpRanges", json::array{json::object{{"CidrIp", "0.0.0.0/0"}}}},
                                  {"UserIdGroupPairs", json::array{}},
                                  {"Ipv6Ranges", json::array{}},
                                  {"PrefixListIds", json::array{}}}};
  return {{"GroupId", group_id},
          {"GroupName", group_name},
          {"Description", description},
          {"VpcId", vpc_id},
          {"OwnerId", account},
          {"SecurityGroupArn",
           "arn:aws:ec2:" + std::string(r) + ":" + account + ":security-group/" + group_id},
          {"IpPermissions", std::move(ingress)},
          {"IpPermissionsEgress", std::move(egress)},
          {"Tags", json::array{}}};
}

std::string Ec2::create_service_group(std::string_view r, std::string_view vpc_id,
                                      std::string_view group_name, std::string_view description) {
  json::object group = make_group(r, vpc_id, group_name, description);
  std::string group_id(group.at("GroupId").as_string());
  // Members of the group may talk to each other, as EKS sets up its cluster group.
  group["IpPermissions"] = json::array{json::object{
      {"IpProtocol", "-1"},
      {"UserIdGroupPairs",
       json::array{json::object{{"GroupId", group_id}, {"UserId", emu_.config().account_id}}}},
      {"IpRanges", json::array{}},
      {"Ipv6Ranges", json::array{}},
      {"PrefixListIds", json::array{}}}};
  save("ec2.sg", r, group, group_id);
  region(r).groups[group_id] = std::move(group);
  return group_id;
}

void Ec2::delete_service_group(std::string_view r, std::string_view group_id) {
  emu_.store().erase("ec2.sg", std::string(r) + "/" + std::string(group_id));
  region(r).groups.erase(std::string(group_id));
}

json::object& Ec2::group_or_throw(aws::Call& call, const json::object& in) {
  RegionState& state = region(call.region);
  if (auto id = svc::opt_str(in, "GroupId")) {
    auto it = state.groups.find(*id);
    if (it == state.groups.end()) throw errors::group_not_found(*id);
    return it->second;
  }
  std::string group_name = svc::str(in, "GroupName");
  if (group_name.empty()) {
    throw errors::missing_parameter("The request must contain the parameter groupName or groupId");
  }
  // A bare name refers to a group of the default VPC.
  for (auto& [_, g] : state.groups) {
    const json::object* vpc = find_vpc(call.region, svc::str(g, "VpcId"));
    if (svc::str(g, "GroupName") == group_name && vpc && vpc->at("IsDefault").as_bool()) return g;
  }
  throw aws::ApiError(
      "InvalidGroup.NotFound", 400,
      "The security group '" + group_name + "' does not exist in default VPC '" + "'");
}

// --- CreateSecurityGroup ---------------------------------------------------------------------
json::object Ec2::create_security_group(aws::Call& call, json::object& in) {
  std::string group_name = svc::str(in, "GroupName");
  std::string description = svc::str(in, "Description");
  if (group_name.empty())
    throw errors::missing_parameter("The request must contain the parameter groupName");
  if (description.empty())
    throw errors::missing_parameter("The request must contain the parameter groupDescription");
  RegionState& state = region(call.region);
  std::string vpc_id = svc::str(in, "VpcId");
  if (vpc_id.empty()) {
    for (const auto& [id, v] : state.vpcs) {
      if (v.at("IsDefault").as_bool()) vpc_id = id;
    }
    if (vpc_id.empty())
      throw aws::ApiError("VPCIdNotSpecified", 400, "No default VPC for this user");
  }
  vpc_or_throw(call, vpc_id);
  if (group_name == "default") {
    throw errors::invalid_parameter_value("Cannot use reserved security group name: default");
  }
  if (group_name.size() > 255) {
    throw errors::invalid_parameter_value("Invalid value '" + group_name +
                                          "' for groupName. Length exceeds maximum of 255 "
                                          "characters.");
  }
  if (description.size() > 255) {
    throw errors::invalid_parameter_value("Invalid value '" + description +
                                          "' for GroupDescription. Length exceeds maximum of "
                                          "255 characters.");
  }
  if (group_name.rfind("sg-", 0) == 0) {
    throw errors::invalid_parameter_value("Group names may not be in the format sg-*");
  }
  for (const auto& [_, g] : state.groups) {
    if (svc::str(g, "VpcId") == vpc_id && svc::str(g, "GroupName") == group_name) {
      throw aws::ApiError(
          "InvalidGroup.Duplicate", 400,
          "The security group '" + group_name + "' already exists for VPC '" + vpc_id + "'");
    }
  }
  json::object group = make_group(call.region, vpc_id, group_name, description);
  group["Tags"] = tags_for(in, "security-group");
  std::string group_id(group.at("GroupId").as_string());
  save("ec2.sg", call.region, group, group_id);
  state.groups[group_id] = group;
  json::object out{{"GroupId", group_id}, {"SecurityGroupArn", group.at("SecurityGroupArn")}};
  if (!group.at("Tags").as_array().empty()) out["Tags"] = group.at("Tags");
  return out;
}

// --- DescribeSecurityGroups ------------------------------------------------------------------
json::object Ec2::describe_security_groups(aws::Call& call, json::object& in) {
  RegionState& state = region(call.region);
  auto wanted = svc::strings(in, "GroupIds");
  for (const auto& id : wanted) {
    if (!state.groups.count(id)) throw errors::group_not_found(id);
  }
  auto names = svc::strings(in, "GroupNames");
  json::array out;
  for (const auto& [id, g] : state.groups) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), id) == wanted.end()) continue;
    if (!names.empty() &&
        std::find(names.begin(), names.end(), svc::str(g, "GroupName")) == names.end()) {
      continue;
    }
    auto values = [&, &id = id,
                   &g = g](std::string_view f) -> std::optional<std::vector<std::string>> {
      if (f == "group-id") return std::vector{id};
      if (f == "group-name") return std::vector{svc::str(g, "GroupName")};
      if (f == "vpc-id") return std::vector{svc::str(g, "VpcId")};
      if (f == "description") return std::vector{svc::str(g, "Description")};
      if (f == "owner-id") return std::vector{svc::str(g, "OwnerId")};
      return tag_filter_values(g, f);
    };
    if (matches_filters(in, values)) out.push_back(g);
  }
  return {{"SecurityGroups", std::move(out)}};
}

// --- DeleteSecurityGroup ---------------------------------------------------------------------
json::object Ec2::delete_security_group(aws::Call& call, json::object& in) {
  json::object& group = group_or_throw(call, in);
  std::string group_id = svc::str(group, "GroupId");
  if (svc::str(group, "GroupName") == "default") {
    throw aws::ApiError(
        "CannotDelete", 400,
        "the specified group: \"" + group_id + "\" name: \"default\" cannot be deleted by a user");
  }
  RegionState& state = region(call.region);
  for (const auto& [id, g] : state.groups) {
    if (id == group_id) continue;
    for (const char* side : {"IpPermissions", "IpPermissionsEgress"}) {
      for (const auto& p : *svc::opt_array(g, side)) {
        if (const auto* pairs = svc::opt_array(p.as_object(), "UserIdGroupPairs")) {
          for (const auto& pair : *pairs) {
            if (svc::str(pair.as_object(), "GroupId") == group_id) {
              throw errors::dependency_violation("resource " + group_id +
                                                 " has a dependent object");
            }
          }
        }
      }
    }
  }
  emu_.store().erase("ec2.sg", call.region + "/" + group_id);
  state.groups.erase(group_id);
  return {{"Return", true}, {"GroupId", group_id}};
}

// One source of a rule, for duplicate detection: "sg-1", "0.0.0.0/0", ...
static std::vector<std::string> rule_sources(const json::object& permission) {
  std::vector<std::string> out;
  if (const auto* pairs = svc::opt_array(permission, "UserIdGroupPairs")) {
    for (const auto& p : *pairs) out.push_back(svc::str(p.as_object(), "GroupId"));
  }
  if (const auto* ranges = svc::opt_array(permission, "IpRanges")) {
    for (const auto& r : *ranges) out.push_back(svc::str(r.as_object(), "CidrIp"));
  }
  if (const auto* ranges = svc::opt_array(permission, "Ipv6Ranges")) {
    for (const auto& r : *ranges) out.push_back(svc::str(r.as_object(), "CidrIpv6"));
  }
  return out;
}

static bool same_ports(const json::object& a, const json::object& b) {
  auto proto = [](const json::object& o) {
    std::string p = svc::str(o, "IpProtocol");
    return p == "all" ? std::string("-1") : p;
  };
  return proto(a) == proto(b) && svc::opt_int(a, "FromPort") == svc::opt_int(b, "FromPort") &&
         svc::opt_int(a, "ToPort") == svc::opt_int(b, "ToPort");
}

// The permissions of an Authorize request: IpPermissions, or the older flat parameters.
static json::array requested_permissions(const json::object& in, const std::string& account) {
  json::array perms;
  if (const auto* p = svc::opt_array(in, "IpPermissions")) perms = *p;
  if (perms.empty() && (svc::opt_str(in, "IpProtocol") || svc::opt_str(in, "CidrIp") ||
                        svc::opt_str(in, "SourceSecurityGroupName"))) {
    json::object p{{"IpProtocol", svc::str(in, "IpProtocol", "-1")}};
    if (auto f = svc::opt_int(in, "FromPort")) p["FromPort"] = *f;
    if (auto t = svc::opt_int(in, "ToPort")) p["ToPort"] = *t;
    if (auto c = svc::opt_str(in, "CidrIp")) {
      p["IpRanges"] = json::array{json::object{{"CidrIp", *c}}};
    }
    perms.push_back(std::move(p));
  }
  for (auto& p : perms) {
    auto& po = p.as_object();
    if (svc::str(po, "IpProtocol") == "all") po["IpProtocol"] = "-1";
    if (auto* pairs = po.if_contains("UserIdGroupPairs"); pairs && pairs->is_array()) {
      for (auto& pair : pairs->as_array()) {
        if (!pair.as_object().contains("UserId")) pair.as_object()["UserId"] = account;
      }
    }
    for (const char* k : {"UserIdGroupPairs", "IpRanges", "Ipv6Ranges", "PrefixListIds"}) {
      if (!po.contains(k)) po[k] = json::array{};
    }
  }
  return perms;
}

// --- AuthorizeSecurityGroupIngress / AuthorizeSecurityGroupEgress ------------------------------
json::object Ec2::authorize(aws::Call& call, json::object& in, bool egress) {
  json::object& group = group_or_throw(call, in);
  std::string group_id = svc::str(group, "GroupId");
  json::array perms = requested_permissions(in, call.account_id);
  if (perms.empty()) {
    throw errors::missing_parameter("No permissions were specified for the request.");
  }
  json::array& existing = group[egress ? "IpPermissionsEgress" : "IpPermissions"].as_array();
  json::array rules;
  for (const auto& p : perms) {
    const auto& po = p.as_object();
    if (const auto* ranges = svc::opt_array(po, "IpRanges")) {
      for (const auto& r : *ranges) {
        std::string cidr = svc::str(r.as_object(), "CidrIp");
        auto slash = cidr.find('/');
        auto parsed = aws::parse_cidr(cidr);
        if (!parsed && slash != std::string::npos) {
          // Host bits may be set in a rule's CIDR; only the shape must be right.
          auto base = aws::parse_cidr(cidr.substr(0, slash) + "/32");
          int bits = std::atoi(cidr.c_str() + slash + 1);
          if (base && bits >= 0 && bits <= 32 &&
              cidr.find_first_not_of("0123456789", slash + 1) == std::string::npos)
            continue;
        }
        if (!parsed) {
          throw errors::invalid_parameter_value("CIDR block " + cidr + " is malformed");
        }
      }
    }
    for (const auto& source : rule_sources(po)) {
      if (source.rfind("sg-", 0) == 0 && !find_group(call.region, source)) {
        throw errors::group_not_found(source);
      }
      for (const auto& e : existing) {
        auto have = rule_sources(e.as_object());
        if (same_ports(e.as_object(), po) &&
            std::find(have.begin(), have.end(), source) != have.end()) {
          std::string proto =
              svc::str(po, "IpProtocol") == "-1" ? "ALL" : svc::str(po, "IpProtocol");
          throw aws::ApiError(
              "InvalidPermission.Duplicate", 400,
              "the specified rule \"peer: " + source + ", " + proto + ", ALLOW\" already exists");
        }
      }
      json::object rule{{"SecurityGroupRuleId", emu_.ids().prefixed("sgr-")},
                        {"GroupId", group_id},
                        {"GroupOwnerId", call.account_id},
                        {"IsEgress", egress},
                        {"IpProtocol", po.at("IpProtocol")},
                        {"FromPort", svc::opt_int(po, "FromPort").value_or(-1)},
                        {"ToPort", svc::opt_int(po, "ToPort").value_or(-1)}};
      if (source.rfind("sg-", 0) == 0) {
        rule["ReferencedGroupInfo"] =
            json::object{{"GroupId", source}, {"UserId", call.account_id}};
      } else if (source.find(':') != std::string::npos) {
        rule["CidrIpv6"] = source;
      } else {
        rule["CidrIpv4"] = source;
      }
      rules.push_back(std::move(rule));
    }
    existing.push_back(p);
  }
  save("ec2.sg", call.region, group, group_id);
  return {{"Return", true}, {"SecurityGroupRules", std::move(rules)}};
}

}  // namespace hpl::ec2
