#include "aws/arn.hpp"

namespace hpl::aws {

std::optional<Arn> parse_arn(std::string_view text) {
  std::string_view parts[5];
  for (auto& part : parts) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    part = text.substr(0, colon);
    text = text.substr(colon + 1);
  }
  if (parts[0] != "arn" || parts[1].empty() || parts[2].empty() || text.empty()) {
    return std::nullopt;
  }
  return Arn{std::string(parts[1]), std::string(parts[2]), std::string(parts[3]),
             std::string(parts[4]), std::string(text)};
}

}  // namespace hpl::aws
