#include "deploy/document.hpp"

#include "deploy/error.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace hpl::deploy {

const Entry* Node::entry(std::string_view key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const Node* Node::find(std::string_view key) const {
  const Entry* e = entry(key);
  return e ? &e->value : nullptr;
}

std::string Node::describe() const {
  switch (kind) {
    case Kind::Null:
      return "nothing";
    case Kind::Scalar:
      return "'" + text + "'";
    case Kind::Sequence:
      return "a list";
    case Kind::Map:
      return "a map";
  }
  return "";
}

void Findings::error(Mark at, std::string path, std::string message, std::string hint) {
  items_.push_back({Severity::Error, at, std::move(path), std::move(message), std::move(hint)});
}

void Findings::warning(Mark at, std::string path, std::string message, std::string hint) {
  items_.push_back({Severity::Warning, at, std::move(path), std::move(message), std::move(hint)});
}

bool Findings::has_errors() const {
  return count(Severity::Error) > 0;
}

size_t Findings::count(Severity severity) const {
  return static_cast<size_t>(std::count_if(
      items_.begin(), items_.end(), [&](const Finding& f) { return f.severity == severity; }));
}

void Findings::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.mark.line, a.mark.column) < std::tie(b.mark.line, b.mark.column);
  });
  std::set<std::tuple<int, int, std::string>> seen;
  std::vector<Finding> kept;
  for (auto& f : items_) {
    if (seen.insert({f.mark.line, f.mark.column, f.message}).second) kept.push_back(std::move(f));
  }
  items_ = std::move(kept);
}

namespace {

Mark mark_of(const YAML::Mark& m) {
  if (m.line < 0) return {};
  return {m.line + 1, m.column + 1};
}

Node convert(const YAML::Node& in, Findings& findings, const std::string& path) {
  Node out;
  out.mark = mark_of(in.Mark());
  switch (in.Type()) {
    case YAML::NodeType::Scalar:
      out.kind = Node::Kind::Scalar;
      out.text = in.Scalar();
      out.quoted = in.Tag() == "!";
      break;
    case YAML::NodeType::Sequence:
      out.kind = Node::Kind::Sequence;
      for (size_t i = 0; i < in.size(); ++i) {
        out.items.push_back(convert(in[i], findings, path + "[" + std::to_string(i) + "]"));
      }
      break;
    case YAML::NodeType::Map:
      out.kind = Node::Kind::Map;
      for (const auto& kv : in) {
        Entry e;
        e.key = kv.first.IsScalar() ? kv.first.Scalar() : "";
        e.key_mark = mark_of(kv.first.Mark());
        std::string child = path.empty() ? e.key : path + "." + e.key;
        if (out.entry(e.key)) {
          findings.error(e.key_mark, child, "'" + e.key + "' is given twice in the same map",
                         "keep one of them; YAML would silently use only one");
        }
        e.value = convert(kv.second, findings, child);
        if (e.value.mark.line == 0) e.value.mark = e.key_mark;
        out.entries.push_back(std::move(e));
      }
      break;
    default:
      out.kind = Node::Kind::Null;
  }
  return out;
}

}  // namespace

Document parse_yaml(std::string_view text, std::string path, Findings& findings) {
  Document doc;
  doc.path = std::move(path);
  try {
    YAML::Node root = YAML::Load(std::string(text));
    doc.root = convert(root, findings, "");
  } catch (const YAML::Exception& e) {
    findings.error(mark_of(e.mark), "", "the stack file is not valid YAML: " + e.msg,
                   "check indentation and quoting around this position");
  }
  return doc;
}

Document load_yaml_file(const std::string& path, Findings& findings) {
  std::ifstream in(path);
  if (!in) throw stack_error("cannot read stack file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_yaml(text.str(), path, findings);
}

}  // namespace hpl::deploy
