// The AWS managed IAM policies every emulated account can see from the start. AWS owns them in
// its own `aws` account namespace, so their ARNs carry `aws` where an account id would be
// (arn:aws:iam::aws:policy<path><name>); customers can attach them but never edit or delete them.
#pragma once

#include <string_view>
#include <vector>

namespace hpl::catalog {

struct ManagedPolicy {
  std::string_view name;  // "AmazonEKSClusterPolicy"
  std::string_view path;  // "/" or "/service-role/" as AWS has it
  std::string_view description;
  std::string_view default_version;  // "v1", "v5", ...
  std::string_view created;          // ISO 8601, e.g. "2018-05-27T21:06:14Z"
  std::string_view updated;
  std::string_view document;  // the policy JSON, compact or pretty
};

// Every AWS managed policy the emulator knows (arn:aws:iam::aws:policy<path><name>).
const std::vector<ManagedPolicy>& managed_policies();
const ManagedPolicy* find_managed_policy(std::string_view name);

}  // namespace hpl::catalog
