// EKS control planes: CreateCluster validates the VPC, role and version, the cluster is
// CREATING and then ACTIVE with its endpoint, certificate and OIDC issuer; DELETING, then gone.
#pragma once

#include "services/service.hpp"

#include <boost/json.hpp>

#include <map>
#include <string>

namespace hpl::eks {

struct Cluster {
  std::string region;
  boost::json::object doc;  // the Cluster shape as DescribeCluster returns it
  std::int64_t due = 0;     // virtual time of the pending transition, if any
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
  void validate_vpc(aws::Call& call, const std::string& cluster_name,
                    boost::json::object& vpc_config);

  boost::json::object create_cluster(aws::Call& call, boost::json::object& in);
  boost::json::object describe_cluster(aws::Call& call, boost::json::object& in);
  boost::json::object list_clusters(aws::Call& call, boost::json::object& in);
  boost::json::object delete_cluster(aws::Call& call, boost::json::object& in);

  std::map<std::string, Cluster, std::less<>> clusters_;  // by "<region>/<name>"
};

}  // namespace hpl::eks
