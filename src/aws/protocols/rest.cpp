// What restJson1 and restXml share: request-URI templates and members bound to the URI, the
// query string and headers.
#include "aws/protocols/protocols_impl.hpp"

#include "aws/time.hpp"

#include <algorithm>

namespace hpl::aws {

namespace json = boost::json;

static std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

RouteTemplate::RouteTemplate(const model::Operation& op) : op_(&op) {
  std::string_view uri = op.uri;
  auto q = uri.find('?');
  if (q != std::string_view::npos) {
    for (auto& [k, v] : parse_query_string(uri.substr(q + 1), false)) {
      if (k != "x-id") required_query_.emplace_back(k, v);
    }
    uri = uri.substr(0, q);
  }
  segments_ = split_path(uri);
  if (op.input) {
    for (const auto& m : op.input->members) {
      bool required = std::find(op.input->required.begin(), op.input->required.end(), m.name) !=
                      op.input->required.end();
      if (required && m.location == "header") required_headers_.push_back(m.wire_name());
    }
  }
}

bool RouteTemplate::match(const HttpRequest& request, std::string_view path,
                          std::vector<std::pair<std::string, std::string>>& labels) const {
  if (request.method != op_->method) return false;
  for (const auto& [k, v] : required_query_) {
    const std::string* got = request.query_param(k);
    if (!got || (!v.empty() && *got != v)) return false;
  }
  for (const auto& h : required_headers_) {
    if (!request.header(h)) return false;
  }
  labels.clear();
  // Leading segments are matched one by one; a greedy {Name+} takes the rest (with slashes).
  size_t pos = 0;
  for (size_t i = 0; i < segments_.size(); ++i) {
    const std::string& seg = segments_[i];
    while (pos < path.size() && path[pos] == '/') ++pos;
    if (pos >= path.size()) return false;
    if (seg.size() > 3 && seg.front() == '{' && seg[seg.size() - 2] == '+') {
      labels.emplace_back(seg.substr(1, seg.size() - 3), std::string(path.substr(pos)));
      return i + 1 == segments_.size();
    }
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(pos, end - pos);
    if (seg.front() == '{') {
      labels.emplace_back(seg.substr(1, seg.size() - 2), std::string(part));
    } else if (part != seg) {
      return false;
    }
    pos = end;
  }
  while (pos < path.size() && path[pos] == '/') ++pos;
  return pos >= path.size();
}

json::object decode_rest_input(const model::Shape& input, const HttpRequest& request,
                               const std::vector<std::pair<std::string, std::string>>& labels,
                               json::object body_members) {
  json::object out = std::move(body_members);
  for (const auto& m : input.members) {
    const std::string& wire = m.wire_name();
    if (m.location == "uri") {
      for (const auto& [k, v] : labels) {
        if (k == wire) out[m.name] = model::parse_scalar(*m.shape, v, m.name);
      }
    } else if (m.location == "querystring") {
      if (m.shape->type == model::ShapeType::List) {
        json::array items;
        for (const auto& [k, v] : request.query) {
          if (k == wire) items.push_back(model::parse_scalar(*m.shape->member.shape, v, m.name));
        }
        if (!items.empty()) out[m.name] = std::move(items);
      } else if (const std::string* v = request.query_param(wire)) {
        out[m.name] = model::parse_scalar(*m.shape, *v, m.name);
      }
    } else if (m.location == "header") {
      if (const std::string* v = request.header(wire)) {
        if (m.shape->type == model::ShapeType::Timestamp) {
          // Header timestamps are RFC 822; keep the text when it is not one we can read.
          out[m.name] = json::string(*v);
        } else {
          out[m.name] = model::parse_scalar(*m.shape, *v, m.name);
        }
      }
    } else if (m.location == "headers") {
      json::object map;
      std::string prefix = wire;
      for (const auto& [k, v] : request.headers) {
        if (k.size() > prefix.size() &&
            strncasecmp(k.c_str(), prefix.c_str(), prefix.size()) == 0) {
          map[k.substr(prefix.size())] = v;
        }
      }
      if (!map.empty()) out[m.name] = std::move(map);
    }
  }
  return out;
}

json::object encode_rest_output_headers(const model::Shape* output, json::object value,
                                        HttpResponse& response) {
  // Handlers may override the status code (S3 answers deletes with 204 No Content).
  if (auto it = value.find("__status"); it != value.end()) {
    response.status = static_cast<int>(it->value().to_number<std::int64_t>());
    value.erase(it);
  }
  if (!output) return value;
  for (const auto& m : output->members) {
    auto it = value.find(m.name);
    if (it == value.end()) continue;
    if (m.location == "header") {
      response.headers[m.wire_name()] = model::scalar_text(*m.shape, it->value(), true);
      value.erase(it);
    } else if (m.location == "headers" && it->value().is_object()) {
      for (const auto& [k, v] : it->value().as_object()) {
        response.headers[m.wire_name() + std::string(k)] =
            model::scalar_text(*m.shape->value.shape, v, true);
      }
      value.erase(it);
    } else if (m.location == "statusCode") {
      response.status = static_cast<int>(it->value().to_number<std::int64_t>());
      value.erase(it);
    }
  }
  return value;
}

}  // namespace hpl::aws
