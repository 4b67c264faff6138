// Small RAII wrappers around SQLite connections and prepared statements.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace hpl::store {

// SQLite result codes as std::error_code values.
const std::error_category& sqlite_category();

class SqliteError : public std::system_error {
 public:
  SqliteError(int code, const std::string& what)
      : std::system_error(code, sqlite_category(), what) {}
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind(int index, std::int64_t value);
  // Steps once: true while a row is available.
  bool step();
  // Steps to the end, for statements without results; then resets for reuse.
  void run();
  void reset();

  std::string column_text(int index) const;
  std::int64_t column_int(int index) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
 public:
  // ":memory:" for an in-memory database.
  explicit Connection(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(std::string_view sql);
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace hpl::store
