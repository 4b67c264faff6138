// How a HyperPod cluster as DescribeCluster shows it compares with the CreateCluster request
// the stack asks for, and what UpdateCluster must be sent to get from one to the other.
#pragma once

#include "deploy/engine.hpp"

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace hpl::deploy {

// A DescribeCluster instance group rewritten as the CreateCluster group that asks for it:
// TargetCount is InstanceCount, MinCount is MinInstanceCount, the desired labels and taints
// are KubernetesConfig.
boost::json::object group_as_requested(const boost::json::object& described);

struct HyperPodUpdate {
  boost::json::object request;  // UpdateCluster input without ClusterName; empty: nothing
  boost::json::array tags_to_add;
  std::vector<std::string> tag_keys_to_delete;
};

// Compares `desired` (a CreateCluster request) with `live` (DescribeCluster) and `live_tags`
// (ListTags), adding field changes and notes to `change`; returns what apply sends.
HyperPodUpdate diff_hyperpod(const boost::json::object& desired, const boost::json::object& live,
                             const boost::json::array& live_tags, Change& change);

}  // namespace hpl::deploy
