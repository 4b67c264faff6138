#include "catalog/kubernetes.hpp"

#include <algorithm>

namespace hpl::catalog {

const std::vector<KubernetesVersion>& eks_versions() {
  // Release and end-of-standard-support dates from the EKS user guide's version calendar.
  static const std::vector<KubernetesVersion> versions = {
      {"1.28", "eks.50", "2023-09-26", "2024-11-26"},
      {"1.29", "eks.45", "2024-01-23", "2025-03-23"},
      {"1.30", "eks.40", "2024-05-23", "2025-07-23"},
      {"1.31", "eks.35", "2024-09-26", "2025-11-26"},
      {"1.32", "eks.25", "2025-01-23", "2026-03-23"},
      {"1.33", "eks.18", "2025-05-29", "2026-07-29"},
      {"1.34", "eks.10", "2025-10-02", "2026-12-02"},
      {"1.35", "eks.4", "2026-01-28", "2027-03-27"},
  };
  return versions;
}

const KubernetesVersion* find_eks_version(std::string_view version) {
  const auto& all = eks_versions();
  auto it =
      std::find_if(all.begin(), all.end(), [&](const auto& v) { return v.version == version; });
  return it == all.end() ? nullptr : &*it;
}

std::string_view default_eks_version() {
  return "1.34";
}

bool hyperpod_supports(std::string_view version) {
  static const std::vector<std::string_view> supported = {"1.28", "1.29", "1.30",
                                                          "1.31", "1.32", "1.33"};
  return std::find(supported.begin(), supported.end(), version) != supported.end();
}

}  // namespace hpl::catalog
