#include "aws/http.hpp"

#include <algorithm>
#include <cctype>

namespace hpl::aws {

// Header names are ASCII tokens: folding A-Z by hand avoids std::tolower's locale lookup per
// character, which showed as 6% of an S3 PutObject (every header-bound member is a lookup).
static unsigned char ascii_lower(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u + ('a' - 'A')) : u;
}

bool HeaderLess::operator()(std::string_view a, std::string_view b) const {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = ascii_lower(a[i]), y = ascii_lower(b[i]);
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

const std::string* HttpRequest::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? nullptr : &it->second;
}

const std::string* HttpRequest::query_param(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return &v;
  }
  return nullptr;
}

bool HttpRequest::has_query_param(std::string_view name) const {
  return query_param(name) != nullptr;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::string percent_encode(std::string_view text, bool keep_slash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query_string(std::string_view text,
                                                                    bool plus_is_space) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    auto amp = text.find('&');
    std::string_view part = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(percent_decode(part, plus_is_space), "");
    } else {
      out.emplace_back(percent_decode(part.substr(0, eq), plus_is_space),
                       percent_decode(part.substr(eq + 1), plus_is_space));
    }
  }
  return out;
}

}  // namespace hpl::aws
