// Copies the write-ahead log back into the database file on a thread of its own.
//
// With SQLite's automatic checkpoints, the commit that pushes the WAL past its threshold copies
// every page back and syncs both files before its request is answered: a few milliseconds
// every few hundred writes, the p99 of every writing request. A passive checkpoint from a
// second connection runs beside the writer (it takes no write lock), so requests never wait
// for it. Durability is unchanged: a commit is in the WAL before the answer goes out.
#pragma once

#include "store/sqlite.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace hpl::store {

class Checkpointer {
 public:
  // Takes over checkpointing of `writer`'s database at `path` (a file, not ":memory:").
  Checkpointer(sqlite3* writer, const std::string& path);
  // Runs a last checkpoint and joins the thread.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  static int on_commit(void* self, sqlite3* db, const char* name, int wal_pages);
  void run();

  Connection db_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> wanted_{false};
  std::thread thread_;
};

}  // namespace hpl::store
