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

  Scheduler() = default;

  void at(aws::EpochMs due, Task task);
  // Runs every task due at or before `t`, in order of due time (tasks may schedule more);
  // returns how many ran. It does not move the clock: the emulator steps it.
  size_t run_until(aws::EpochMs t);
  std::optional<aws::EpochMs> next_due() const;
  size_t pending() const { return tasks_.size(); }
  void clear() { tasks_.clear(); }

 private:
  std::uint64_t sequence_ = 0;
  std::map<std::pair<aws::EpochMs, std::uint64_t>, Task> tasks_;
};

}  // namespace hpl::sim
