// The virtual clock and the scheduler in each clock mode.
#include "sim/clock.hpp"
#include "sim/scheduler.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace hpl::sim {
namespace {

TEST(Scheduler, RunsOnlyWhatIsDueInOrder) {
  Scheduler scheduler;
  std::vector<int> ran;
  scheduler.at(3000, [&] { ran.push_back(2); });
  scheduler.at(2000, [&] { ran.push_back(1); });
  EXPECT_EQ(scheduler.run_until(1000), 0u);
  EXPECT_EQ(scheduler.run_until(2000), 1u);
  EXPECT_EQ(ran, std::vector<int>{1});
  scheduler.run_until(7000);
  EXPECT_EQ(ran, (std::vector<int>{1, 2}));
  EXPECT_EQ(scheduler.pending(), 0u);
}

TEST(Scheduler, TasksScheduledWhileRunningRunWhenDue) {
  Scheduler scheduler;
  std::vector<std::int64_t> seen;
  scheduler.at(500, [&] {
    seen.push_back(500);
    scheduler.at(400, [&] { seen.push_back(400); });  // already due: runs in this pass
    scheduler.at(1200, [&] { seen.push_back(1200); });
  });
  EXPECT_EQ(scheduler.run_until(1000), 2u);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{500, 400}));
  EXPECT_EQ(scheduler.next_due(), 1200);
}

TEST(Clock, FastClockRunsAtItsSpeedAndNeverGoesBack) {
  Clock clock(ClockMode::Fast, 120.0, 0);
  EXPECT_EQ(clock.speed(), 120.0);
  auto delay = clock.real_delay_until(clock.now() + 120'000);
  EXPECT_LE(delay.count(), 1000);
  EXPECT_GE(delay.count(), 990);
  std::int64_t before = clock.now();
  clock.jump_to(before - 10'000);
  EXPECT_GE(clock.now(), before);
}

}  // namespace
}  // namespace hpl::sim
