#include "aws/cidr.hpp"

#include <charconv>

namespace hpl::aws {

static std::uint32_t mask(int prefix) {
  return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
}

bool Cidr::contains(const Cidr& other) const {
  return other.prefix >= prefix && (other.base & mask(prefix)) == base;
}

bool Cidr::overlaps(const Cidr& other) const {
  return contains(other) || other.contains(*this);
}

std::string Cidr::to_string() const {
  return ipv4_to_string(base) + "/" + std::to_string(prefix);
}

std::string ipv4_to_string(std::uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::uint32_t address = 0;
  std::string_view ip = text.substr(0, slash);
  for (int part = 0; part < 4; ++part) {
    auto dot = ip.find('.');
    if ((part < 3) == (dot == std::string_view::npos)) return std::nullopt;
    std::string_view octet = ip.substr(0, dot);
    unsigned value = 0;
    auto [p, ec] = std::from_chars(octet.data(), octet.data() + octet.size(), value);
    if (ec != std::errc() || p != octet.data() + octet.size() || octet.empty() || value > 255) {
      return std::nullopt;
    }
    address = (address << 8) | value;
    ip = dot == std::string_view::npos ? std::string_view{} : ip.substr(dot + 1);
  }
  std::string_view bits = text.substr(slash + 1);
  int prefix = -1;
  auto [p, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
  if (ec != std::errc() || p != bits.data() + bits.size() || prefix < 0 || prefix > 32) {
    return std::nullopt;
  }
  if ((address & ~mask(prefix)) != 0) return std::nullopt;
  return Cidr{address, prefix};
}

}  // namespace hpl::aws
