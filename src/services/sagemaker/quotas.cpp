// Service quotas CreateCluster is checked against, counted across every cluster of the
// account in the region. The defaults are generous; `--quota "<name>=<value>"` lowers them to
// rehearse a new account (which often has 0 for large GPU types).
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/errors.hpp"
#include "services/sagemaker/sagemaker.hpp"

#include <map>

namespace hpl::sagemaker {

namespace json = boost::json;

constexpr std::int64_t kDefaultPerTypeQuota = 10'000;
constexpr std::int64_t kDefaultPerClusterQuota = 10'000;
constexpr std::int64_t kDefaultTotalQuota = 100'000;
constexpr std::string_view kPerCluster =
    "Maximum number instances allowed per SageMaker HyperPod cluster";
constexpr std::string_view kTotal =
    "Total number of instances allowed across SageMaker HyperPod clusters";

static std::int64_t quota(const Config& config, std::string_view name, std::int64_t fallback) {
  auto it = config.quotas.find(std::string(name));
  return it == config.quotas.end() ? fallback : it->second;
}

static aws::ApiError exceeded(std::string_view name, std::int64_t limit, std::int64_t used,
                              std::int64_t delta) {
  return errors::resource_limit_exceeded(
      "The account-level service limit '" + std::string(name) + "' is " + std::to_string(limit) +
      " Instances, with current utilization of " + std::to_string(used) +
      " Instances and a request delta of " + std::to_string(delta) +
      " Instances. Please use AWS Service Quotas to request an increase for this quota.");
}

// Instances of each type the request asks for, and in total.
static std::map<std::string, std::int64_t> requested_by_type(const json::object& in,
                                                             std::int64_t& total) {
  std::map<std::string, std::int64_t> out;
  total = 0;
  for (const char* list : {"InstanceGroups", "RestrictedInstanceGroups"}) {
    const auto* groups = svc::opt_array(in, list);
    if (!groups) continue;
    for (const auto& g : *groups) {
      const auto& go = g.as_object();
      std::int64_t count = svc::opt_int(go, "InstanceCount").value_or(0);
      out[svc::str(go, "InstanceType")] += count;
      total += count;
    }
  }
  return out;
}

void SageMaker::check_quotas(aws::Call& call, const json::object& in) const {
  const Config& config = emu_.config();
  std::int64_t total = 0;
  auto wanted = requested_by_type(in, total);
  std::int64_t per_cluster = quota(config, kPerCluster, kDefaultPerClusterQuota);
  if (total > per_cluster) throw exceeded(kPerCluster, per_cluster, 0, total);

  std::map<std::string, std::int64_t> used;
  std::int64_t used_total = 0;
  for (const auto& [_, c] : clusters_) {
    if (c.region != call.region || c.status == "Failed" || c.status == "Deleting") continue;
    for (const auto& g : c.groups) {
      used[svc::str(g.spec, "InstanceType")] += g.target_count();
      used_total += g.target_count();
    }
  }
  for (const auto& [type, count] : wanted) {
    if (count == 0) continue;
    std::string name = type + " for cluster usage";
    std::int64_t limit = quota(config, name, kDefaultPerTypeQuota);
    if (used[type] + count > limit) throw exceeded(name, limit, used[type], count);
  }
  std::int64_t total_limit = quota(config, kTotal, kDefaultTotalQuota);
  if (used_total + total > total_limit) throw exceeded(kTotal, total_limit, used_total, total);
}

}  // namespace hpl::sagemaker
