#include "aws/ids.hpp"

namespace hpl::aws {

std::uint32_t IdGenerator::below(std::uint32_t bound) {
  return static_cast<std::uint32_t>(rng_() % bound);
}

static std::string draw(std::mt19937_64& rng, size_t length, std::string_view alphabet) {
  std::string out(length, ' ');
  for (auto& c : out) c = alphabet[rng() % alphabet.size()];
  return out;
}

std::string IdGenerator::hex(size_t length, bool upper) {
  return draw(rng_, length, upper ? "0123456789ABCDEF" : "0123456789abcdef");
}

std::string IdGenerator::alnum_lower(size_t length) {
  return draw(rng_, length, "abcdefghijklmnopqrstuvwxyz0123456789");
}

std::string IdGenerator::upper_alnum(size_t length) {
  return draw(rng_, length, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
}

std::string IdGenerator::uuid() {
  std::string h = hex(32);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

std::string IdGenerator::prefixed(std::string_view prefix) {
  return std::string(prefix) + hex(17);
}

}  // namespace hpl::aws
