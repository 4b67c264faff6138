#include "sim/scheduler.hpp"

namespace hpl::sim {

void Scheduler::at(aws::EpochMs due, Task task) {
  tasks_.emplace(std::make_pair(due, sequence_++), std::move(task));
}

size_t Scheduler::run_until(aws::EpochMs t) {
  size_t ran = 0;
  while (!tasks_.empty() && tasks_.begin()->first.first <= t) {
    auto it = tasks_.begin();
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
