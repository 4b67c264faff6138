#include "deploy/rules_util.hpp"

#include <algorithm>

namespace hpl::deploy {

namespace json = boost::json;

const Node* find(const Node* node, std::initializer_list<std::string_view> keys, bool deepest) {
  const Node* at = node;
  for (auto key : keys) {
    const Node* next = at && at->is_map() ? at->find(key) : nullptr;
    if (!next) return deepest ? at : nullptr;
    at = next;
  }
  return at;
}

std::string str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

const json::object* obj(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_object() ? &it->value().as_object() : nullptr;
}

const json::array* arr(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_array() ? &it->value().as_array() : nullptr;
}

static bool mentions(const Node& node, std::string_view text) {
  if (node.is_scalar()) return node.text == text;
  for (const auto& item : node.items) {
    if (mentions(item, text)) return true;
  }
  for (const auto& e : node.entries) {
    if (mentions(e.value, text)) return true;
  }
  return false;
}

bool trusts(const RoleSpec& role, std::string_view service) {
  if (role.trust_document) return mentions(*role.trust_document, service);
  return std::find(role.trusted_services.begin(), role.trusted_services.end(), service) !=
         role.trusted_services.end();
}

bool hyperpod_uses_stack_eks(const Stack& stack) {
  if (!stack.eks || !stack.hyperpod) return false;
  const Node* arn = find(stack.hyperpod->cluster, {"Orchestrator", "Eks", "ClusterArn"});
  if (!arn || !arn->is_scalar()) return true;  // reported by the HyperPod rules
  const std::string& t = arn->text;
  std::string suffix = ":cluster/" + stack.eks->name;
  return t.find("${eks.") != std::string::npos ||
         (t.size() > suffix.size() &&
          t.compare(t.size() - suffix.size(), suffix.size(), suffix) == 0);
}

}  // namespace hpl::deploy
