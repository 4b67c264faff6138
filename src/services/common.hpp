// Small helpers every service uses on request and response objects.
#pragma once

#include "aws/error.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hpl::svc {

namespace json = boost::json;

// A string member, or `fallback` when absent.
std::string str(const json::object& o, std::string_view key, std::string_view fallback = "");
std::optional<std::string> opt_str(const json::object& o, std::string_view key);
std::optional<std::int64_t> opt_int(const json::object& o, std::string_view key);
std::optional<bool> opt_bool(const json::object& o, std::string_view key);
const json::array* opt_array(const json::object& o, std::string_view key);
const json::object* opt_object(const json::object& o, std::string_view key);
std::vector<std::string> strings(const json::object& o, std::string_view key);

// Opaque pagination tokens: the position to resume from, base64-encoded.
std::string page_token(std::string_view position);
// Throws `invalid` when the token is not one we issued.
std::string page_position(std::string_view token, const aws::ApiError& invalid);

// Whether `text` is a JSON object (IAM policy documents).
bool is_json_object(std::string_view text);

}  // namespace hpl::svc
