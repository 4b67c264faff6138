// The virtual clock every resource's time comes from. `realistic` runs at wall speed, `fast`
// at a speed factor, `instant` stands still and jumps straight to each due transition,
// `manual` moves only when told to (the admin API's clock/advance).
#pragma once

#include "aws/time.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hpl::sim {

enum class ClockMode { Realistic, Fast, Instant, Manual };

std::optional<ClockMode> parse_clock_mode(std::string_view text);
std::string_view to_string(ClockMode mode);

class Clock {
 public:
  Clock(ClockMode mode, double speed, aws::EpochMs start);

  aws::EpochMs now() const;
  ClockMode mode() const { return mode_; }
  double speed() const { return mode_ == ClockMode::Realistic ? 1.0 : speed_; }
  // Whether time moves on its own (realistic and fast).
  bool runs() const { return mode_ == ClockMode::Realistic || mode_ == ClockMode::Fast; }

  // Moves virtual time forward by `delta` (manual clock, or any mode from the admin API).
  void advance(aws::EpochMs delta);
  // Moves virtual time forward to `t`, never back.
  void jump_to(aws::EpochMs t);
  // Wall-clock time until virtual time `t` arrives, for a running clock.
  std::chrono::milliseconds real_delay_until(aws::EpochMs t) const;

 private:
  ClockMode mode_;
  double speed_;
  aws::EpochMs base_virtual_;
  std::chrono::steady_clock::time_point base_real_;
};

}  // namespace hpl::sim
