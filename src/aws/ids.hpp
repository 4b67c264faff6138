// Identifiers AWS hands out (request ids, resource ids, ARNs), drawn from one seeded
// generator so that a run is reproducible for a given --seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace hpl::aws {

class IdGenerator {
 public:
  explicit IdGenerator(std::uint64_t seed) : rng_(seed) {}

  void reseed(std::uint64_t seed) { rng_.seed(seed); }
  std::uint64_t next() { return rng_(); }

  std::string hex(size_t length, bool upper = false);
  std::string alnum_lower(size_t length);         // [a-z0-9]
  std::string upper_alnum(size_t length);         // [A-Z0-9], IAM unique ids
  std::string uuid();                             // 8-4-4-4-12 lowercase hex
  std::string prefixed(std::string_view prefix);  // "vpc-" + 17 hex, like EC2
  std::uint32_t below(std::uint32_t bound);

 private:
  std::mt19937_64 rng_;
};

}  // namespace hpl::aws
