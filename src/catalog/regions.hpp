// Regions and their availability zones, as a new account sees them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hpl::catalog {

struct AvailabilityZone {
  std::string name;  // "us-west-2a"
  std::string id;    // "usw2-az1"
};

// The zones of a region; regions we do not list get three zones a to c.
std::vector<AvailabilityZone> availability_zones(std::string_view region);

}  // namespace hpl::catalog
