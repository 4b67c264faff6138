// The EKS add-on versions the emulator offers, per Kubernetes version.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hpl::catalog {

struct AddonVersion {
  std::string_view addon;                     // "vpc-cni"
  std::string_view version;                   // "v1.19.2-eksbuild.1"
  std::vector<std::string_view> kubernetes;   // compatible cluster versions
  std::vector<std::string_view> default_for;  // the versions it is the default of
};

const std::vector<AddonVersion>& addon_versions();
// The names of the add-ons in the catalog, in order.
std::vector<std::string_view> addon_names();
const AddonVersion* find_addon_version(std::string_view addon, std::string_view version);
// The default version of an add-on for a Kubernetes version, or nullptr.
const AddonVersion* default_addon_version(std::string_view addon, std::string_view kubernetes);
bool compatible(const AddonVersion& v, std::string_view kubernetes);

// Compares "v1.18.3-eksbuild.3"-style versions by their numbers: <0, 0 or >0.
int compare_versions(std::string_view a, std::string_view b);

}  // namespace hpl::catalog
