#include "services/common.hpp"

#include "aws/encoding.hpp"

namespace hpl::svc {

std::string str(const json::object& o, std::string_view key, std::string_view fallback) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::string(fallback);
  return std::string(it->value().as_string());
}

std::optional<std::string> opt_str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}

std::optional<std::int64_t> opt_int(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  if (it->value().is_int64()) return it->value().as_int64();
  if (it->value().is_uint64()) return static_cast<std::int64_t>(it->value().as_uint64());
  if (it->value().is_double()) return static_cast<std::int64_t>(it->value().as_double());
  return std::nullopt;
}

std::optional<bool> opt_bool(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_bool()) return std::nullopt;
  return it->value().as_bool();
}

const json::array* opt_array(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_array() ? &it->value().as_array() : nullptr;
}

const json::object* opt_object(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_object() ? &it->value().as_object() : nullptr;
}

std::vector<std::string> strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* a = opt_array(o, key)) {
    for (const auto& v : *a) {
      if (v.is_string()) out.emplace_back(v.as_string());
    }
  }
  return out;
}

std::string page_token(std::string_view position) {
  return aws::base64_encode("hpl1:" + std::string(position));
}

std::string page_position(std::string_view token, const aws::ApiError& invalid) {
  auto decoded = aws::base64_decode(token);
  if (!decoded || decoded->rfind("hpl1:", 0) != 0) throw invalid;
  return decoded->substr(5);
}

bool is_json_object(std::string_view text) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  return !ec && v.is_object();
}

}  // namespace hpl::svc
