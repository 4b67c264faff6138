#include "catalog/mig.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>

namespace hpl::catalog {

// Per-GPU profiles from the HyperPod GPU partitioning guide; the layouts are those of the
// HyperPod default mig-parted configuration: all-disabled, all-balanced, all-<profile> and the
// mixed-* combinations.
static const std::vector<std::string_view>* gpu_profiles(std::string_view instance_type);

std::vector<std::string> mig_layouts(std::string_view instance_type) {
  const auto* profiles = gpu_profiles(instance_type);
  if (!profiles) return {};
  std::vector<std::string> out = {"all-disabled", "all-balanced"};
  for (auto profile : *profiles) out.push_back("all-" + std::string(profile));
  return out;
}

namespace {

// A profile's share of one GPU: "3g.40gb" on a GPU whose smallest profile is "1g.10gb" takes 3
// compute slices and 4 memory slices.
struct Slices {
  int compute = 0;
  int memory = 0;
};

std::optional<Slices> slices(std::string_view profile, std::string_view smallest) {
  auto gigabytes = [](std::string_view p) {
    auto dot = p.find('.');
    return dot == std::string_view::npos ? 0 : std::atoi(std::string(p.substr(dot + 1)).c_str());
  };
  int unit = gigabytes(smallest);
  if (profile.empty() || profile[0] < '1' || profile[0] > '9' || unit == 0) return std::nullopt;
  return Slices{profile[0] - '0', (gigabytes(profile) + unit - 1) / unit};
}

}  // namespace

bool is_mig_layout(std::string_view instance_type, std::string_view layout) {
  auto names = mig_layouts(instance_type);
  if (std::find(names.begin(), names.end(), layout) != names.end()) return true;
  const auto* profiles = gpu_profiles(instance_type);
  constexpr std::string_view prefix = "mixed-";
  if (!profiles || layout.rfind(prefix, 0) != 0) return false;
  std::vector<std::string_view> parts;
  for (std::string_view rest = layout.substr(prefix.size());;) {
    auto dash = rest.find('-');
    parts.push_back(rest.substr(0, dash));
    if (dash == std::string_view::npos) break;
    rest = rest.substr(dash + 1);
  }
  if (parts.size() < 4 || parts.size() % 2 != 0) return false;
  Slices total;
  int previous = 0;
  for (size_t i = 0; i < parts.size(); i += 2) {
    std::string_view count = parts[i], profile = parts[i + 1];
    if (count.empty() || count.size() > 1 || count[0] < '1' || count[0] > '7') return false;
    if (std::find(profiles->begin(), profiles->end(), profile) == profiles->end()) return false;
    auto share = slices(profile, profiles->front());
    if (!share || share->compute <= previous) return false;  // ascending, each profile once
    previous = share->compute;
    total.compute += (count[0] - '0') * share->compute;
    total.memory += (count[0] - '0') * share->memory;
  }
  return total.compute <= 7 && total.memory <= 8;
}

static const std::vector<std::string_view>* gpu_profiles(std::string_view instance_type) {
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
  return it == by_type.end() ? nullptr : it->second;
}

}  // namespace hpl::catalog
