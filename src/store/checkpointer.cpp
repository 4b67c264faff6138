#include "store/checkpointer.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace hpl::store {

// SQLite's own default threshold (pages in the WAL).
constexpr int kCheckpointPages = 1000;
// A quiet emulator still folds a small WAL back within this time.
constexpr auto kIdleCheckpoint = std::chrono::seconds(2);

Checkpointer::Checkpointer(sqlite3* writer, const std::string& path) : db_(path) {
  // Replaces the automatic checkpoint, which is itself a commit hook.
  sqlite3_wal_hook(writer, &Checkpointer::on_commit, this);
  thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

// Called by the writer after each commit, on the writer's thread: only a flag and a wake-up,
// once per threshold crossing.
int Checkpointer::on_commit(void* self, sqlite3*, const char*, int wal_pages) {
  auto* me = static_cast<Checkpointer*>(self);
  if (wal_pages >= kCheckpointPages && !me->wanted_.exchange(true)) me->wake_.notify_one();
  return SQLITE_OK;
}

void Checkpointer::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait_for(lock, kIdleCheckpoint, [this] { return stopping_ || wanted_.load(); });
    bool last = stopping_;
    wanted_ = false;
    lock.unlock();
    int wal_pages = 0, copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_pages,
                                       &copied);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      spdlog::warn("wal_checkpoint_failed=\"{}\"", sqlite3_errmsg(db_.handle()));
    }
    lock.lock();
    if (last) return;
  }
}

}  // namespace hpl::store
