// Amazon Resource Names: arn:<partition>:<service>:<region>:<account>:<resource>.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hpl::aws {

struct Arn {
  std::string partition;
  std::string service;
  std::string region;
  std::string account;
  std::string resource;  // "cluster/my-cluster", "role/path/name"
};

std::optional<Arn> parse_arn(std::string_view text);

}  // namespace hpl::aws
