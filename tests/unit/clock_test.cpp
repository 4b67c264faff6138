// The virtual clock and the scheduler in each clock mode.
#include "sim/clock.hpp"
#include "sim/scheduler.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace hpl::sim {
namespace {

TEST(Scheduler, ManualClockRunsOnlyWhatIsDue) {
  Clock clock(ClockMode::Manual, 1.0, 1000);
  Scheduler scheduler(clock);
  std::vector<int> ran;
  scheduler.at(3000, [&] { ran.push_back(2); });
  scheduler.at(2000, [&] { ran.push_back(1); });
  EXPECT_EQ(scheduler.run_due(), 0u);
  clock.advance(1000);
  EXPECT_EQ(scheduler.run_due(), 1u);
  EXPECT_EQ(ran, std::vector<int>{1});
  clock.advance(5000);
  scheduler.run_due();
  EXPECT_EQ(ran, (std::vector<int>{1, 2}));
  EXPECT_EQ(clock.now(), 7000);
}

TEST(Scheduler, InstantClockJumpsToEachTaskAndRunsChains) {
  Clock clock(ClockMode::Instant, 1.0, 0);
  Scheduler scheduler(clock);
  std::vector<std::int64_t> seen;
  scheduler.at(500, [&] {
    seen.push_back(clock.now());
    scheduler.at(clock.now() + 700, [&] { seen.push_back(clock.now()); });
  });
  EXPECT_EQ(scheduler.run_due(), 2u);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{500, 1200}));
  EXPECT_EQ(scheduler.pending(), 0u);
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
