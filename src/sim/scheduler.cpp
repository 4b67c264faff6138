#include "sim/scheduler.hpp"

namespace hpl::sim {

void Scheduler::at(aws::EpochMs due, Task task) {
  tasks_.emplace(std::make_pair(due, sequence_++), std::move(task));
}

size_t Scheduler::run_due() {
  // A bound keeps a task that always reschedules itself from stalling the instant clock.
  constexpr size_t kMaxPerRun = 2'000'000;
  size_t ran = 0;
  while (!tasks_.empty() && ran < kMaxPerRun) {
    auto it = tasks_.begin();
    aws::EpochMs due = it->first.first;
    if (clock_.mode() == ClockMode::Instant) {
      clock_.jump_to(due);
    } else if (due > clock_.now()) {
      break;
    }
    Task task = std::move(it->second);
    tasks_.erase(it);
    task();
    ++ran;
  }
  return ran;
}

std::optional<aws::EpochMs> Scheduler::next_due() const {
  if (tasks_.empty()) return std::nullopt;
  return tasks_.begin()->first.first;
}

}  // namespace hpl::sim
