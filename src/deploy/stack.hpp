// The stack file, parsed: the resources hpctl manages and the YAML each was written as.
// docs/stack-file.md documents every field. The sections that mirror an AWS request
// (eks.cluster, eks.addons, hyperpod.cluster) stay YAML here and are turned into requests
// with references resolved (convert.hpp) when they are validated, planned or applied.
#pragma once

#include "deploy/document.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hpl::deploy {

struct RoleSpec {
  std::string key;  // its name under iam.roles, used in ${iam.roles.<key>.arn}
  const Node* node = nullptr;
  std::string role_name;
  std::string path = "/";
  std::string description;
  std::vector<std::string> trusted_services;     // each becomes an sts:AssumeRole statement
  const Node* trust_document = nullptr;          // assumeRolePolicyDocument, instead
  std::vector<const Node*> managed_policy_arns;  // scalars, possibly ${iam.policies.<k>.arn}
  std::vector<std::pair<std::string, const Node*>> inline_policies;  // name -> document
  std::map<std::string, std::string> tags;
  std::optional<std::int64_t> max_session_duration;
};

// A customer managed policy the stack creates.
struct PolicySpec {
  std::string key;
  const Node* node = nullptr;
  std::string policy_name;
  std::string path = "/";
  std::string description;
  const Node* document = nullptr;
};

struct SubnetSpec {
  std::string availability_zone;
  std::string cidr_block;
  const Node* node = nullptr;
};

// Either a VPC the stack creates (two or more private subnets, one security group with the
// self-referencing rules EFA needs) or existing subnets and security groups.
struct NetworkSpec {
  const Node* node = nullptr;
  bool create = false;
  std::string vpc_cidr;
  std::string vpc_name;
  std::vector<SubnetSpec> subnets;
  std::string group_name;
  std::string group_description;
  std::string vpc_id;  // existing only, optional
  std::vector<std::string> subnet_ids;
  std::vector<std::string> security_group_ids;
};

// A local folder of lifecycle scripts kept in sync with an S3 prefix.
struct LifecycleSpec {
  const Node* node = nullptr;
  std::string source;      // as written
  std::string source_dir;  // resolved against the stack file's folder
  std::string bucket;
  std::string prefix;  // "" or ending in '/'
  bool create_bucket = true;
};

struct EksSpec {
  const Node* node = nullptr;
  const Node* cluster = nullptr;  // the CreateCluster request
  const Node* addons = nullptr;   // a list of CreateAddon requests, or nullptr
  std::string name;
};

struct HyperPodSpec {
  const Node* node = nullptr;
  const Node* cluster = nullptr;  // the CreateCluster request
  std::string name;
};

struct Stack {
  Document doc;
  std::string dir;  // the stack file's folder
  std::string name;
  std::string region;
  std::vector<RoleSpec> roles;
  std::vector<PolicySpec> policies;
  std::optional<NetworkSpec> network;
  std::optional<LifecycleSpec> lifecycle;
  std::optional<EksSpec> eks;
  std::optional<HyperPodSpec> hyperpod;

  const RoleSpec* role(std::string_view key) const;
  const PolicySpec* policy(std::string_view key) const;
};

// Reads the stack file and checks the structure of hpctl's own sections (unknown keys,
// missing names, wrong kinds). Problems are findings; the stack is returned as far as it
// could be read. Throws Error(Stack) only when the file cannot be read at all.
std::unique_ptr<Stack> load_stack(const std::string& path, Findings& findings);
std::unique_ptr<Stack> parse_stack(std::string_view text, const std::string& path,
                                   Findings& findings);

// The tag keys hpctl puts on what it creates, so that a later run finds them again.
inline constexpr std::string_view kStackTag = "hpctl:stack";
inline constexpr std::string_view kResourceTag = "hpctl:resource";

}  // namespace hpl::deploy
