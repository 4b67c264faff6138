#include "sim/clock.hpp"

#include <algorithm>
#include <cmath>

namespace hpl::sim {

std::optional<ClockMode> parse_clock_mode(std::string_view text) {
  if (text == "realistic") return ClockMode::Realistic;
  if (text == "fast") return ClockMode::Fast;
  if (text == "instant") return ClockMode::Instant;
  if (text == "manual") return ClockMode::Manual;
  return std::nullopt;
}

std::string_view to_string(ClockMode mode) {
  switch (mode) {
    case ClockMode::Realistic:
      return "realistic";
    case ClockMode::Fast:
      return "fast";
    case ClockMode::Instant:
      return "instant";
    case ClockMode::Manual:
      return "manual";
  }
  return "fast";
}

Clock::Clock(ClockMode mode, double speed, aws::EpochMs start)
    : mode_(mode),
      speed_(speed),
      base_virtual_(start),
      base_real_(std::chrono::steady_clock::now()) {}

aws::EpochMs Clock::now() const {
  if (!runs()) return base_virtual_;
  auto real = std::chrono::steady_clock::now() - base_real_;
  double ms = std::chrono::duration<double, std::milli>(real).count() * speed();
  return base_virtual_ + static_cast<aws::EpochMs>(ms);
}

void Clock::advance(aws::EpochMs delta) {
  if (delta <= 0) return;
  base_virtual_ = now() + delta;
  base_real_ = std::chrono::steady_clock::now();
}

void Clock::jump_to(aws::EpochMs t) {
  aws::EpochMs current = now();
  if (t <= current) return;
  base_virtual_ = t;
  base_real_ = std::chrono::steady_clock::now();
}

std::chrono::milliseconds Clock::real_delay_until(aws::EpochMs t) const {
  aws::EpochMs left = t - now();
  if (left <= 0) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(left / speed())));
}

}  // namespace hpl::sim
