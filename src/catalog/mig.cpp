#include "catalog/mig.hpp"

#include <map>

namespace hpl::catalog {

// Per-GPU profiles from the HyperPod GPU partitioning guide; the layouts are those of the
// HyperPod default mig-parted configuration: all-disabled, all-balanced and all-<profile>.
// TODO: accept the mixed-* layouts of the default configuration as well.
std::vector<std::string> mig_layouts(std::string_view instance_type) {
  static const std::vector<std::string_view> a100_40 = {"1g.5gb", "2g.10gb", "3g.20gb", "4g.20gb",
                                                        "7g.40gb"};
  static const std::vector<std::string_view> gpu_80 = {"1g.10gb", "1g.20gb", "2g.20gb",
                                                       "3g.40gb", "4g.40gb", "7g.80gb"};
  static const std::vector<std::string_view> h200 = {"1g.18gb", "1g.35gb", "2g.35gb",
                                                     "3g.71gb", "4g.71gb", "7g.141gb"};
  static const std::vector<std::string_view> b200 = {"1g.23gb", "1g.45gb", "2g.45gb",
                                                     "3g.90gb", "4g.90gb", "7g.180gb"};
  static const std::map<std::string_view, const std::vector<std::string_view>*> by_type = {
      {"ml.p4d.24xlarge", &a100_40}, {"ml.p4de.24xlarge", &gpu_80}, {"ml.p5.48xlarge", &gpu_80},
      {"ml.p5e.48xlarge", &h200},    {"ml.p5en.48xlarge", &h200},   {"ml.p6-b200.48xlarge", &b200},
  };
  auto it = by_type.find(instance_type);
  if (it == by_type.end()) return {};
  std::vector<std::string> out = {"all-disabled", "all-balanced"};
  for (auto profile : *it->second) out.push_back("all-" + std::string(profile));
  return out;
}

}  // namespace hpl::catalog
