// EKS control planes: CreateCluster validates the VPC, role and version, the cluster is
// CREATING and then ACTIVE with its endpoint, certificate and OIDC issuer; DELETING, then gone.
#pragma once

#include "services/service.hpp"

#include <boost/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace hpl::eks {

struct Addon {
  boost::json::object doc;  // the Addon shape as DescribeAddon returns it
  std::int64_t due = 0;     // when CREATING, UPDATING or DELETING ends
};

// An UpdateClusterConfig or UpdateAddon in progress or done. `change` is applied to the
// cluster (or add-on) when the update succeeds.
struct Update {
  boost::json::object doc;  // the Update shape
  std::int64_t due = 0;
  std::string addon;  // the add-on an AddonUpdate is for
  boost::json::object change;
};

struct Cluster {
  std::string region;
  boost::json::object doc;  // the Cluster shape as DescribeCluster returns it
  std::int64_t due = 0;     // when CREATING or DELETING ends
  std::map<std::string, Addon, std::less<>> addons = {};  // managed add-ons
  // Add-ons CreateCluster installs itself (bootstrapSelfManagedAddons): name -> version.
  // They are not managed add-ons, so ListAddons does not show them.
  std::map<std::string, std::string, std::less<>> self_managed = {};
  std::vector<Update> updates = {};

  std::string name() const;
  // The vpc-cni version the cluster runs, managed or self-managed; empty when none.
  std::string vpc_cni_version() const;
};

class Eks : public Service {
 public:
  explicit Eks(Emulator& emu) : Service(emu) {}

  std::string_view name() const override { return "eks"; }
  void register_operations(aws::OperationTable& table) override;
  void load() override;
  void reset() override;

  const Cluster* find_cluster(std::string_view region, std::string_view cluster_name) const;
  const Cluster* find_cluster_by_arn(std::string_view arn) const;

 private:
  void save(const Cluster& cluster);
  void schedule(const Cluster& cluster);
  void advance(const std::string& key);
  void finish_update(Cluster& c, Update& u);
  void validate_vpc(aws::Call& call, const std::string& cluster_name,
                    boost::json::object& vpc_config);
  Cluster& cluster_or_throw(aws::Call& call, const std::string& cluster_name);
  Addon& addon_or_throw(Cluster& c, const std::string& addon_name);
  Update& start_update(aws::Call& call, Cluster& c, std::string_view type,
                       boost::json::array params, boost::json::object change,
                       std::int64_t duration);

  // --- operations (cluster_ops.cpp, addons.cpp, updates.cpp) ---
  boost::json::object create_cluster(aws::Call& call, boost::json::object& in);
  boost::json::object describe_cluster(aws::Call& call, boost::json::object& in);
  boost::json::object list_clusters(aws::Call& call, boost::json::object& in);
  boost::json::object delete_cluster(aws::Call& call, boost::json::object& in);
  boost::json::object create_addon(aws::Call& call, boost::json::object& in);
  boost::json::object describe_addon(aws::Call& call, boost::json::object& in);
  boost::json::object list_addons(aws::Call& call, boost::json::object& in);
  boost::json::object update_addon(aws::Call& call, boost::json::object& in);
  boost::json::object delete_addon(aws::Call& call, boost::json::object& in);
  boost::json::object describe_addon_versions(aws::Call& call, boost::json::object& in);
  boost::json::object update_cluster_config(aws::Call& call, boost::json::object& in);
  boost::json::object describe_update(aws::Call& call, boost::json::object& in);
  boost::json::object list_updates(aws::Call& call, boost::json::object& in);

  std::map<std::string, Cluster, std::less<>> clusters_;  // by "<region>/<name>"
};

}  // namespace hpl::eks
