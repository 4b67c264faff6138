// The stack file as a YAML tree that remembers where each value was written, so that every
// finding can point at file:line:column. Loaded with yaml-cpp; scalars keep their source text
// ("1.30" stays "1.30"), and values are typed later against the shape they belong to.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hpl::deploy {

// A position in the stack file, 1-based; line 0 means "unknown".
struct Mark {
  int line = 0;
  int column = 0;
};

struct Entry;

class Node {
 public:
  enum class Kind { Null, Scalar, Sequence, Map };

  Kind kind = Kind::Null;
  std::string text;     // scalars: the value as written
  bool quoted = false;  // scalars: written in quotes (so never a number or boolean)
  Mark mark;
  std::vector<Node> items;     // sequences
  std::vector<Entry> entries;  // maps, in file order

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_map() const { return kind == Kind::Map; }
  // The value of `key` in a map, or nullptr.
  const Node* find(std::string_view key) const;
  const Entry* entry(std::string_view key) const;
  // What the node holds, for messages: "a map", "a list", "the text 'x'", "nothing".
  std::string describe() const;
};

struct Entry {
  std::string key;
  Mark key_mark;
  Node value;
};

enum class Severity { Error, Warning };

struct Finding {
  Severity severity = Severity::Error;
  Mark mark;
  std::string path;     // where in the stack: "hyperpod.cluster.InstanceGroups[0].InstanceType"
  std::string message;  // what is wrong
  std::string hint;     // how to fix it; may be empty
};

// Everything validation found, errors and warnings, in the order found.
class Findings {
 public:
  void error(Mark at, std::string path, std::string message, std::string hint = "");
  void warning(Mark at, std::string path, std::string message, std::string hint = "");
  const std::vector<Finding>& items() const { return items_; }
  bool has_errors() const;
  size_t count(Severity severity) const;
  // Sorted by position, duplicates (same place, same message) dropped.
  void sort();

 private:
  std::vector<Finding> items_;
};

struct Document {
  std::string path;  // as given on the command line
  Node root;
};

// Parses YAML text. A syntax error becomes one finding (with its position) and a null root.
Document parse_yaml(std::string_view text, std::string path, Findings& findings);
// Reads and parses a file; throws Error(Stack) when it cannot be read.
Document load_yaml_file(const std::string& path, Findings& findings);

}  // namespace hpl::deploy
