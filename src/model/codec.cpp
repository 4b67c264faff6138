#include "model/codec.hpp"

#include "aws/error.hpp"
#include "aws/time.hpp"

#include <charconv>
#include <cmath>
#include <map>

namespace hpl::model {

namespace json = boost::json;
using ParamMap = std::map<std::string, std::string, std::less<>>;

// A wire value that does not parse as its member's type, reported in the Coral form with the
// member's lowerCamel name ("Tags.member.1.Key" -> "tags.1.member.key").
static aws::ApiError bad_value(std::string_view where, std::string_view text,
                               std::string_view what) {
  std::string path(where);
  for (size_t i = 0; i < path.size(); ++i) {
    if (i == 0 || path[i - 1] == '.') {
      path[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(path[i])));
    }
  }
  return aws::ApiError("ValidationError", 400,
                       "1 validation error detected: Value '" + std::string(text) + "' at '" +
                           path + "' failed to satisfy constraint: Member must be " +
                           std::string(what));
}

json::value parse_scalar(const Shape& shape, std::string_view text, std::string_view where) {
  switch (shape.type) {
    case ShapeType::Integer:
    case ShapeType::Long: {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || p != text.data() + text.size()) {
        throw bad_value(where, text, "a number");
      }
      return v;
    }
    case ShapeType::Double:
    case ShapeType::Float: {
      try {
        size_t used = 0;
        double v = std::stod(std::string(text), &used);
        if (used != text.size()) throw std::invalid_argument("trailing");
        return v;
      } catch (const std::exception&) {
        throw bad_value(where, text, "a number");
      }
    }
    case ShapeType::Boolean:
      if (text == "true") return true;
      if (text == "false") return false;
      throw bad_value(where, text, "a boolean");
    case ShapeType::Timestamp: {
      if (auto t = aws::parse_iso8601(text)) return aws::epoch_seconds(*t);
      double v = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec == std::errc() && p == text.data() + text.size()) return v;
      throw bad_value(where, text, "a timestamp");
    }
    default:
      return json::string(text);
  }
}

// --- awsQuery / ec2Query ---------------------------------------------------------------------

static bool has_prefix(const ParamMap& params, const std::string& prefix) {
  auto it = params.lower_bound(prefix);
  if (it == params.end()) return false;
  if (it->first == prefix) return true;
  return it->first.size() > prefix.size() && it->first.compare(0, prefix.size(), prefix) == 0 &&
         it->first[prefix.size()] == '.';
}

static std::string ec2_name(const MemberRef& m) {
  if (!m.query_name.empty()) return m.query_name;
  if (!m.location_name.empty()) {
    std::string n = m.location_name;
    n[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(n[0])));
    return n;
  }
  return m.name;
}

static std::optional<json::value> decode_query_value(const Shape& shape, const std::string& prefix,
                                                     const ParamMap& params, QueryFlavor flavor,
                                                     bool flattened);

static json::object decode_query_struct(const Shape& shape, const std::string& prefix,
                                        const ParamMap& params, QueryFlavor flavor) {
  json::object out;
  for (const auto& m : shape.members) {
    std::string name = flavor == QueryFlavor::Ec2 ? ec2_name(m) : m.wire_name();
    std::string key = prefix.empty() ? name : prefix + "." + name;
    if (auto v = decode_query_value(*m.shape, key, params, flavor, m.flattened)) {
      out[m.name] = std::move(*v);
    }
  }
  return out;
}

static std::optional<json::value> decode_query_value(const Shape& shape, const std::string& prefix,
                                                     const ParamMap& params, QueryFlavor flavor,
                                                     bool flattened) {
  switch (shape.type) {
    case ShapeType::Structure:
      if (!has_prefix(params, prefix)) return std::nullopt;
      return decode_query_struct(shape, prefix, params, flavor);
    case ShapeType::List: {
      bool flat = flavor == QueryFlavor::Ec2 || flattened || shape.flattened;
      std::string base =
          flat ? prefix
               : prefix + "." +
                     (shape.member.location_name.empty() ? std::string("member")
                                                         : shape.member.location_name);
      if (!flat && params.count(prefix) && params.find(prefix)->second.empty()) {
        return json::array();  // "Name=" sends an empty list
      }
      json::array items;
      for (int i = 1; i <= 1000; ++i) {
        auto v = decode_query_value(*shape.member.shape, base + "." + std::to_string(i), params,
                                    flavor, false);
        if (!v) break;
        items.push_back(std::move(*v));
      }
      if (items.empty()) return std::nullopt;
      return items;
    }
    case ShapeType::Map: {
      bool flat = flattened || shape.flattened;
      std::string base = flat ? prefix : prefix + ".entry";
      std::string kname = shape.key.location_name.empty() ? "key" : shape.key.location_name;
      std::string vname = shape.value.location_name.empty() ? "value" : shape.value.location_name;
      json::object out;
      for (int i = 1; i <= 1000; ++i) {
        std::string entry = base + "." + std::to_string(i);
        auto k = params.find(entry + "." + kname);
        if (k == params.end()) break;
        auto v = decode_query_value(*shape.value.shape, entry + "." + vname, params, flavor, false);
        out[k->second] = v ? std::move(*v) : json::value(nullptr);
      }
      if (out.empty()) return std::nullopt;
      return out;
    }
    default: {
      auto it = params.find(prefix);
      if (it == params.end()) return std::nullopt;
      return parse_scalar(shape, it->second, prefix);
    }
  }
}

json::object decode_query(const Shape& input,
                          const std::vector<std::pair<std::string, std::string>>& params,
                          QueryFlavor flavor) {
  ParamMap map;
  for (const auto& [k, v] : params) map.emplace(k, v);
  return decode_query_struct(input, "", map, flavor);
}

using ParamList = std::vector<std::pair<std::string, std::string>>;

static void encode_query_value(const Shape& shape, const std::string& prefix,
                               const json::value& value, QueryFlavor flavor, bool flattened,
                               ParamList& out);

static void encode_query_struct(const Shape& shape, const std::string& prefix,
                                const json::object& value, QueryFlavor flavor, ParamList& out) {
  for (const auto& m : shape.members) {
    auto it = value.find(m.name);
    if (it == value.end() || it->value().is_null()) continue;
    std::string name = flavor == QueryFlavor::Ec2 ? ec2_name(m) : m.wire_name();
    std::string key = prefix.empty() ? name : prefix + "." + name;
    encode_query_value(*m.shape, key, it->value(), flavor, m.flattened, out);
  }
}

static void encode_query_value(const Shape& shape, const std::string& prefix,
                               const json::value& value, QueryFlavor flavor, bool flattened,
                               ParamList& out) {
  switch (shape.type) {
    case ShapeType::Structure:
      if (value.is_object()) encode_query_struct(shape, prefix, value.as_object(), flavor, out);
      return;
    case ShapeType::List: {
      if (!value.is_array()) return;
      bool flat = flavor == QueryFlavor::Ec2 || flattened || shape.flattened;
      const auto& items = value.as_array();
      // awsQuery sends an empty list as "Name=" so the service can tell it from an absent one.
      if (items.empty() && !flat) out.emplace_back(prefix, "");
      std::string base =
          flat ? prefix
               : prefix + "." +
                     (shape.member.location_name.empty() ? std::string("member")
                                                         : shape.member.location_name);
      for (size_t i = 0; i < items.size(); ++i) {
        encode_query_value(*shape.member.shape, base + "." + std::to_string(i + 1), items[i],
                           flavor, false, out);
      }
      return;
    }
    case ShapeType::Map: {
      if (!value.is_object()) return;
      bool flat = flattened || shape.flattened;
      std::string base = flat ? prefix : prefix + ".entry";
      std::string kname = shape.key.location_name.empty() ? "key" : shape.key.location_name;
      std::string vname = shape.value.location_name.empty() ? "value" : shape.value.location_name;
      int i = 0;
      for (const auto& [k, v] : value.as_object()) {
        std::string entry = base + "." + std::to_string(++i);
        out.emplace_back(entry + "." + kname, std::string(k));
        encode_query_value(*shape.value.shape, entry + "." + vname, v, flavor, false, out);
      }
      return;
    }
    default:
      out.emplace_back(prefix, scalar_text(shape, value, false));
  }
}

std::vector<std::pair<std::string, std::string>> encode_query(const Shape& input,
                                                              const json::object& value,
                                                              QueryFlavor flavor) {
  ParamList out;
  encode_query_struct(input, "", value, flavor, out);
  return out;
}

// --- XML out ---------------------------------------------------------------------------------

std::string scalar_text(const Shape& shape, const json::value& value, bool header) {
  if (shape.type == ShapeType::Timestamp && value.is_number()) {
    auto ms = static_cast<aws::EpochMs>(std::llround(value.to_number<double>() * 1000.0));
    if (header || shape.timestamp_format == "rfc822") return aws::rfc822(ms);
    return aws::iso8601(ms);
  }
  if (value.is_string()) return std::string(value.as_string());
  if (value.is_bool()) return value.as_bool() ? "true" : "false";
  if (value.is_int64()) return std::to_string(value.as_int64());
  if (value.is_uint64()) return std::to_string(value.as_uint64());
  if (value.is_double()) {
    double d = value.as_double();
    if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(std::llround(d));
    return json::serialize(value);
  }
  return json::serialize(value);
}

static void encode_list(aws::XmlWriter& out, const Shape& shape, const json::array& items,
                        std::string_view name, XmlFlavor flavor, bool flattened) {
  bool flat = flattened || shape.flattened;
  std::string item_name = shape.member.location_name;
  if (flat) {
    std::string n = item_name.empty() ? std::string(name) : item_name;
    for (const auto& item : items) encode_xml(out, *shape.member.shape, item, n, flavor);
    return;
  }
  if (item_name.empty()) item_name = flavor == XmlFlavor::Ec2 ? "item" : "member";
  out.open(name);
  for (const auto& item : items) encode_xml(out, *shape.member.shape, item, item_name, flavor);
  out.close();
}

void encode_xml_members(aws::XmlWriter& out, const Shape& shape, const json::object& value,
                        XmlFlavor flavor) {
  for (const auto& m : shape.members) {
    if (!m.location.empty()) continue;  // headers and status codes are not in the body
    auto it = value.find(m.name);
    if (it == value.end() || it->value().is_null()) continue;
    const std::string& name = m.wire_name();
    if (m.shape->type == ShapeType::List && it->value().is_array()) {
      encode_list(out, *m.shape, it->value().as_array(), name, flavor, m.flattened);
    } else {
      encode_xml(out, *m.shape, it->value(), name, flavor);
    }
  }
}

void encode_xml(aws::XmlWriter& out, const Shape& shape, const json::value& value,
                std::string_view name, XmlFlavor flavor) {
  switch (shape.type) {
    case ShapeType::Structure:
      out.open(name);
      if (value.is_object()) encode_xml_members(out, shape, value.as_object(), flavor);
      out.close();
      break;
    case ShapeType::List:
      if (value.is_array()) encode_list(out, shape, value.as_array(), name, flavor, false);
      break;
    case ShapeType::Map:
      out.open(name);
      if (value.is_object()) {
        for (const auto& [k, v] : value.as_object()) {
          out.open("entry");
          out.leaf(shape.key.location_name.empty() ? "key" : shape.key.location_name, k);
          encode_xml(out, *shape.value.shape, v,
                     shape.value.location_name.empty() ? "value" : shape.value.location_name,
                     flavor);
          out.close();
        }
      }
      out.close();
      break;
    default:
      out.leaf(name, scalar_text(shape, value, false));
  }
}

// --- XML in ----------------------------------------------------------------------------------

static json::value decode_xml_value(const Shape& shape, const boost::property_tree::ptree& node,
                                    std::string_view where);

static json::array decode_xml_list(const Shape& shape, const boost::property_tree::ptree& parent,
                                   std::string_view name, bool flat, std::string_view where) {
  json::array items;
  std::string item_name =
      shape.member.location_name.empty() ? "member" : shape.member.location_name;
  if (flat) {
    for (const auto& [k, child] : parent) {
      if (k == name) items.push_back(decode_xml_value(*shape.member.shape, child, where));
    }
    return items;
  }
  if (auto list = parent.get_child_optional(std::string(name))) {
    for (const auto& [k, child] : *list) {
      if (k == item_name) items.push_back(decode_xml_value(*shape.member.shape, child, where));
    }
  }
  return items;
}

json::object decode_xml(const Shape& shape, const boost::property_tree::ptree& node) {
  json::object out;
  for (const auto& m : shape.members) {
    if (!m.location.empty()) continue;
    const std::string& name = m.wire_name();
    if (m.shape->type == ShapeType::List) {
      bool flat = m.flattened || m.shape->flattened;
      if (!flat && !node.get_child_optional(name)) continue;
      auto items = decode_xml_list(*m.shape, node, name, flat, name);
      if (!items.empty() || !flat) out[m.name] = std::move(items);
      continue;
    }
    if (auto child = node.get_child_optional(name)) {
      out[m.name] = decode_xml_value(*m.shape, *child, name);
    }
  }
  return out;
}

static json::value decode_xml_value(const Shape& shape, const boost::property_tree::ptree& node,
                                    std::string_view where) {
  if (shape.type == ShapeType::Structure) return decode_xml(shape, node);
  if (shape.type == ShapeType::List) {
    json::array items;
    std::string item_name =
        shape.member.location_name.empty() ? "member" : shape.member.location_name;
    for (const auto& [k, child] : node) {
      if (k == item_name) items.push_back(decode_xml_value(*shape.member.shape, child, where));
    }
    return items;
  }
  return parse_scalar(shape, node.data(), where);
}

}  // namespace hpl::model
