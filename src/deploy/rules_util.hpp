// Small helpers the stack rules share.
#pragma once

#include "deploy/document.hpp"
#include "deploy/stack.hpp"

#include <boost/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace hpl::deploy {

// The Kubernetes version the spec recommends for HyperPod, and the oldest VPC CNI it takes.
inline constexpr std::string_view kRecommendedVersion = "1.33";
inline constexpr std::string_view kMinVpcCni = "v1.18.3";

inline Mark mark_of(const Node* n) {
  return n ? n->mark : Mark{};
}

// The node at `keys` under `node`; with `deepest`, the last one that exists instead of null.
const Node* find(const Node* node, std::initializer_list<std::string_view> keys,
                 bool deepest = false);

std::string str(const boost::json::object& o, std::string_view key);
const boost::json::object* obj(const boost::json::object& o, std::string_view key);
const boost::json::array* arr(const boost::json::object& o, std::string_view key);

// Whether a stack role lets `service` assume it (trustedServices or its trust document).
bool trusts(const RoleSpec& role, std::string_view service);

// Whether hyperpod.cluster runs on the stack's own eks.cluster.
bool hyperpod_uses_stack_eks(const Stack& stack);

}  // namespace hpl::deploy
