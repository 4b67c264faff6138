#include "services/iam/policy_eval.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

namespace hpl::iam {

namespace json = boost::json;

bool wildcard_match(std::string_view pattern, std::string_view text, bool ignore_case) {
  // Iterative glob with one back-track point: linear in practice, no recursion.
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto eq = [&](char a, char b) {
    return ignore_case ? std::tolower(static_cast<unsigned char>(a)) ==
                             std::tolower(static_cast<unsigned char>(b))
                       : a == b;
  };
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || eq(pattern[p], text[t]))) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

static std::vector<std::string> as_strings(const json::value& v) {
  std::vector<std::string> out;
  if (v.is_string()) out.emplace_back(v.as_string());
  if (v.is_array()) {
    for (const auto& e : v.as_array()) {
      if (e.is_string())
        out.emplace_back(e.as_string());
      else if (e.is_bool())
        out.emplace_back(e.as_bool() ? "true" : "false");
    }
  }
  if (v.is_bool()) out.emplace_back(v.as_bool() ? "true" : "false");
  return out;
}

// Replaces ${aws:PrincipalAccount} and friends with the request's values.
static std::string substitute(std::string text, const RequestContext& request) {
  size_t pos = 0;
  while ((pos = text.find("${", pos)) != std::string::npos) {
    size_t end = text.find('}', pos);
    if (end == std::string::npos) break;
    std::string key = text.substr(pos + 2, end - pos - 2);
    auto it = request.keys.find(key);
    std::string value = it == request.keys.end() ? "" : it->second;
    text.replace(pos, end - pos + 1, value);
    pos += value.size();
  }
  return text;
}

static bool any_match(const json::value& patterns, std::string_view text, bool ignore_case,
                      const RequestContext& request) {
  for (const auto& p : as_strings(patterns)) {
    if (wildcard_match(substitute(p, request), text, ignore_case)) return true;
  }
  return false;
}

// One condition operator over one key; unknown operators never match (fail closed).
static bool condition_holds(std::string op, const std::string& key, const json::value& values,
                            const RequestContext& request) {
  bool if_exists = op.size() > 8 && op.substr(op.size() - 8) == "IfExists";
  if (if_exists) op = op.substr(0, op.size() - 8);
  auto it = request.keys.find(key);
  if (it == request.keys.end()) return if_exists || op.rfind("StringNot", 0) == 0;
  const std::string& actual = it->second;
  auto wanted = as_strings(values);
  auto any = [&](auto pred) {
    for (const auto& w : wanted) {
      if (pred(substitute(w, request))) return true;
    }
    return false;
  };
  if (op == "StringEquals" || op == "ArnEquals" || op == "Bool") {
    return any([&](const std::string& w) { return w == actual; });
  }
  if (op == "StringNotEquals" || op == "ArnNotEquals") {
    return !any([&](const std::string& w) { return w == actual; });
  }
  if (op == "StringEqualsIgnoreCase") {
    return any([&](const std::string& w) {
      return w.size() == actual.size() &&
             std::equal(w.begin(), w.end(), actual.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
             });
    });
  }
  if (op == "StringLike" || op == "ArnLike") {
    return any([&](const std::string& w) { return wildcard_match(w, actual, false); });
  }
  if (op == "StringNotLike" || op == "ArnNotLike") {
    return !any([&](const std::string& w) { return wildcard_match(w, actual, false); });
  }
  return false;
}

static bool conditions_hold(const json::object& statement, const RequestContext& request) {
  auto it = statement.find("Condition");
  if (it == statement.end() || !it->value().is_object()) return true;
  for (const auto& [op, block] : it->value().as_object()) {
    if (!block.is_object()) return false;
    for (const auto& [key, values] : block.as_object()) {
      if (!condition_holds(std::string(op), std::string(key), values, request)) return false;
    }
  }
  return true;
}

static bool statement_applies(const json::object& s, const RequestContext& request) {
  if (auto a = s.find("Action"); a != s.end()) {
    if (!any_match(a->value(), request.action, true, request)) return false;
  } else if (auto na = s.find("NotAction"); na != s.end()) {
    if (any_match(na->value(), request.action, true, request)) return false;
  } else {
    return false;
  }
  if (auto r = s.find("Resource"); r != s.end()) {
    if (!any_match(r->value(), request.resource, false, request)) return false;
  } else if (auto nr = s.find("NotResource"); nr != s.end()) {
    if (any_match(nr->value(), request.resource, false, request)) return false;
  } else {
    return false;
  }
  return conditions_hold(s, request);
}

// Whether a statement's Principal (or NotPrincipal) names the caller.
static bool names_principal(const json::object& s, const std::vector<std::string>& principals) {
  auto matches = [&](const json::value& p) {
    if (p.is_string()) return p.as_string() == "*";
    if (!p.is_object()) return false;
    auto aws = p.as_object().find("AWS");
    if (aws == p.as_object().end()) return false;
    for (const auto& id : as_strings(aws->value())) {
      if (id == "*") return true;
      for (const auto& mine : principals) {
        if (id == mine) return true;
      }
    }
    return false;
  };
  if (auto p = s.find("Principal"); p != s.end()) return matches(p->value());
  if (auto np = s.find("NotPrincipal"); np != s.end()) return !matches(np->value());
  return false;
}

static Decision evaluate_statements(const std::vector<std::string>& documents,
                                    const RequestContext& request,
                                    const std::vector<std::string>* principals) {
  bool allowed = false;
  for (const auto& text : documents) {
    json::error_code ec;
    auto doc = json::parse(text, ec);
    if (ec || !doc.is_object()) continue;
    auto it = doc.as_object().find("Statement");
    if (it == doc.as_object().end()) continue;
    json::array statements =
        it->value().is_array() ? it->value().as_array() : json::array{it->value()};
    for (const auto& st : statements) {
      if (!st.is_object() || !statement_applies(st.as_object(), request)) continue;
      if (principals && !names_principal(st.as_object(), *principals)) continue;
      auto effect = st.as_object().find("Effect");
      if (effect == st.as_object().end() || !effect->value().is_string()) continue;
      if (effect->value().as_string() == "Deny") return Decision::ExplicitDeny;
      if (effect->value().as_string() == "Allow") allowed = true;
    }
  }
  return allowed ? Decision::Allow : Decision::ImplicitDeny;
}

Decision evaluate(const std::vector<std::string>& documents, const RequestContext& request) {
  return evaluate_statements(documents, request, nullptr);
}

Decision evaluate_resource_policy(const std::string& document, const RequestContext& request,
                                  const std::vector<std::string>& principals) {
  return evaluate_statements({document}, request, &principals);
}

}  // namespace hpl::iam
