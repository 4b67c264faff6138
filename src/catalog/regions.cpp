#include "catalog/regions.hpp"

#include <map>

namespace hpl::catalog {

namespace {
struct RegionInfo {
  std::string_view short_id;  // prefix of zone ids, "usw2"
  int zones;
};

const std::map<std::string_view, RegionInfo>& regions() {
  static const std::map<std::string_view, RegionInfo> table = {
      {"us-east-1", {"use1", 6}},       {"us-east-2", {"use2", 3}},
      {"us-west-1", {"usw1", 2}},       {"us-west-2", {"usw2", 4}},
      {"ca-central-1", {"cac1", 3}},    {"eu-west-1", {"euw1", 3}},
      {"eu-west-2", {"euw2", 3}},       {"eu-central-1", {"euc1", 3}},
      {"eu-north-1", {"eun1", 3}},      {"ap-northeast-1", {"apne1", 3}},
      {"ap-southeast-1", {"apse1", 3}}, {"ap-southeast-2", {"apse2", 3}},
      {"ap-south-1", {"aps1", 3}},      {"sa-east-1", {"sae1", 3}},
  };
  return table;
}
}  // namespace

std::vector<AvailabilityZone> availability_zones(std::string_view region) {
  RegionInfo info{"", 3};
  if (auto it = regions().find(region); it != regions().end()) info = it->second;
  std::string short_id(info.short_id);
  if (short_id.empty()) {
    // "xx-yyyy-N" -> "xxyN", a stand-in zone id prefix for regions we do not list
    for (char c : region) {
      if (c != '-') short_id.push_back(c);
    }
    short_id = short_id.substr(0, 6);
  }
  std::vector<AvailabilityZone> out;
  for (int i = 0; i < info.zones; ++i) {
    out.push_back({std::string(region) + static_cast<char>('a' + i),
                   short_id + "-az" + std::to_string(i + 1)});
  }
  return out;
}

}  // namespace hpl::catalog
