// Transitions due at a virtual time. Tasks are not persisted: each service re-arms its own
// from its durable state when the emulator starts, so a restart carries every in-flight
// transition on.
#pragma once

#include "sim/clock.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>

namespace hpl::sim {

class Scheduler {
 public:
  using Task = std::function<void()>;

  explicit Scheduler(Clock& clock) : clock_(clock) {}

  void at(aws::EpochMs due, Task task);
  // Runs every task due by now, in order of due time; tasks may schedule more. With the
  // instant clock, runs every task there is, moving the clock to each one's due time.
  // Returns how many ran.
  size_t run_due();
  std::optional<aws::EpochMs> next_due() const;
  size_t pending() const { return tasks_.size(); }
  void clear() { tasks_.clear(); }

 private:
  Clock& clock_;
  std::uint64_t sequence_ = 0;
  std::map<std::pair<aws::EpochMs, std::uint64_t>, Task> tasks_;
};

}  // namespace hpl::sim
