// Protocol-neutral HTTP request and response, as the server hands them to the router.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hpl::aws {

// Header names compare case-insensitively, as HTTP says.
struct HeaderLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};
using Headers = std::map<std::string, std::string, HeaderLess>;

struct HttpRequest {
  std::string method;
  std::string path;                                        // decoded path, without the query
  std::string raw_path;                                    // as sent, still percent-encoded
  std::string raw_query;                                   // without the '?'
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  Headers headers;
  std::string body;

  const std::string* header(std::string_view name) const;
  const std::string* query_param(std::string_view name) const;
  bool has_query_param(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;
};

// Parses "a=1&b=x%20y" into decoded pairs; '+' means space in form bodies.
std::vector<std::pair<std::string, std::string>> parse_query_string(std::string_view text,
                                                                    bool plus_is_space);
std::string percent_decode(std::string_view text, bool plus_is_space);
std::string percent_encode(std::string_view text, bool keep_slash);

}  // namespace hpl::aws
