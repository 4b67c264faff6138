// EC2 networking: VPCs, subnets, security groups and availability zones, per region. Every
// region starts with a default VPC holding one default subnet per zone, as a new account's
// do. Other services ask it about subnets and groups and draw private IPs from it.
#pragma once

#include "aws/cidr.hpp"
#include "services/service.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hpl::ec2 {

struct RegionState {
  std::map<std::string, boost::json::object, std::less<>> vpcs;     // by VpcId
  std::map<std::string, boost::json::object, std::less<>> subnets;  // by SubnetId
  std::map<std::string, boost::json::object, std::less<>> groups;   // by GroupId
  // Private IPs in use per subnet; owners (HyperPod nodes) re-register theirs on load.
  std::map<std::string, std::set<std::uint32_t>, std::less<>> used_ips;
};

class Ec2 : public Service {
 public:
  explicit Ec2(Emulator& emu) : Service(emu) {}

  std::string_view name() const override { return "ec2"; }
  void register_operations(aws::OperationTable& table) override;
  void load() override;
  void reset() override;

  const boost::json::object* find_vpc(std::string_view region, std::string_view id);
  const boost::json::object* find_subnet(std::string_view region, std::string_view id);
  const boost::json::object* find_group(std::string_view region, std::string_view id);
  // Whether the group lets all traffic in (or out, with `egress`) from members of itself:
  // what EFA needs.
  bool allows_all_traffic_from_self(std::string_view region, std::string_view group_id,
                                    bool egress);
  // A free private IP of the subnet, marked used; nullopt when the subnet is full.
  std::optional<std::string> allocate_ip(std::string_view region, std::string_view subnet_id);
  void mark_ip_used(std::string_view region, std::string_view subnet_id, std::string_view ip);
  void release_ip(std::string_view region, std::string_view subnet_id, std::string_view ip);
  // Groups other services create and remove on the account's behalf (EKS's cluster group).
  std::string create_service_group(std::string_view region, std::string_view vpc_id,
                                   std::string_view group_name, std::string_view description);
  void delete_service_group(std::string_view region, std::string_view group_id);

 private:
  RegionState& region(std::string_view name);
  void create_default_vpc(std::string_view region_name, RegionState& state);
  void save(std::string_view kind, std::string_view region, const boost::json::object& doc,
            std::string_view id);
  boost::json::object subnet_view(std::string_view region, const boost::json::object& subnet);
  boost::json::object& vpc_or_throw(aws::Call& call, std::string_view id);
  boost::json::object& group_or_throw(aws::Call& call, const boost::json::object& in);
  boost::json::object make_vpc(std::string_view region, const aws::Cidr& cidr, bool is_default);
  boost::json::object make_subnet(std::string_view region, std::string_view vpc_id,
                                  const aws::Cidr& cidr, std::string_view az, bool is_default);
  boost::json::object make_group(std::string_view region, std::string_view vpc_id,
                                 std::string_view group_name, std::string_view description);
  boost::json::object authorize(aws::Call& call, boost::json::object& in, bool egress);

  // --- operations (vpcs.cpp, security_groups.cpp) ---
  boost::json::object create_vpc(aws::Call& call, boost::json::object& in);
  boost::json::object describe_vpcs(aws::Call& call, boost::json::object& in);
  boost::json::object delete_vpc(aws::Call& call, boost::json::object& in);
  boost::json::object create_subnet(aws::Call& call, boost::json::object& in);
  boost::json::object describe_subnets(aws::Call& call, boost::json::object& in);
  boost::json::object delete_subnet(aws::Call& call, boost::json::object& in);
  boost::json::object describe_availability_zones(aws::Call& call, boost::json::object& in);
  boost::json::object create_security_group(aws::Call& call, boost::json::object& in);
  boost::json::object describe_security_groups(aws::Call& call, boost::json::object& in);
  boost::json::object delete_security_group(aws::Call& call, boost::json::object& in);

  std::map<std::string, RegionState, std::less<>> regions_;
};

// Tags from a create request's TagSpecifications for one resource type.
boost::json::array tags_for(const boost::json::object& in, std::string_view resource_type);

// Whether a resource matches EC2 Filters ([{Name, Values}]); `values_of` gives the resource's
// values for a filter name (nullopt for a filter EC2 does not know).
using FilterValues =
    std::function<std::optional<std::vector<std::string>>(std::string_view filter_name)>;
bool matches_filters(const boost::json::object& in, const FilterValues& values_of);
// The values of tag filters ("tag:<key>", "tag-key", "tag-value") for a resource's tags.
std::optional<std::vector<std::string>> tag_filter_values(const boost::json::object& doc,
                                                          std::string_view filter_name);

}  // namespace hpl::ec2
