#include "services/ec2/ec2.hpp"

#include "catalog/regions.hpp"
#include "services/common.hpp"
#include "services/ec2/errors.hpp"
#include "services/emulator.hpp"

namespace hpl::ec2 {

namespace json = boost::json;

void Ec2::register_operations(aws::OperationTable& t) {
  auto bind = [this](auto method) {
    return [this, method](aws::Call& c, json::object& in) { return (this->*method)(c, in); };
  };
  t["CreateVpc"] = bind(&Ec2::create_vpc);
  t["DescribeVpcs"] = bind(&Ec2::describe_vpcs);
  t["DeleteVpc"] = bind(&Ec2::delete_vpc);
  t["CreateSubnet"] = bind(&Ec2::create_subnet);
  t["DescribeSubnets"] = bind(&Ec2::describe_subnets);
  t["DeleteSubnet"] = bind(&Ec2::delete_subnet);
  t["DescribeAvailabilityZones"] = bind(&Ec2::describe_availability_zones);
  t["CreateSecurityGroup"] = bind(&Ec2::create_security_group);
  t["DescribeSecurityGroups"] = bind(&Ec2::describe_security_groups);
  t["DeleteSecurityGroup"] = bind(&Ec2::delete_security_group);
  t["AuthorizeSecurityGroupIngress"] = [this](aws::Call& c, json::object& in) {
    return authorize(c, in, false);
  };
  t["AuthorizeSecurityGroupEgress"] = [this](aws::Call& c, json::object& in) {
    return authorize(c, in, true);
  };
}

void Ec2::load() {
  regions_.clear();
  for (auto& [key, value] : emu_.store().load("ec2.region")) regions_[key];
  auto fill = [this](std::string_view kind, auto member) {
    for (auto& [key, value] : emu_.store().load(kind)) {
      auto slash = key.find('/');
      RegionState& state = regions_[key.substr(0, slash)];
      (state.*member)[key.substr(slash + 1)] = std::move(value.as_object());
    }
  };
  fill("ec2.vpc", &RegionState::vpcs);
  fill("ec2.subnet", &RegionState::subnets);
  fill("ec2.sg", &RegionState::groups);
}

void Ec2::reset() {
  regions_.clear();
}

void Ec2::save(std::string_view kind, std::string_view region, const json::object& doc,
               std::string_view id) {
  emu_.store().put(kind, std::string(region) + "/" + std::string(id), doc);
}

// A region is set up the first time anything touches it: it gets its default VPC then.
RegionState& Ec2::region(std::string_view name) {
  auto it = regions_.find(name);
  if (it != regions_.end()) return it->second;
  RegionState& state = regions_[std::string(name)];
  emu_.store().put("ec2.region", name, json::object{});
  create_default_vpc(name, state);
  return state;
}

void Ec2::create_default_vpc(std::string_view region_name, RegionState& state) {
  json::object vpc = make_vpc(region_name, *aws::parse_cidr("172.31.0.0/16"), true);
  std::string vpc_id(vpc.at("VpcId").as_string());
  save("ec2.vpc", region_name, vpc, vpc_id);
  state.vpcs[vpc_id] = std::move(vpc);
  json::object group = make_group(region_name, vpc_id, "default", "default VPC security group");
  std::string group_id(group.at("GroupId").as_string());
  save("ec2.sg", region_name, group, group_id);
  state.groups[group_id] = std::move(group);
  // One /20 per zone: 172.31.0.0/20, 172.31.16.0/20, ...
  std::uint32_t base = aws::parse_cidr("172.31.0.0/16")->base;
  int i = 0;
  for (const auto& az : catalog::availability_zones(region_name)) {
    aws::Cidr cidr{base + static_cast<std::uint32_t>(i++) * 4096u, 20};
    json::object subnet = make_subnet(region_name, vpc_id, cidr, az.name, true);
    std::string subnet_id(subnet.at("SubnetId").as_string());
    save("ec2.subnet", region_name, subnet, subnet_id);
    state.subnets[subnet_id] = std::move(subnet);
  }
}

static const json::object* find_in(const std::map<std::string, json::object, std::less<>>& m,
                                   std::string_view id) {
  auto it = m.find(id);
  return it == m.end() ? nullptr : &it->second;
}

const json::object* Ec2::find_vpc(std::string_view r, std::string_view id) {
  return find_in(region(r).vpcs, id);
}
const json::object* Ec2::find_subnet(std::string_view r, std::string_view id) {
  return find_in(region(r).subnets, id);
}
const json::object* Ec2::find_group(std::string_view r, std::string_view id) {
  return find_in(region(r).groups, id);
}

bool Ec2::allows_all_traffic_from_self(std::string_view r, std::string_view group_id, bool egress) {
  const json::object* group = find_group(r, group_id);
  if (!group) return false;
  const auto* perms = svc::opt_array(*group, egress ? "IpPermissionsEgress" : "IpPermissions");
  if (!perms) return false;
  for (const auto& p : *perms) {
    const auto& po = p.as_object();
    if (svc::str(po, "IpProtocol") != "-1") continue;
    if (const auto* pairs = svc::opt_array(po, "UserIdGroupPairs")) {
      for (const auto& pair : *pairs) {
        if (svc::str(pair.as_object(), "GroupId") == group_id) return true;
      }
    }
  }
  return false;
}

std::optional<std::string> Ec2::allocate_ip(std::string_view r, std::string_view subnet_id) {
  RegionState& state = region(r);
  const json::object* subnet = find_in(state.subnets, subnet_id);
  if (!subnet) return std::nullopt;
  auto cidr = aws::parse_cidr(svc::str(*subnet, "CidrBlock"));
  auto& used = state.used_ips[std::string(subnet_id)];
  // AWS keeps the first four addresses and the last one of every subnet.
  std::uint64_t usable = cidr->size() - 5;
  if (used.size() >= usable) return std::nullopt;
  std::uint32_t offset =
      4 + static_cast<std::uint32_t>(emu_.ids().below(static_cast<std::uint32_t>(usable)));
  for (std::uint64_t tries = 0; tries < usable; ++tries) {
    std::uint32_t ip = cidr->base + offset;
    if (!used.count(ip)) {
      used.insert(ip);
      return aws::ipv4_to_string(ip);
    }
    offset = offset + 1 >= cidr->size() - 1 ? 4 : offset + 1;
  }
  return std::nullopt;
}

static std::optional<std::uint32_t> parse_ip(std::string_view ip) {
  auto cidr = aws::parse_cidr(std::string(ip) + "/32");
  if (!cidr) return std::nullopt;
  return cidr->base;
}

void Ec2::mark_ip_used(std::string_view r, std::string_view subnet_id, std::string_view ip) {
  if (auto a = parse_ip(ip)) region(r).used_ips[std::string(subnet_id)].insert(*a);
}

void Ec2::release_ip(std::string_view r, std::string_view subnet_id, std::string_view ip) {
  if (auto a = parse_ip(ip)) region(r).used_ips[std::string(subnet_id)].erase(*a);
}

json::array tags_for(const json::object& in, std::string_view resource_type) {
  json::array tags;
  if (const auto* specs = svc::opt_array(in, "TagSpecifications")) {
    for (const auto& spec : *specs) {
      const auto& so = spec.as_object();
      if (svc::str(so, "ResourceType") != resource_type) continue;
      if (const auto* t = svc::opt_array(so, "Tags")) {
        for (const auto& tag : *t) tags.push_back(tag);
      }
    }
  }
  return tags;
}

std::optional<std::vector<std::string>> tag_filter_values(const json::object& doc,
                                                          std::string_view filter_name) {
  std::vector<std::string> out;
  const auto* tags = svc::opt_array(doc, "Tags");
  bool by_key = filter_name.rfind("tag:", 0) == 0;
  if (!by_key && filter_name != "tag-key" && filter_name != "tag-value") return std::nullopt;
  if (!tags) return out;
  for (const auto& t : *tags) {
    const auto& to = t.as_object();
    if (by_key && svc::str(to, "Key") == filter_name.substr(4))
      out.push_back(svc::str(to, "Value"));
    if (filter_name == "tag-key") out.push_back(svc::str(to, "Key"));
    if (filter_name == "tag-value") out.push_back(svc::str(to, "Value"));
  }
  return out;
}

// EC2 filter values may use * and ? wildcards.
static bool glob(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '*') {
    for (size_t i = 0; i <= text.size(); ++i) {
      if (glob(pattern.substr(1), text.substr(i))) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  if (pattern[0] != '?' && pattern[0] != text[0]) return false;
  return glob(pattern.substr(1), text.substr(1));
}

bool matches_filters(const json::object& in, const FilterValues& values_of) {
  const auto* filters = svc::opt_array(in, "Filters");
  if (!filters) return true;
  for (const auto& f : *filters) {
    const auto& fo = f.as_object();
    std::string filter_name = svc::str(fo, "Name");
    auto values = values_of(filter_name);
    if (!values) {
      throw errors::invalid_parameter_value("The filter '" + filter_name + "' is invalid");
    }
    bool any = false;
    for (const auto& wanted : svc::strings(fo, "Values")) {
      for (const auto& have : *values) any = any || glob(wanted, have);
    }
    if (!any) return false;
  }
  return true;
}

}  // namespace hpl::ec2
