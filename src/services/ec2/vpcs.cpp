// EC2 VPC, subnet and availability-zone operations.
#include "catalog/regions.hpp"
#include "services/common.hpp"
#include "services/ec2/ec2.hpp"
#include "services/ec2/errors.hpp"
#include "services/emulator.hpp"

namespace hpl::ec2 {

namespace json = boost::json;

json::object Ec2::make_vpc(std::string_view region_name, const aws::Cidr& cidr, bool is_default) {
  auto& ids = emu_.ids();
  return {{"VpcId", ids.prefixed("vpc-")},
          {"OwnerId", emu_.config().account_id},
          {"State", "available"},
          {"CidrBlock", cidr.to_string()},
          {"DhcpOptionsId", ids.prefixed("dopt-")},
          {"InstanceTenancy", "default"},
          {"IsDefault", is_default},
          {"CidrBlockAssociationSet",
           json::array{json::object{{"AssociationId", ids.prefixed("vpc-cidr-assoc-")},
                                    {"CidrBlock", cidr.to_string()},
                                    {"CidrBlockState", json::object{{"State", "associated"}}}}}},
          {"Tags", json::array{}}};
}

json::object Ec2::make_subnet(std::string_view region_name, std::string_view vpc_id,
                              const aws::Cidr& cidr, std::string_view az, bool is_default) {
  std::string az_id;
  for (const auto& zone : catalog::availability_zones(region_name)) {
    if (zone.name == az) az_id = zone.id;
  }
  std::string subnet_id = emu_.ids().prefixed("subnet-");
  const std::string& account = emu_.config().account_id;
  return {
      {"SubnetId", subnet_id},
      {"SubnetArn",
       "arn:aws:ec2:" + std::string(region_name) + ":" + account + ":subnet/" + subnet_id},
      {"VpcId", vpc_id},
      {"OwnerId", account},
      {"State", "available"},
      {"CidrBlock", cidr.to_string()},
      {"AvailabilityZone", az},
      {"AvailabilityZoneId", az_id},
      {"DefaultForAz", is_default},
      {"MapPublicIpOnLaunch", is_default},
      {"MapCustomerOwnedIpOnLaunch", false},
      {"AssignIpv6AddressOnCreation", false},
      {"Ipv6CidrBlockAssociationSet", json::array{}},
      {"EnableDns64", false},
      {"Ipv6Native", false},
      {"PrivateDnsNameOptionsOnLaunch", json::object{{"HostnameType", "ip-name"},
                                                     {"EnableResourceNameDnsARecord", false},
                                                     {"EnableResourceNameDnsAAAARecord", false}}},
      {"Tags", json::array{}}};
}

json::object Ec2::subnet_view(std::string_view r, const json::object& subnet) {
  json::object out = subnet;
  auto cidr = aws::parse_cidr(svc::str(subnet, "CidrBlock"));
  auto used = region(r).used_ips[svc::str(subnet, "SubnetId")].size();
  out["AvailableIpAddressCount"] = static_cast<std::int64_t>(cidr->size() - 5 - used);
  return out;
}

json::object& Ec2::vpc_or_throw(aws::Call& call, std::string_view id) {
  auto& vpcs = region(call.region).vpcs;
  auto it = vpcs.find(id);
  if (it == vpcs.end()) throw errors::vpc_not_found(std::string(id));
  return it->second;
}

// --- CreateVpc -------------------------------------------------------------------------------
json::object Ec2::create_vpc(aws::Call& call, json::object& in) {
  std::string text = svc::str(in, "CidrBlock");
  if (text.empty()) {
    throw errors::missing_parameter("Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.");
  }
  auto cidr = aws::parse_cidr(text);
  if (!cidr) {
    throw errors::invalid_parameter_value("Value (" + text +
                                          ") for parameter cidrBlock is invalid. This is not a "
                                          "valid CIDR block.");
  }
  // VPCs span a /16 to a /28.
  if (cidr->prefix < 16 || cidr->prefix > 28) {
    throw aws::ApiError("InvalidVpc.Range", 400, "The CIDR '" + text + "' is invalid.");
  }
  RegionState& state = region(call.region);
  json::object vpc = make_vpc(call.region, *cidr, false);
  vpc["State"] = "available";
  vpc["Tags"] = tags_for(in, "vpc");
  if (auto tenancy = svc::opt_str(in, "InstanceTenancy")) vpc["InstanceTenancy"] = *tenancy;
  std::string vpc_id(vpc.at("VpcId").as_string());
  // Every VPC comes with its own "default" security group.
  json::object group = make_group(call.region, vpc_id, "default", "default VPC security group");
  std::string group_id(group.at("GroupId").as_string());
  save("ec2.sg", call.region, group, group_id);
  state.groups[group_id] = std::move(group);
  save("ec2.vpc", call.region, vpc, vpc_id);
  state.vpcs[vpc_id] = vpc;
  vpc["State"] = "pending";  // the create answer shows the VPC still pending
  return {{"Vpc", std::move(vpc)}};
}

// --- DescribeVpcs ----------------------------------------------------------------------------
json::object Ec2::describe_vpcs(aws::Call& call, json::object& in) {
  RegionState& state = region(call.region);
  auto wanted = svc::strings(in, "VpcIds");
  for (const auto& id : wanted) {
    if (!state.vpcs.count(id)) throw errors::vpc_not_found(id);
  }
  json::array out;
  for (const auto& [id, vpc] : state.vpcs) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), id) == wanted.end()) continue;
    auto values = [&, &id = id,
                   &vpc = vpc](std::string_view f) -> std::optional<std::vector<std::string>> {
      if (f == "vpc-id") return std::vector{id};
      if (f == "cidr" || f == "cidr-block" || f == "cidr-block-association.cidr-block") {
        return std::vector{svc::str(vpc, "CidrBlock")};
      }
      if (f == "is-default" || f == "isDefault") {
        return std::vector<std::string>{vpc.at("IsDefault").as_bool() ? "true" : "false"};
      }
      if (f == "state") return std::vector{svc::str(vpc, "State")};
      if (f == "owner-id") return std::vector{svc::str(vpc, "OwnerId")};
      return tag_filter_values(vpc, f);
    };
    if (matches_filters(in, values)) out.push_back(vpc);
  }
  return {{"Vpcs", std::move(out)}};
}

// --- DeleteVpc -------------------------------------------------------------------------------
json::object Ec2::delete_vpc(aws::Call& call, json::object& in) {
  std::string vpc_id = svc::str(in, "VpcId");
  vpc_or_throw(call, vpc_id);
  RegionState& state = region(call.region);
  // Subnets and non-default security groups keep a VPC from being deleted.
  bool dependent = false;
  for (const auto& [_, s] : state.subnets) dependent |= svc::str(s, "VpcId") == vpc_id;
  for (const auto& [_, g] : state.groups) {
    dependent |= svc::str(g, "VpcId") == vpc_id && svc::str(g, "GroupName") != "default";
  }
  if (dependent) {
    throw errors::dependency_violation("The vpc '" + vpc_id +
                                       "' has dependencies and cannot be deleted.");
  }
  for (auto it = state.groups.begin(); it != state.groups.end();) {
    if (svc::str(it->second, "VpcId") == vpc_id) {
      emu_.store().erase("ec2.sg", call.region + "/" + it->first);
      it = state.groups.erase(it);
    } else {
      ++it;
    }
  }
  emu_.store().erase("ec2.vpc", call.region + "/" + vpc_id);
  state.vpcs.erase(vpc_id);
  return {};
}

// --- CreateSubnet ----------------------------------------------------------------------------
json::object Ec2::create_subnet(aws::Call& call, json::object& in) {
  std::string vpc_id = svc::str(in, "VpcId");
  const json::object& vpc = vpc_or_throw(call, vpc_id);
  std::string text = svc::str(in, "CidrBlock");
  auto cidr = aws::parse_cidr(text);
  if (!cidr) {
    throw errors::invalid_parameter_value("Value (" + text +
                                          ") for parameter cidrBlock is invalid. This is not a "
                                          "valid CIDR block.");
  }
  auto vpc_cidr = aws::parse_cidr(svc::str(vpc, "CidrBlock"));
  if (!vpc_cidr->contains(*cidr) || cidr->prefix > 28) {
    throw aws::ApiError("InvalidSubnet.Range", 400, "The CIDR '" + text + "' is invalid.");
  }
  RegionState& state = region(call.region);
  for (const auto& [_, s] : state.subnets) {
    if (svc::str(s, "VpcId") == vpc_id &&
        aws::parse_cidr(svc::str(s, "CidrBlock"))->overlaps(*cidr)) {
      throw aws::ApiError("InvalidSubnet.Conflict", 400,
                          "The CIDR '" + text + "' conflicts with another subnet");
    }
  }
  auto zones = catalog::availability_zones(call.region);
  std::string az = svc::str(in, "AvailabilityZone");
  if (auto az_id = svc::opt_str(in, "AvailabilityZoneId")) {
    for (const auto& z : zones) {
      if (z.id == *az_id) az = z.name;
    }
    if (az.empty()) {
      throw errors::invalid_parameter_value("Value (" + *az_id +
                                            ") for parameter availabilityZoneId is invalid.");
    }
  }
  if (az.empty()) az = zones[emu_.ids().below(static_cast<std::uint32_t>(zones.size()))].name;
  bool known = std::any_of(zones.begin(), zones.end(), [&](const auto& z) { return z.name == az; });
  if (!known) {
    std::string names;
    for (const auto& z : zones) names += (names.empty() ? "" : ", ") + z.name;
    throw errors::invalid_parameter_value(
        "Value (" + az +
        ") for parameter availabilityZone is invalid. Subnets can currently only "
        "be created in the following availability zones: " +
        names + ".");
  }
  json::object subnet = make_subnet(call.region, vpc_id, *cidr, az, false);
  subnet["Tags"] = tags_for(in, "subnet");
  std::string subnet_id(subnet.at("SubnetId").as_string());
  save("ec2.subnet", call.region, subnet, subnet_id);
  state.subnets[subnet_id] = subnet;
  return {{"Subnet", subnet_view(call.region, subnet)}};
}

// --- DescribeSubnets -------------------------------------------------------------------------
json::object Ec2::describe_subnets(aws::Call& call, json::object& in) {
  RegionState& state = region(call.region);
  auto wanted = svc::strings(in, "SubnetIds");
  for (const auto& id : wanted) {
    if (!state.subnets.count(id)) throw errors::subnet_not_found(id);
  }
  json::array out;
  for (const auto& [id, s] : state.subnets) {
    if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), id) == wanted.end()) continue;
    auto values = [&, &id = id,
                   &s = s](std::string_view f) -> std::optional<std::vector<std::string>> {
      if (f == "subnet-id") return std::vector{id};
      if (f == "vpc-id") return std::vector{svc::str(s, "VpcId")};
      if (f == "availability-zone" || f == "availabilityZone") {
        return std::vector{svc::str(s, "AvailabilityZone")};
      }
      if (f == "availability-zone-id") return std::vector{svc::str(s, "AvailabilityZoneId")};
      if (f == "cidr-block" || f == "cidr" || f == "cidrBlock") {
        return std::vector{svc::str(s, "CidrBlock")};
      }
      if (f == "default-for-az" || f == "defaultForAz") {
        return std::vector<std::string>{s.at("DefaultForAz").as_bool() ? "true" : "false"};
      }
      if (f == "state") return std::vector{svc::str(s, "State")};
      if (f == "owner-id") return std::vector{svc::str(s, "OwnerId")};
      return tag_filter_values(s, f);
    };
    if (matches_filters(in, values)) out.push_back(subnet_view(call.region, s));
  }
  return {{"Subnets", std::move(out)}};
}

// --- DeleteSubnet ----------------------------------------------------------------------------
json::object Ec2::delete_subnet(aws::Call& call, json::object& in) {
  std::string subnet_id = svc::str(in, "SubnetId");
  RegionState& state = region(call.region);
  if (!state.subnets.count(subnet_id)) throw errors::subnet_not_found(subnet_id);
  // Instances (HyperPod nodes) holding addresses in the subnet keep it from going.
  if (!state.used_ips[subnet_id].empty()) {
    throw errors::dependency_violation("The subnet '" + subnet_id +
                                       "' has dependencies and cannot be deleted.");
  }
  emu_.store().erase("ec2.subnet", call.region + "/" + subnet_id);
  state.subnets.erase(subnet_id);
  state.used_ips.erase(subnet_id);
  return {};
}

// --- DescribeAvailabilityZones ---------------------------------------------------------------
json::object Ec2::describe_availability_zones(aws::Call& call, json::object& in) {
  auto names = svc::strings(in, "ZoneNames");
  auto ids = svc::strings(in, "ZoneIds");
  auto zones = catalog::availability_zones(call.region);
  for (const auto& n : names) {
    if (std::none_of(zones.begin(), zones.end(), [&](const auto& z) { return z.name == n; })) {
      throw errors::invalid_parameter_value("The zone '" + n + "' does not exist.");
    }
  }
  json::array out;
  for (const auto& z : zones) {
    if (!names.empty() && std::find(names.begin(), names.end(), z.name) == names.end()) continue;
    if (!ids.empty() && std::find(ids.begin(), ids.end(), z.id) == ids.end()) continue;
    json::object zone{{"State", "available"},
                      {"OptInStatus", "opt-in-not-required"},
                      {"Messages", json::array{}},
                      {"RegionName", call.region},
                      {"ZoneName", z.name},
                      {"ZoneId", z.id},
                      {"GroupName", call.region},
                      {"NetworkBorderGroup", call.region},
                      {"ZoneType", "availability-zone"}};
    auto values = [&](std::string_view f) -> std::optional<std::vector<std::string>> {
      if (f == "zone-name") return std::vector{z.name};
      if (f == "zone-id") return std::vector{z.id};
      if (f == "region-name") return std::vector{call.region};
      if (f == "state") return std::vector<std::string>{"available"};
      if (f == "zone-type") return std::vector<std::string>{"availability-zone"};
      return std::nullopt;
    };
    if (matches_filters(in, values)) out.push_back(std::move(zone));
  }
  return {{"AvailabilityZones", std::move(out)}};
}

}  // namespace hpl::ec2
