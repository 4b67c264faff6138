#include "store/store.hpp"

namespace hpl::store {

namespace json = boost::json;

static std::string database_path(const std::filesystem::path& dir, bool ephemeral) {
  if (ephemeral) return ":memory:";
  std::filesystem::create_directories(dir);
  return (dir / "state.db").string();
}

Store::Store(const std::filesystem::path& dir, bool ephemeral)
    : db_(database_path(dir, ephemeral)) {
  // WAL with synchronous=NORMAL: a commit survives the process being killed (the WAL is in
  // the OS page cache); only a power loss can drop the last commits.
  db_.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;");
  db_.exec(
      "CREATE TABLE IF NOT EXISTS documents(kind TEXT NOT NULL, key TEXT NOT NULL,"
      " doc TEXT NOT NULL, PRIMARY KEY(kind, key)) WITHOUT ROWID;"
      "CREATE TABLE IF NOT EXISTS blobs(key TEXT PRIMARY KEY, bytes BLOB NOT NULL);"
      "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);");
  auto* h = db_.handle();
  put_ = std::make_unique<Statement>(
      h, "INSERT OR REPLACE INTO documents(kind, key, doc) VALUES(?1, ?2, ?3)");
  erase_ = std::make_unique<Statement>(h, "DELETE FROM documents WHERE kind = ?1 AND key = ?2");
  erase_range_ = std::make_unique<Statement>(
      h, "DELETE FROM documents WHERE kind = ?1 AND key >= ?2 AND key < ?3");
  load_ =
      std::make_unique<Statement>(h, "SELECT key, doc FROM documents WHERE kind = ?1 ORDER BY key");
  put_blob_ =
      std::make_unique<Statement>(h, "INSERT OR REPLACE INTO blobs(key, bytes) VALUES(?1, ?2)");
  get_blob_ = std::make_unique<Statement>(h, "SELECT bytes FROM blobs WHERE key = ?1");
  erase_blob_ = std::make_unique<Statement>(h, "DELETE FROM blobs WHERE key = ?1");
  get_meta_ = std::make_unique<Statement>(h, "SELECT value FROM meta WHERE key = ?1");
  set_meta_ =
      std::make_unique<Statement>(h, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
  if (!ephemeral) checkpointer_ = std::make_unique<Checkpointer>(h, database_path(dir, false));
}

Store::~Store() {
  try {
    commit();
  } catch (...) {
  }
}

void Store::begin_if_needed() {
  if (in_transaction_) return;
  db_.exec("BEGIN");
  in_transaction_ = true;
}

void Store::put(std::string_view kind, std::string_view key, const json::value& doc) {
  begin_if_needed();
  put_->bind(1, kind).bind(2, key).bind(3, json::serialize(doc)).run();
}

void Store::erase(std::string_view kind, std::string_view key) {
  begin_if_needed();
  erase_->bind(1, kind).bind(2, key).run();
}

void Store::erase_prefix(std::string_view kind, std::string_view prefix) {
  begin_if_needed();
  // Keys from the prefix up to the prefix followed by the highest byte.
  std::string end = std::string(prefix) + "\xff";
  erase_range_->bind(1, kind).bind(2, prefix).bind(3, end).run();
}

std::vector<std::pair<std::string, json::value>> Store::load(std::string_view kind) {
  std::vector<std::pair<std::string, json::value>> out;
  load_->bind(1, kind);
  while (load_->step()) out.emplace_back(load_->column_text(0), json::parse(load_->column_text(1)));
  load_->reset();
  return out;
}

void Store::put_blob(std::string_view key, std::string_view bytes) {
  begin_if_needed();
  put_blob_->bind(1, key).bind_blob(2, bytes).run();
}

std::optional<std::string> Store::get_blob(std::string_view key) {
  get_blob_->bind(1, key);
  std::optional<std::string> out;
  if (get_blob_->step()) out = get_blob_->column_text(0);
  get_blob_->reset();
  return out;
}

void Store::erase_blob(std::string_view key) {
  begin_if_needed();
  erase_blob_->bind(1, key).run();
}

std::optional<std::string> Store::meta(std::string_view key) {
  get_meta_->bind(1, key);
  std::optional<std::string> out;
  if (get_meta_->step()) out = get_meta_->column_text(0);
  get_meta_->reset();
  return out;
}

void Store::set_meta(std::string_view key, std::string_view value) {
  begin_if_needed();
  set_meta_->bind(1, key).bind(2, value).run();
}

void Store::commit() {
  if (!in_transaction_) return;
  in_transaction_ = false;
  try {
    db_.exec("COMMIT");
  } catch (...) {
    // A failed COMMIT (disk full, I/O error) may leave the transaction open; end it, so the
    // file holds exactly what was committed before, and let the caller answer with an error.
    if (!sqlite3_get_autocommit(db_.handle())) db_.exec("ROLLBACK");
    throw;
  }
}

void Store::rollback() {
  if (!in_transaction_) return;
  in_transaction_ = false;
  // SQLite may have rolled back on its own after an I/O error.
  if (!sqlite3_get_autocommit(db_.handle())) db_.exec("ROLLBACK");
}

void Store::clear() {
  rollback();
  db_.exec("DELETE FROM documents; DELETE FROM blobs; DELETE FROM meta;");
}

}  // namespace hpl::store
