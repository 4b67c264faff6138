#include "deploy/convert.hpp"

#include "aws/error.hpp"
#include "model/validator.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

namespace hpl::deploy {

namespace json = boost::json;
using model::Shape;
using model::ShapeType;

namespace {

std::string lower_camel(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Members people put in the wrong place, with where they belong. The spec's own example puts
// KubernetesConfig under Orchestrator.Eks, which the CreateCluster model does not have.
const std::map<std::string, std::string, std::less<>>& misplaced_hints() {
  static const std::map<std::string, std::string, std::less<>> hints = {
      {"ClusterOrchestratorEksConfig.KubernetesConfig",
       "Kubernetes labels and taints are set per instance group: move them to "
       "InstanceGroups[].KubernetesConfig"},
      {"ClusterInstanceGroupSpecification.EnvironmentConfig",
       "EnvironmentConfig belongs to RestrictedInstanceGroups[] entries"},
      {"CreateClusterRequest.KubernetesConfig",
       "Kubernetes labels and taints are set per instance group: move them to "
       "InstanceGroups[].KubernetesConfig"},
  };
  return hints;
}

std::vector<std::string> member_names(const Shape& shape) {
  std::vector<std::string> out;
  for (const auto& m : shape.members) out.push_back(m.name);
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : std::string(sep)) + i;
  return out;
}

json::value scalar_value(const Shape& shape, const Node& node, const std::string& path,
                         ConvertContext& ctx);

json::value structure(const Shape& shape, const Node& node, const std::string& path,
                      ConvertContext& ctx) {
  json::object out;
  if (node.is_null()) return out;  // "Spot:" and "Spot: {}" both mean the empty structure
  if (!node.is_map()) {
    ctx.findings.error(node.mark, path,
                       "expected a map of " + shape.name + " fields, found " + node.describe());
    return nullptr;
  }
  for (const auto& e : node.entries) {
    std::string child = path.empty() ? e.key : path + "." + e.key;
    const model::MemberRef* m = shape.find_member(e.key);
    if (!m) {
      std::string hint;
      if (auto it = misplaced_hints().find(shape.name + "." + e.key);
          it != misplaced_hints().end()) {
        hint = it->second;
      } else if (auto near = closest(e.key, member_names(shape)); !near.empty()) {
        hint = "did you mean '" + near + "'?";
      }
      ctx.findings.error(e.key_mark, child,
                         "unknown field '" + e.key + "': the API's " + shape.name + " has " +
                             join(member_names(shape)),
                         hint);
      continue;
    }
    if (e.value.is_null() && m->shape->type != ShapeType::Structure) continue;
    json::value v = to_request(*m->shape, e.value, child, ctx);
    if (!v.is_null()) out[m->name] = std::move(v);
  }
  return out;
}

json::value list(const Shape& shape, const Node& node, const std::string& path,
                 ConvertContext& ctx) {
  if (node.is_scalar()) {
    json::value v = interpolate(node, path, ctx);
    if (v.is_array() || v.is_null()) return v;
    if (v.is_string() && v.as_string() == kKnownAfterApply) return v;
    ctx.findings.error(node.mark, path, "expected a list, found " + node.describe(),
                       "write a list, e.g. [" + node.text + "]");
    return nullptr;
  }
  if (!node.is_sequence()) {
    ctx.findings.error(node.mark, path, "expected a list, found " + node.describe());
    return nullptr;
  }
  json::array out;
  for (size_t i = 0; i < node.items.size(); ++i) {
    std::string child = path + "[" + std::to_string(i) + "]";
    json::value v = to_request(*shape.member.shape, node.items[i], child, ctx);
    // A reference to a list inside a list ("- ${network.subnetIds}") is spliced in.
    if (v.is_array() && shape.member.shape->type != ShapeType::List) {
      for (auto& x : v.as_array()) out.push_back(std::move(x));
    } else if (!v.is_null()) {
      out.push_back(std::move(v));
    }
  }
  return out;
}

json::value map(const Shape& shape, const Node& node, const std::string& path,
                ConvertContext& ctx) {
  if (node.is_null()) return json::object{};
  if (!node.is_map()) {
    ctx.findings.error(node.mark, path, "expected a map, found " + node.describe());
    return nullptr;
  }
  json::object out;
  for (const auto& e : node.entries) {
    if (e.value.is_null()) {
      // "key:" with no value is an empty string (a Kubernetes label may be empty).
      if (shape.value.shape->type == ShapeType::String) out[e.key] = json::string();
      continue;
    }
    json::value v = to_request(*shape.value.shape, e.value, path + "[\"" + e.key + "\"]", ctx);
    if (!v.is_null()) out[e.key] = std::move(v);
  }
  return out;
}

json::value scalar_value(const Shape& shape, const Node& node, const std::string& path,
                         ConvertContext& ctx) {
  if (!node.is_scalar()) {
    ctx.findings.error(node.mark, path, "expected a single value, found " + node.describe());
    return nullptr;
  }
  json::value v = interpolate(node, path, ctx);
  if (!v.is_string()) {
    if (!v.is_null()) {
      ctx.findings.error(node.mark, path,
                         "expected a single value, but the reference gives "
                         "a list");
    }
    return nullptr;
  }
  std::string text(v.as_string());
  if (text == kKnownAfterApply) return v;
  switch (shape.type) {
    case ShapeType::Integer:
    case ShapeType::Long: {
      std::int64_t n = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec == std::errc() && p == text.data() + text.size()) return n;
      ctx.findings.error(node.mark, path, "expected a whole number, found " + node.describe());
      return nullptr;
    }
    case ShapeType::Double:
    case ShapeType::Float: {
      double d = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (ec == std::errc() && p == text.data() + text.size()) return d;
      ctx.findings.error(node.mark, path, "expected a number, found " + node.describe());
      return nullptr;
    }
    case ShapeType::Boolean: {
      std::string l = lower(text);
      if (l == "true") return true;
      if (l == "false") return false;
      ctx.findings.error(node.mark, path, "expected true or false, found " + node.describe());
      return nullptr;
    }
    default:
      return v;
  }
}

// Where a validator path ("instanceGroups.1.member.kubernetesConfig.labels.k.member.value")
// leads in the YAML, and how to name that place in the stack.
struct Located {
  Mark mark;
  std::string path;
  bool missing = false;  // the path ends at a member the YAML does not have
};

Located locate(const Shape& root, const Node& root_node, std::string_view rest,
               std::string display) {
  const Shape* shape = &root;
  const Node* node = &root_node;
  auto take = [&rest]() {
    auto dot = rest.find('.');
    std::string_view token = rest.substr(0, dot);
    rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
    return token;
  };
  while (!rest.empty()) {
    if (shape->type == ShapeType::Structure) {
      std::string_view token = take();
      const model::MemberRef* m = nullptr;
      for (const auto& candidate : shape->members) {
        if (lower_camel(candidate.name) == token) m = &candidate;
      }
      if (!m) break;
      display += (display.empty() ? "" : ".") + m->name;
      const Node* child = node->is_map() ? node->find(m->name) : nullptr;
      if (!child) return {node->mark, display, true};
      node = child;
      shape = m->shape;
    } else if (shape->type == ShapeType::List) {
      size_t index = static_cast<size_t>(std::atoi(std::string(take()).c_str()));
      take();  // "member"
      display += "[" + std::to_string(index - 1) + "]";
      if (!node->is_sequence() || index == 0 || index > node->items.size()) break;
      node = &node->items[index - 1];
      shape = shape->member.shape;
    } else if (shape->type == ShapeType::Map) {
      const Entry* found = nullptr;
      for (const auto& e : node->is_map() ? node->entries : std::vector<Entry>{}) {
        if (rest.rfind(e.key + ".member.", 0) == 0) found = &e;
      }
      if (!found) break;
      display += "[\"" + found->key + "\"]";
      rest.remove_prefix(found->key.size() + 8);
      if (rest == "key") return {found->key_mark, display};
      node = &found->value;
      shape = shape->value.shape;
      rest = {};
    } else {
      break;
    }
  }
  return {node->mark, display};
}

std::string enum_hint(const Shape& root, std::string_view value, std::string_view constraint) {
  auto open = constraint.find('['), close = constraint.rfind(']');
  if (open == std::string_view::npos || close == std::string_view::npos) return "";
  std::vector<std::string> values;
  std::string_view list = constraint.substr(open + 1, close - open - 1);
  while (!list.empty()) {
    auto comma = list.find(", ");
    values.emplace_back(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 2);
  }
  auto near = closest(value, values);
  return near.empty() ? "use one of: " + join(values) : "did you mean '" + near + "'?";
}

}  // namespace

json::value interpolate(const Node& scalar, const std::string& path, ConvertContext& ctx) {
  const std::string& text = scalar.text;
  auto start = text.find("${");
  if (start == std::string::npos) return json::string(text);
  std::string out;
  size_t pos = 0;
  while (start != std::string::npos) {
    auto end = text.find('}', start);
    if (end == std::string::npos) {
      ctx.findings.error(scalar.mark, path, "unterminated reference in '" + text + "'",
                         "close it with '}', e.g. ${eks.arn}");
      return nullptr;
    }
    std::string ref = text.substr(start + 2, end - start - 2);
    auto value = ctx.resolve(ref);
    if (!value) {
      ctx.findings.error(scalar.mark, path, "unknown reference ${" + ref + "}",
                         "see docs/stack-file.md#references for what can be referenced");
      return nullptr;
    }
    bool whole = start == 0 && end == text.size() - 1;
    if (whole) return *value;
    if (!value->is_string()) {
      ctx.findings.error(scalar.mark, path,
                         "${" + ref +
                             "} is a list and cannot be part of a "
                             "longer string");
      return nullptr;
    }
    out += text.substr(pos, start - pos) + std::string(value->as_string());
    pos = end + 1;
    start = text.find("${", pos);
  }
  out += text.substr(pos);
  // A reference not known yet leaves the whole value unknown.
  if (out.find(kKnownAfterApply) != std::string::npos) return json::string(kKnownAfterApply);
  return json::string(out);
}

json::value to_request(const Shape& shape, const Node& node, const std::string& path,
                       ConvertContext& ctx) {
  switch (shape.type) {
    case ShapeType::Structure:
      return structure(shape, node, path, ctx);
    case ShapeType::List:
      return list(shape, node, path, ctx);
    case ShapeType::Map:
      return map(shape, node, path, ctx);
    default:
      return scalar_value(shape, node, path, ctx);
  }
}

json::value to_plain_json(const Node& node, const std::string& path, ConvertContext& ctx) {
  switch (node.kind) {
    case Node::Kind::Null:
      return nullptr;
    case Node::Kind::Sequence: {
      json::array out;
      for (size_t i = 0; i < node.items.size(); ++i) {
        out.push_back(to_plain_json(node.items[i], path + "[" + std::to_string(i) + "]", ctx));
      }
      return out;
    }
    case Node::Kind::Map: {
      json::object out;
      for (const auto& e : node.entries) {
        out[e.key] = to_plain_json(e.value, path.empty() ? e.key : path + "." + e.key, ctx);
      }
      return out;
    }
    case Node::Kind::Scalar:
      break;
  }
  if (!node.quoted) {
    if (node.text == "true" || node.text == "false") return node.text == "true";
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(node.text.data(), node.text.data() + node.text.size(), n);
    if (ec == std::errc() && p == node.text.data() + node.text.size() && node.text[0] != '0') {
      return n;
    }
  }
  return interpolate(node, path, ctx);
}

void check_constraints(const Shape& shape, const json::object& request, const Node& node,
                       const std::string& path, Findings& findings) {
  std::vector<model::ValidationFailure> failures;
  json::object copy = request;  // the validator drops unknown members from what it checks
  try {
    failures = model::validate(shape, copy);
  } catch (const aws::ApiError& e) {
    findings.error(node.mark, path, e.message());
    return;
  }
  for (const auto& f : failures) {
    if (f.value == kKnownAfterApply) continue;
    Located at = locate(shape, node, f.path, path);
    std::string constraint = f.constraint;
    if (constraint.rfind("Member must", 0) == 0) constraint = "must" + constraint.substr(11);
    std::string service_text = model::validation_message({f});
    if (f.constraint == "Member must not be null") {
      std::string field = at.path.substr(at.path.find_last_of('.') + 1);
      findings.error(at.mark, at.path, "required field " + field + " is missing",
                     "add " + field + " here (the API answers: " + service_text + ")");
      continue;
    }
    std::string hint;
    if (f.constraint.find("enum value set") != std::string::npos) {
      hint = enum_hint(shape, f.value, f.constraint);
      constraint =
          "is not an allowed value; the API accepts " + f.constraint.substr(f.constraint.find('['));
    }
    findings.error(at.mark, at.path, "'" + f.value + "' " + constraint,
                   hint.empty() ? "the API would answer: " + service_text : hint);
  }
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string w = lower(word);
  std::string best;
  size_t best_distance = std::string::npos;
  for (const auto& c : candidates) {
    std::string l = lower(c);
    std::vector<size_t> prev(l.size() + 1), cur(l.size() + 1);
    for (size_t j = 0; j <= l.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= w.size(); ++i) {
      cur[0] = i;
      for (size_t j = 1; j <= l.size(); ++j) {
        cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (w[i - 1] != l[j - 1])});
      }
      std::swap(prev, cur);
    }
    if (prev[l.size()] < best_distance) {
      best_distance = prev[l.size()];
      best = c;
    }
  }
  size_t allowed = std::max<size_t>(2, w.size() / 3);
  return best_distance <= allowed ? best : "";
}

}  // namespace hpl::deploy
