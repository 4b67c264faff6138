#include "model/validator.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>

namespace hpl::model {

namespace json = boost::json;

std::string java_pattern_to_re2(std::string_view p) {
  std::string out;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 5 < p.size() + 1 && p[i + 1] == 'u') {
      std::string_view hex = p.substr(i + 2, 4);
      bool ok = hex.size() == 4 &&
                std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit(c); });
      if (ok) {
        out += "\\x{" + std::string(hex) + "}";
        i += 5;
        continue;
      }
    }
    if (p[i] == '\\' && i + 1 < p.size()) {
      out += p.substr(i, 2);
      ++i;
      continue;
    }
    out.push_back(p[i]);
  }
  return out;
}

namespace {

// The model's one lookahead, "(?!\s*$).+": any string that is not blank.
constexpr std::string_view kNotBlank = "(?!\\s*$).+";

// Compiled patterns, one per distinct pattern text; nullptr when RE2 cannot take it.
const RE2* compiled(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<RE2>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(pattern);
  if (it != cache.end()) return it->second.get();
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(java_pattern_to_re2(pattern), options);
  if (!re->ok()) re.reset();
  return cache.emplace(pattern, std::move(re)).first->second.get();
}

bool matches(const std::string& pattern, std::string_view text) {
  if (pattern == kNotBlank) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return !std::isspace(static_cast<unsigned char>(c)); });
  }
  const RE2* re = compiled(pattern);
  return !re || RE2::FullMatch(text, *re);
}

std::string lower_camel(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string render(const json::value& v) {
  if (v.is_null()) return "null";
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  if (v.is_double()) return json::serialize(v);
  std::string out;
  if (v.is_array()) {
    out = "[";
    for (const auto& e : v.as_array()) out += (out.size() > 1 ? ", " : "") + render(e);
    return out + "]";
  }
  out = "{";
  for (const auto& [k, e] : v.as_object()) {
    out += (out.size() > 1 ? ", " : "") + std::string(k) + "=" + render(e);
  }
  return out + "}";
}

std::string number_text(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  return std::to_string(d);
}

[[noreturn]] void wrong_type(std::string_view path, std::string_view expected) {
  throw aws::ApiError("SerializationException", 400,
                      "Expected " + std::string(expected) + " at '" + std::string(path) + "'");
}

class Walker {
 public:
  std::vector<ValidationFailure> failures;

  void check(const Shape& shape, json::value& v, const std::string& path) {
    switch (shape.type) {
      case ShapeType::Structure:
        return structure(shape, v, path);
      case ShapeType::List:
        return list(shape, v, path);
      case ShapeType::Map:
        return map(shape, v, path);
      case ShapeType::String:
        return string(shape, v, path);
      case ShapeType::Integer:
      case ShapeType::Long:
      case ShapeType::Double:
      case ShapeType::Float:
        return number(shape, v, path);
      case ShapeType::Boolean:
        if (!v.is_bool()) wrong_type(path, "a boolean");
        return;
      case ShapeType::Timestamp:
        if (!v.is_number() && !v.is_string()) wrong_type(path, "a timestamp");
        return;
      case ShapeType::Blob:
        return;
    }
  }

 private:
  void fail(const std::string& path, const json::value& v, std::string constraint) {
    failures.push_back({path, render(v), std::move(constraint)});
  }

  void length(const Shape& shape, const json::value& v, size_t n, const std::string& path) {
    if (shape.max && static_cast<double>(n) > *shape.max) {
      fail(path, v, "Member must have length less than or equal to " + number_text(*shape.max));
    }
    if (shape.min && static_cast<double>(n) < *shape.min) {
      fail(path, v, "Member must have length greater than or equal to " + number_text(*shape.min));
    }
  }

  void structure(const Shape& shape, json::value& v, const std::string& path) {
    if (!v.is_object()) wrong_type(path, "a structure");
    auto& o = v.as_object();
    for (auto it = o.begin(); it != o.end();) {
      it = shape.find_member(it->key()) ? std::next(it) : o.erase(it);
    }
    auto member_path = [&](const MemberRef& m) {
      return path.empty() ? lower_camel(m.name) : path + "." + lower_camel(m.name);
    };
    for (const auto& m : shape.members) {
      auto it = o.find(m.name);
      bool required =
          std::find(shape.required.begin(), shape.required.end(), m.name) != shape.required.end();
      if (it == o.end() || it->value().is_null()) {
        if (required) fail(member_path(m), nullptr, "Member must not be null");
        continue;
      }
      check(*m.shape, it->value(), member_path(m));
    }
    if (shape.is_union) {
      size_t set = 0;
      for (const auto& m : shape.members) {
        auto it = o.find(m.name);
        set += it != o.end() && !it->value().is_null();
      }
      if (set != 1) {
        fail(path, v,
             "Member must have exactly one of its members set, found " + std::to_string(set));
      }
    }
  }

  void list(const Shape& shape, json::value& v, const std::string& path) {
    if (!v.is_array()) wrong_type(path, "a list");
    auto& a = v.as_array();
    length(shape, v, a.size(), path);
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].is_null()) continue;
      check(*shape.member.shape, a[i], path + "." + std::to_string(i + 1) + ".member");
    }
  }

  void map(const Shape& shape, json::value& v, const std::string& path) {
    if (!v.is_object()) wrong_type(path, "a map");
    auto& o = v.as_object();
    length(shape, v, o.size(), path);
    for (auto& [k, e] : o) {
      json::value key = json::string(k);
      check(*shape.key.shape, key, path + "." + std::string(k) + ".member.key");
      if (!e.is_null()) check(*shape.value.shape, e, path + "." + std::string(k) + ".member.value");
    }
  }

  void string(const Shape& shape, const json::value& v, const std::string& path) {
    if (!v.is_string()) wrong_type(path, "a string");
    std::string_view s = v.as_string();
    // Lengths count characters, not UTF-8 bytes.
    size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    length(shape, v, chars, path);
    if (!shape.enum_values.empty() && std::find(shape.enum_values.begin(), shape.enum_values.end(),
                                                s) == shape.enum_values.end()) {
      std::string set;
      for (const auto& e : shape.enum_values) set += (set.empty() ? "" : ", ") + e;
      fail(path, v, "Member must satisfy enum value set: [" + set + "]");
    }
    if (!shape.pattern.empty() && !matches(shape.pattern, s)) {
      fail(path, v, "Member must satisfy regular expression pattern: " + shape.pattern);
    }
  }

  void number(const Shape& shape, const json::value& v, const std::string& path) {
    if (!v.is_number()) wrong_type(path, "a number");
    double d = v.to_number<double>();
    bool integral = shape.type == ShapeType::Integer || shape.type == ShapeType::Long;
    if (integral && d != std::floor(d)) wrong_type(path, "an integer");
    if (shape.max && d > *shape.max) {
      fail(path, v, "Member must have value less than or equal to " + number_text(*shape.max));
    }
    if (shape.min && d < *shape.min) {
      fail(path, v, "Member must have value greater than or equal to " + number_text(*shape.min));
    }
  }
};

}  // namespace

bool pattern_supported(const std::string& pattern) {
  return pattern == kNotBlank || compiled(pattern) != nullptr;
}

std::vector<ValidationFailure> validate(const Shape& input, json::object& value) {
  Walker walker;
  json::value whole(std::move(value));
  try {
    walker.check(input, whole, "");
  } catch (...) {
    value = std::move(whole.as_object());
    throw;
  }
  value = std::move(whole.as_object());
  return std::move(walker.failures);
}

std::string validation_message(const std::vector<ValidationFailure>& failures) {
  std::string out =
      std::to_string(failures.size()) +
      (failures.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < failures.size(); ++i) {
    const auto& f = failures[i];
    if (i) out += "; ";
    // A missing member reads "Value null at"; others quote the value.
    out += f.value == "null" && f.constraint == "Member must not be null"
               ? "Value null at '" + f.path + "'"
               : "Value '" + f.value + "' at '" + f.path + "'";
    out += " failed to satisfy constraint: " + f.constraint;
  }
  return out;
}

aws::ApiError validation_error(std::string_view service, std::string message) {
  if (service == "iam" || service == "sts") {
    return aws::ApiError("ValidationError", 400, std::move(message));
  }
  if (service == "eks") return aws::ApiError("InvalidParameterException", 400, std::move(message));
  if (service == "ec2") return aws::ApiError("InvalidParameterValue", 400, std::move(message));
  if (service == "s3") return aws::ApiError("InvalidArgument", 400, std::move(message));
  return aws::ApiError("ValidationException", 400, std::move(message));
}

}  // namespace hpl::model
