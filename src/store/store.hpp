// Durable state behind one interface. Every resource is a JSON document filed under a kind
// ("iam.role", "eks.cluster", ...) and a key; S3 object bodies are blobs. Writes made while
// handling one request (or one simulation step) form one transaction: commit() before the
// response goes out, so an acknowledged request survives a crash.
#pragma once

#include "store/checkpointer.hpp"
#include "store/sqlite.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hpl::store {

class Store {
 public:
  // Opens (creating) <dir>/state.db, or an in-memory database when `ephemeral`.
  Store(const std::filesystem::path& dir, bool ephemeral);
  ~Store();

  void put(std::string_view kind, std::string_view key, const boost::json::value& doc);
  void erase(std::string_view kind, std::string_view key);
  // Every document of the kind whose key starts with `prefix`.
  void erase_prefix(std::string_view kind, std::string_view prefix);
  // Every document of a kind, ordered by key.
  std::vector<std::pair<std::string, boost::json::value>> load(std::string_view kind);

  void put_blob(std::string_view key, std::string_view bytes);
  std::optional<std::string> get_blob(std::string_view key);
  void erase_blob(std::string_view key);

  std::optional<std::string> meta(std::string_view key);
  void set_meta(std::string_view key, std::string_view value);

  // Whether anything was written since the last commit.
  bool dirty() const { return in_transaction_; }
  // Ends the open transaction, if any.
  void commit();
  void rollback();
  // Drops every document, blob and meta value.
  void clear();

 private:
  void begin_if_needed();

  Connection db_;
  bool in_transaction_ = false;
  std::unique_ptr<Statement> put_, erase_, erase_range_, load_, put_blob_, get_blob_, erase_blob_,
      get_meta_, set_meta_;
  // Declared last: destroyed first, while the writer connection is still open.
  std::unique_ptr<Checkpointer> checkpointer_;
};

}  // namespace hpl::store
