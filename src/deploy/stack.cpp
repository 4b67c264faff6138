#include "deploy/stack.hpp"

#include "deploy/convert.hpp"
#include "deploy/error.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace hpl::deploy {

namespace fs = std::filesystem;

const RoleSpec* Stack::role(std::string_view key) const {
  for (const auto& r : roles) {
    if (r.key == key) return &r;
  }
  return nullptr;
}

const PolicySpec* Stack::policy(std::string_view key) const {
  for (const auto& p : policies) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

namespace {

// Checked access to one map of hpctl's own schema; every problem becomes a finding.
class Section {
 public:
  Section(const Node* node, std::string path, Findings& findings, std::vector<std::string> allowed)
      : node_(node), path_(std::move(path)), findings_(findings) {
    if (!node_) return;
    if (!node_->is_map()) {
      findings_.error(node_->mark, path_, "expected a map, found " + node_->describe());
      node_ = nullptr;
      return;
    }
    for (const auto& e : node_->entries) {
      if (std::find(allowed.begin(), allowed.end(), e.key) != allowed.end()) continue;
      auto near = closest(e.key, allowed);
      std::string all;
      for (const auto& a : allowed) all += (all.empty() ? "" : ", ") + a;
      findings_.error(e.key_mark, child(e.key),
                      "unknown field '" + e.key + "' (expected " + all + ")",
                      near.empty() ? "" : "did you mean '" + near + "'?");
    }
  }

  bool ok() const { return node_ != nullptr; }
  const Node* node() const { return node_; }
  std::string child(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  const Node* get(std::string_view key) const {
    const Node* n = node_ ? node_->find(key) : nullptr;
    return n && !n->is_null() ? n : nullptr;
  }

  std::string str(std::string_view key, bool required) const {
    const Node* n = get(key);
    if (!n) {
      if (required && node_) {
        findings_.error(node_->mark, child(key),
                        "required field " + std::string(key) + " is missing",
                        "add " + std::string(key) + ": <value>");
      }
      return "";
    }
    if (!n->is_scalar()) {
      findings_.error(n->mark, child(key), "expected a single value, found " + n->describe());
      return "";
    }
    return n->text;
  }

  bool flag(std::string_view key, bool fallback) const {
    const Node* n = get(key);
    if (!n) return fallback;
    if (n->is_scalar() && (n->text == "true" || n->text == "false")) return n->text == "true";
    findings_.error(n->mark, child(key), "expected true or false, found " + n->describe());
    return fallback;
  }

  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    const Node* n = get(key);
    if (!n) return out;
    if (!n->is_sequence()) {
      findings_.error(n->mark, child(key), "expected a list, found " + n->describe());
      return out;
    }
    for (const auto& item : n->items) {
      if (item.is_scalar())
        out.push_back(item.text);
      else
        findings_.error(item.mark, child(key), "expected a single value, found " + item.describe());
    }
    return out;
  }

  // A map whose keys the caller names (iam.roles.<key>); each value handed to `each`.
  template <typename F>
  void each_entry(std::string_view key, F&& each) const {
    const Node* n = get(key);
    if (!n) return;
    if (!n->is_map()) {
      findings_.error(n->mark, child(key), "expected a map, found " + n->describe());
      return;
    }
    for (const auto& e : n->entries) each(e, child(key) + "." + e.key);
  }

 private:
  const Node* node_;
  std::string path_;
  Findings& findings_;
};

RoleSpec parse_role(const Entry& e, const std::string& path, Findings& findings) {
  Section s(&e.value, path, findings,
            {"roleName", "path", "description", "trustedServices", "assumeRolePolicyDocument",
             "managedPolicyArns", "inlinePolicies", "maxSessionDuration", "tags"});
  RoleSpec r;
  r.key = e.key;
  r.node = &e.value;
  if (!s.ok()) return r;
  r.role_name = s.str("roleName", true);
  if (auto p = s.str("path", false); !p.empty()) r.path = p;
  r.description = s.str("description", false);
  r.trusted_services = s.strings("trustedServices");
  r.trust_document = s.get("assumeRolePolicyDocument");
  if (r.trusted_services.empty() && !r.trust_document) {
    findings.error(e.value.mark, path, "role " + e.key + " says nothing about who may assume it",
                   "add trustedServices: [sagemaker.amazonaws.com] or an "
                   "assumeRolePolicyDocument");
  }
  if (!r.trusted_services.empty() && r.trust_document) {
    findings.error(s.get("assumeRolePolicyDocument")->mark, path + ".assumeRolePolicyDocument",
                   "give either trustedServices or assumeRolePolicyDocument, not both");
  }
  if (const Node* arns = s.get("managedPolicyArns")) {
    if (arns->is_sequence()) {
      for (const auto& item : arns->items) r.managed_policy_arns.push_back(&item);
    } else {
      findings.error(arns->mark, path + ".managedPolicyArns", "expected a list of policy ARNs");
    }
  }
  s.each_entry("inlinePolicies", [&](const Entry& p, const std::string&) {
    r.inline_policies.emplace_back(p.key, &p.value);
  });
  s.each_entry("tags", [&](const Entry& t, const std::string&) { r.tags[t.key] = t.value.text; });
  if (auto d = s.str("maxSessionDuration", false); !d.empty()) {
    r.max_session_duration = std::atoll(d.c_str());
  }
  return r;
}

void parse_iam(const Node* node, Stack& stack, Findings& findings) {
  Section iam(node, "iam", findings, {"roles", "policies"});
  iam.each_entry("roles", [&](const Entry& e, const std::string& path) {
    stack.roles.push_back(parse_role(e, path, findings));
  });
  iam.each_entry("policies", [&](const Entry& e, const std::string& path) {
    Section s(&e.value, path, findings, {"policyName", "path", "description", "document"});
    PolicySpec p;
    p.key = e.key;
    p.node = &e.value;
    p.policy_name = s.str("policyName", true);
    if (auto v = s.str("path", false); !v.empty()) p.path = v;
    p.description = s.str("description", false);
    p.document = s.get("document");
    if (s.ok() && !p.document) {
      findings.error(e.value.mark, path + ".document", "required field document is missing");
    }
    stack.policies.push_back(std::move(p));
  });
}

void parse_network(const Node* node, Stack& stack, Findings& findings) {
  Section net(node, "network", findings, {"vpc", "vpcId", "subnetIds", "securityGroupIds"});
  if (!net.ok()) return;
  NetworkSpec spec;
  spec.node = node;
  spec.vpc_id = net.str("vpcId", false);
  spec.subnet_ids = net.strings("subnetIds");
  spec.security_group_ids = net.strings("securityGroupIds");
  if (const Node* vpc = net.get("vpc")) {
    spec.create = true;
    Section v(vpc, "network.vpc", findings, {"cidrBlock", "name", "subnets", "securityGroup"});
    spec.vpc_cidr = v.str("cidrBlock", true);
    spec.vpc_name = v.str("name", false);
    if (const Node* subnets = v.get("subnets"); subnets && subnets->is_sequence()) {
      for (size_t i = 0; i < subnets->items.size(); ++i) {
        std::string path = "network.vpc.subnets[" + std::to_string(i) + "]";
        Section s(&subnets->items[i], path, findings, {"availabilityZone", "cidrBlock"});
        spec.subnets.push_back(
            {s.str("availabilityZone", true), s.str("cidrBlock", true), &subnets->items[i]});
      }
    } else {
      findings.error(vpc->mark, "network.vpc.subnets", "network.vpc needs a list of subnets",
                     "add subnets: with one private subnet in each of two availability zones");
    }
    Section sg(v.get("securityGroup"), "network.vpc.securityGroup", findings,
               {"groupName", "description"});
    spec.group_name = sg.str("groupName", false);
    spec.group_description = sg.str("description", false);
    if (!spec.subnet_ids.empty() || !spec.security_group_ids.empty() || !spec.vpc_id.empty()) {
      findings.error(vpc->mark, "network",
                     "give either network.vpc (create a VPC) or "
                     "subnetIds/securityGroupIds (use existing ones), "
                     "not both");
    }
  } else if (spec.subnet_ids.empty()) {
    findings.error(node->mark, "network",
                   "network needs either vpc (to create one) or "
                   "subnetIds and securityGroupIds (existing ones)");
  }
  stack.network = std::move(spec);
}

void parse_lifecycle(const Node* node, Stack& stack, Findings& findings) {
  Section s(node, "lifecycleScripts", findings, {"source", "bucket", "prefix", "createBucket"});
  if (!s.ok()) return;
  LifecycleSpec spec;
  spec.node = node;
  spec.source = s.str("source", true);
  spec.bucket = s.str("bucket", true);
  spec.prefix = s.str("prefix", false);
  while (!spec.prefix.empty() && spec.prefix.front() == '/') spec.prefix.erase(0, 1);
  if (!spec.prefix.empty() && spec.prefix.back() != '/') spec.prefix += '/';
  spec.create_bucket = s.flag("createBucket", true);
  fs::path source(spec.source);
  spec.source_dir =
      (source.is_absolute() ? source : fs::path(stack.dir) / source).lexically_normal().string();
  stack.lifecycle = std::move(spec);
}

void parse_eks(const Node* node, Stack& stack, Findings& findings) {
  Section s(node, "eks", findings, {"cluster", "addons"});
  if (!s.ok()) return;
  EksSpec spec;
  spec.node = node;
  spec.cluster = s.get("cluster");
  spec.addons = s.get("addons");
  if (!spec.cluster) {
    findings.error(node->mark, "eks.cluster", "eks needs a cluster (the CreateCluster request)");
  } else if (const Node* name = spec.cluster->is_map() ? spec.cluster->find("name") : nullptr;
             name && name->is_scalar()) {
    spec.name = name->text;
  }
  if (spec.addons && !spec.addons->is_sequence()) {
    findings.error(spec.addons->mark, "eks.addons", "expected a list of add-ons");
    spec.addons = nullptr;
  }
  stack.eks = spec;
}

void parse_hyperpod(const Node* node, Stack& stack, Findings& findings) {
  Section s(node, "hyperpod", findings, {"cluster"});
  if (!s.ok()) return;
  HyperPodSpec spec;
  spec.node = node;
  spec.cluster = s.get("cluster");
  if (!spec.cluster) {
    findings.error(node->mark, "hyperpod.cluster",
                   "hyperpod needs a cluster (the CreateCluster request)");
  } else if (const Node* name =
                 spec.cluster->is_map() ? spec.cluster->find("ClusterName") : nullptr;
             name && name->is_scalar()) {
    spec.name = name->text;
  }
  stack.hyperpod = spec;
}

}  // namespace

std::unique_ptr<Stack> parse_stack(std::string_view text, const std::string& path,
                                   Findings& findings) {
  auto stack = std::make_unique<Stack>();
  stack->doc = parse_yaml(text, path, findings);
  stack->dir = fs::path(path).parent_path().string();
  if (stack->dir.empty()) stack->dir = ".";
  const Node& root = stack->doc.root;
  if (findings.has_errors()) return stack;
  Section top(&root, "", findings,
              {"stack", "region", "iam", "network", "lifecycleScripts", "eks", "hyperpod"});
  if (!top.ok()) return stack;
  stack->name = top.str("stack", true);
  stack->region = top.str("region", false);
  if (const Node* n = top.get("iam")) parse_iam(n, *stack, findings);
  if (const Node* n = top.get("network")) parse_network(n, *stack, findings);
  if (const Node* n = top.get("lifecycleScripts")) parse_lifecycle(n, *stack, findings);
  if (const Node* n = top.get("eks")) parse_eks(n, *stack, findings);
  if (const Node* n = top.get("hyperpod")) parse_hyperpod(n, *stack, findings);
  return stack;
}

std::unique_ptr<Stack> load_stack(const std::string& path, Findings& findings) {
  std::ifstream in(path);
  if (!in) throw stack_error("cannot read stack file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_stack(text.str(), path, findings);
}

}  // namespace hpl::deploy
