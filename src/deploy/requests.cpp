#include "deploy/requests.hpp"

#include "model/model.hpp"

namespace hpl::deploy {

namespace json = boost::json;

std::optional<json::value> References::get(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

bool References::known(std::string_view name) const {
  auto v = get(name);
  return v && !(v->is_string() && v->as_string() == kKnownAfterApply);
}

Resolver References::resolver() const {
  return [this](std::string_view name) { return get(name); };
}

References References::unknown(const Stack& stack) {
  References refs = placeholders(stack);
  json::value unknown = json::string(kKnownAfterApply);
  for (auto& [name, value] : refs.values_) {
    if (name == "stack" || name == "region" || name.rfind("lifecycle.", 0) == 0 ||
        name == "eks.name" || name == "hyperpod.name" || name.find(".name") != std::string::npos) {
      continue;  // known from the file itself
    }
    if (stack.network && !stack.network->create && name.rfind("network.", 0) == 0) continue;
    value = unknown;
  }
  return refs;
}

References References::placeholders(const Stack& stack) {
  References r;
  std::string account(kPlaceholderAccount);
  std::string region = stack.region.empty() ? "us-east-1" : stack.region;
  r.set("stack", json::string(stack.name));
  r.set("region", json::string(region));
  r.set("account", json::string(account));
  for (const auto& role : stack.roles) {
    std::string base = "iam.roles." + role.key;
    r.set(base + ".name", json::string(role.role_name));
    r.set(base + ".arn",
          json::string("arn:aws:iam::" + account + ":role" + role.path + role.role_name));
  }
  for (const auto& p : stack.policies) {
    std::string base = "iam.policies." + p.key;
    r.set(base + ".name", json::string(p.policy_name));
    r.set(base + ".arn",
          json::string("arn:aws:iam::" + account + ":policy" + p.path + p.policy_name));
  }
  if (const auto& n = stack.network) {
    json::array subnets, groups;
    if (n->create) {
      for (size_t i = 0; i < n->subnets.size(); ++i) {
        subnets.emplace_back("subnet-0000000000000000" + std::to_string(i % 10));
      }
      groups.emplace_back("sg-00000000000000000");
    } else {
      for (const auto& s : n->subnet_ids) subnets.emplace_back(s);
      for (const auto& g : n->security_group_ids) groups.emplace_back(g);
    }
    r.set("network.vpcId", json::string(n->vpc_id.empty() ? "vpc-00000000000000000" : n->vpc_id));
    r.set("network.securityGroupId", groups.empty() ? json::value(json::string()) : groups.front());
    r.set("network.subnetIds", std::move(subnets));
    r.set("network.securityGroupIds", std::move(groups));
  }
  if (const auto& l = stack.lifecycle) {
    r.set("lifecycle.bucket", json::string(l->bucket));
    r.set("lifecycle.prefix", json::string(l->prefix));
    r.set("lifecycle.s3Uri", json::string("s3://" + l->bucket + "/" + l->prefix));
  }
  if (const auto& e = stack.eks) {
    r.set("eks.name", json::string(e->name));
    r.set("eks.arn", json::string("arn:aws:eks:" + region + ":" + account + ":cluster/" + e->name));
  }
  if (const auto& h = stack.hyperpod) {
    r.set("hyperpod.name", json::string(h->name));
    r.set("hyperpod.arn",
          json::string("arn:aws:sagemaker:" + region + ":" + account + ":cluster/000000000000"));
  }
  return r;
}

json::object policy_document(const Node& node, const std::string& path, ConvertContext& ctx) {
  json::value v = to_plain_json(node, path, ctx);
  if (!v.is_object()) {
    ctx.findings.error(node.mark, path,
                       "a policy document must be a map with Version and "
                       "Statement");
    return {};
  }
  const auto& o = v.as_object();
  if (!o.contains("Statement")) {
    ctx.findings.error(node.mark, path, "the policy document has no Statement",
                       "add Statement: [{Effect: Allow, Action: ..., Resource: ...}]");
  }
  return o;
}

json::object role_trust_policy(const RoleSpec& role, ConvertContext& ctx) {
  if (role.trust_document) {
    return policy_document(*role.trust_document,
                           "iam.roles." + role.key + ".assumeRolePolicyDocument", ctx);
  }
  json::array statements;
  for (const auto& service : role.trusted_services) {
    statements.push_back(json::object{{"Effect", "Allow"},
                                      {"Principal", json::object{{"Service", service}}},
                                      {"Action", "sts:AssumeRole"}});
  }
  return {{"Version", "2012-10-17"}, {"Statement", std::move(statements)}};
}

std::vector<std::string> role_managed_policies(const RoleSpec& role, ConvertContext& ctx) {
  std::vector<std::string> out;
  for (size_t i = 0; i < role.managed_policy_arns.size(); ++i) {
    const Node* n = role.managed_policy_arns[i];
    std::string path = "iam.roles." + role.key + ".managedPolicyArns[" + std::to_string(i) + "]";
    if (!n->is_scalar()) {
      ctx.findings.error(n->mark, path, "expected a policy ARN, found " + n->describe());
      continue;
    }
    json::value v = interpolate(*n, path, ctx);
    if (v.is_string()) out.emplace_back(v.as_string());
  }
  return out;
}

namespace {

Request build(std::string_view service, std::string_view operation, const Node& node,
              const std::string& path, ConvertContext& ctx, bool check,
              const json::object& implied = {}) {
  const auto* op = model::ServiceModel::get(service).operation(operation);
  json::value v = to_request(*op->input, node, path, ctx);
  if (!v.is_object()) return std::nullopt;
  json::object request = std::move(v.as_object());
  for (const auto& [k, value] : implied) {
    if (!request.contains(k)) request[k] = value;
  }
  if (check) check_constraints(*op->input, request, node, path, ctx.findings);
  return request;
}

}  // namespace

Request eks_cluster_request(const Stack& stack, ConvertContext& ctx, bool check) {
  if (!stack.eks || !stack.eks->cluster) return std::nullopt;
  return build("eks", "CreateCluster", *stack.eks->cluster, "eks.cluster", ctx, check);
}

std::vector<Request> eks_addon_requests(const Stack& stack, ConvertContext& ctx, bool check) {
  std::vector<Request> out;
  if (!stack.eks || !stack.eks->addons) return out;
  const Node& list = *stack.eks->addons;
  for (size_t i = 0; i < list.items.size(); ++i) {
    // The add-on belongs to the stack's cluster unless it says otherwise.
    json::object implied{{"clusterName", stack.eks->name}};
    out.push_back(build("eks", "CreateAddon", list.items[i],
                        "eks.addons[" + std::to_string(i) + "]", ctx, check, implied));
  }
  return out;
}

Request hyperpod_request(const Stack& stack, ConvertContext& ctx, bool check) {
  if (!stack.hyperpod || !stack.hyperpod->cluster) return std::nullopt;
  return build("sagemaker", "CreateCluster", *stack.hyperpod->cluster, "hyperpod.cluster", ctx,
               check);
}

std::string referenced_role(const Node* value) {
  if (!value || !value->is_scalar()) return "";
  const std::string& t = value->text;
  const std::string prefix = "${iam.roles.";
  if (t.rfind(prefix, 0) != 0 || t.size() < prefix.size() + 6 ||
      t.compare(t.size() - 5, 5, ".arn}") != 0) {
    return "";
  }
  return t.substr(prefix.size(), t.size() - prefix.size() - 5);
}

}  // namespace hpl::deploy
