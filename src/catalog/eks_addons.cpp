#include "catalog/eks_addons.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace hpl::catalog {

// Version strings follow the EKS user guide's published builds; which build is the default
// for which Kubernetes version is not published per version, so the defaults here are the
// newest build compatible with each (docs/compatibility.md).
const std::vector<AddonVersion>& addon_versions() {
  static const std::vector<AddonVersion> table = {
      {"vpc-cni", "v1.16.4-eksbuild.2", {"1.28", "1.29"}, {}},
      {"vpc-cni", "v1.17.1-eksbuild.1", {"1.28", "1.29", "1.30"}, {}},
      {"vpc-cni", "v1.18.3-eksbuild.3", {"1.28", "1.29", "1.30", "1.31"}, {}},
      {"vpc-cni",
       "v1.19.2-eksbuild.1",
       {"1.28", "1.29", "1.30", "1.31", "1.32", "1.33"},
       {"1.28", "1.29", "1.30", "1.31", "1.32"}},
      {"vpc-cni",
       "v1.19.6-eksbuild.7",
       {"1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35"},
       {"1.33"}},
      {"vpc-cni",
       "v1.20.1-eksbuild.3",
       {"1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35"},
       {"1.34", "1.35"}},
      {"kube-proxy", "v1.28.15-eksbuild.4", {"1.28"}, {"1.28"}},
      {"kube-proxy", "v1.29.13-eksbuild.3", {"1.29"}, {"1.29"}},
      {"kube-proxy", "v1.30.9-eksbuild.3", {"1.30"}, {"1.30"}},
      {"kube-proxy", "v1.31.5-eksbuild.2", {"1.31"}, {"1.31"}},
      {"kube-proxy", "v1.32.0-eksbuild.2", {"1.32"}, {"1.32"}},
      {"kube-proxy", "v1.33.0-eksbuild.2", {"1.33"}, {"1.33"}},
      {"kube-proxy", "v1.34.0-eksbuild.2", {"1.34"}, {"1.34"}},
      {"kube-proxy", "v1.35.0-eksbuild.1", {"1.35"}, {"1.35"}},
      {"coredns", "v1.10.1-eksbuild.18", {"1.28"}, {"1.28"}},
      {"coredns",
       "v1.11.4-eksbuild.2",
       {"1.29", "1.30", "1.31", "1.32"},
       {"1.29", "1.30", "1.31", "1.32"}},
      {"coredns", "v1.12.1-eksbuild.2", {"1.33", "1.34", "1.35"}, {"1.33", "1.34", "1.35"}},
      {"eks-pod-identity-agent", "v1.3.4-eksbuild.1", {"1.28", "1.29", "1.30", "1.31", "1.32"}, {}},
      {"eks-pod-identity-agent",
       "v1.3.7-eksbuild.2",
       {"1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35"},
       {"1.28", "1.29", "1.30", "1.31", "1.32", "1.33", "1.34", "1.35"}},
  };
  return table;
}

std::vector<std::string_view> addon_names() {
  std::vector<std::string_view> out;
  for (const auto& v : addon_versions()) {
    if (std::find(out.begin(), out.end(), v.addon) == out.end()) out.push_back(v.addon);
  }
  return out;
}

const AddonVersion* find_addon_version(std::string_view addon, std::string_view version) {
  for (const auto& v : addon_versions()) {
    if (v.addon == addon && v.version == version) return &v;
  }
  return nullptr;
}

bool compatible(const AddonVersion& v, std::string_view kubernetes) {
  return std::find(v.kubernetes.begin(), v.kubernetes.end(), kubernetes) != v.kubernetes.end();
}

const AddonVersion* default_addon_version(std::string_view addon, std::string_view kubernetes) {
  for (const auto& v : addon_versions()) {
    if (v.addon == addon &&
        std::find(v.default_for.begin(), v.default_for.end(), kubernetes) != v.default_for.end()) {
      return &v;
    }
  }
  return nullptr;
}

// The numbers of a version string: "v1.18.3-eksbuild.3" -> 1, 18, 3, 3.
static std::vector<long> numbers(std::string_view s) {
  std::vector<long> out;
  size_t i = 0;
  while (i < s.size()) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      long n = 0;
      auto [p, ec] = std::from_chars(s.data() + i, s.data() + s.size(), n);
      out.push_back(n);
      i = static_cast<size_t>(p - s.data());
    } else {
      ++i;
    }
  }
  return out;
}

int compare_versions(std::string_view a, std::string_view b) {
  auto x = numbers(a), y = numbers(b);
  for (size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    long l = i < x.size() ? x[i] : 0, r = i < y.size() ? y[i] : 0;
    if (l != r) return l < r ? -1 : 1;
  }
  return 0;
}

}  // namespace hpl::catalog
