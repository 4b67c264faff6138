// IPv4 CIDR blocks, for VPC and subnet ranges and the private IPs handed to instances.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hpl::aws {

struct Cidr {
  std::uint32_t base = 0;  // network address, host order
  int prefix = 0;

  std::uint64_t size() const { return 1ull << (32 - prefix); }
  bool contains(const Cidr& other) const;
  bool overlaps(const Cidr& other) const;
  std::string to_string() const;
};

// "10.0.0.0/16"; nullopt when malformed or when host bits are set.
std::optional<Cidr> parse_cidr(std::string_view text);
std::string ipv4_to_string(std::uint32_t address);

}  // namespace hpl::aws
