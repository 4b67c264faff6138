#include "services/emulator.hpp"

#include "services/ec2/ec2.hpp"
#include "services/eks/eks.hpp"
#include "services/iam/iam.hpp"
#include "services/s3/s3.hpp"
#include "services/sagemaker/sagemaker.hpp"
#include "services/sts/sts.hpp"

#include <chrono>
#include <limits>

namespace hpl {

static aws::EpochMs wall_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Emulator::Emulator(Config config)
    : config_(std::move(config)),
      store_(std::make_unique<store::Store>(config_.data_dir, config_.ephemeral)),
      ids_(config_.seed) {
  // Virtual time carries on from where the last run left it, so a restart neither rewinds
  // resources' timestamps nor skips their pending transitions.
  aws::EpochMs start = wall_now();
  if (auto saved = store_->meta("clock.now"))
    start = std::max<aws::EpochMs>(start, std::stoll(*saved));
  if (config_.clock == sim::ClockMode::Manual || config_.clock == sim::ClockMode::Instant) {
    if (auto saved = store_->meta("clock.now")) start = std::stoll(*saved);
  }
  clock_ = std::make_unique<sim::Clock>(config_.clock, config_.clock_speed, start);
  scheduler_ = std::make_unique<sim::Scheduler>();
  // Ids drawn after a restart must not repeat those of the first run.
  if (auto saved = store_->meta("ids.draws")) ids_.reseed(config_.seed ^ std::stoull(*saved));

  iam_ = std::make_unique<iam::Iam>(*this);
  sts_ = std::make_unique<sts::Sts>(*this);
  ec2_ = std::make_unique<ec2::Ec2>(*this);
  s3_ = std::make_unique<s3::S3>(*this);
  eks_ = std::make_unique<eks::Eks>(*this);
  sagemaker_ = std::make_unique<sagemaker::SageMaker>(*this);
  services_ = {iam_.get(), sts_.get(), ec2_.get(), s3_.get(), eks_.get(), sagemaker_.get()};
  for (Service* s : services_) s->register_operations(tables_[std::string(s->name())]);

  if (!store_->meta("initialized")) {
    for (Service* s : services_) s->reset();
    store_->set_meta("initialized", "1");
  } else {
    for (Service* s : services_) s->load();
  }
  settle();
}

Emulator::~Emulator() = default;

const aws::OperationTable* Emulator::operations(std::string_view service) const {
  auto it = tables_.find(service);
  return it == tables_.end() ? nullptr : &it->second;
}

void Emulator::persist_clock() {
  store_->set_meta("clock.now", std::to_string(clock_->now()));
  store_->set_meta("ids.draws", std::to_string(ids_.next()));
}

void Emulator::run_until(aws::EpochMs target) {
  // A bound keeps a chain of tasks that always reschedule themselves from stalling the server.
  constexpr size_t kMaxSteps = 1'000'000;
  for (size_t step = 0; step < kMaxSteps; ++step) {
    auto next = scheduler_->next_due();
    if (!next || *next > target) break;
    if (!clock_->runs()) clock_->jump_to(*next);
    scheduler_->run_until(std::max(*next, clock_->runs() ? clock_->now() : *next));
    for (Service* s : services_) s->after_transitions();
  }
}

void Emulator::settle() {
  bool instant = clock_->mode() == sim::ClockMode::Instant;
  run_until(instant ? std::numeric_limits<aws::EpochMs>::max() : clock_->now());
  for (Service* s : services_) s->after_transitions();
  if (!store_->dirty()) return;
  try {
    persist_clock();
    store_->commit();
  } catch (...) {
    reload();
    throw;
  }
}

void Emulator::reload() {
  store_->rollback();
  scheduler_->clear();
  for (Service* s : services_) s->load();
}

void Emulator::advance(aws::EpochMs delta) {
  aws::EpochMs target = clock_->now() + std::max<aws::EpochMs>(delta, 0);
  if (!clock_->runs()) run_until(target);
  clock_->jump_to(target);
  settle();
}

void Emulator::reset() {
  scheduler_->clear();
  store_->clear();
  ids_.reseed(config_.seed);
  for (Service* s : services_) s->reset();
  store_->set_meta("initialized", "1");
  settle();
}

}  // namespace hpl
