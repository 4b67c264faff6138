#include "deploy/output.hpp"

#include <algorithm>

namespace hpl::deploy {

namespace json = boost::json;

static std::string location(const std::string& file, const Mark& m) {
  if (m.line == 0) return file;
  return file + ":" + std::to_string(m.line) + ":" + std::to_string(m.column);
}

void print_findings(std::ostream& out, const std::string& file, const Findings& findings) {
  for (const auto& f : findings.items()) {
    out << location(file, f.mark) << ": " << (f.severity == Severity::Error ? "error" : "warning")
        << ": ";
    if (!f.path.empty()) out << f.path << ": ";
    out << f.message << "\n";
    if (!f.hint.empty()) out << "    hint: " << f.hint << "\n";
  }
  size_t errors = findings.count(Severity::Error), warnings = findings.count(Severity::Warning);
  out << file << ": " << errors << (errors == 1 ? " error" : " errors") << ", " << warnings
      << (warnings == 1 ? " warning" : " warnings") << "\n";
}

json::array findings_json(const std::string& file, const Findings& findings) {
  json::array out;
  for (const auto& f : findings.items()) {
    json::object o{{"severity", f.severity == Severity::Error ? "error" : "warning"},
                   {"file", file},
                   {"line", f.mark.line},
                   {"column", f.mark.column},
                   {"path", f.path},
                   {"message", f.message}};
    if (!f.hint.empty()) o["hint"] = f.hint;
    out.push_back(std::move(o));
  }
  return out;
}

void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(header.size());
  for (size_t i = 0; i < header.size(); ++i) widths[i] = header[i].size();
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], r[i].size());
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string text;
    for (size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
      text += cells[i];
      if (i + 1 < cells.size()) text += std::string(widths[i] - cells[i].size() + 2, ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << "\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
}

static void pretty(std::ostream& out, const json::value& v, int indent) {
  std::string pad(static_cast<size_t>(indent) * 2, ' ');
  if (v.is_object() && !v.as_object().empty()) {
    out << "{\n";
    size_t i = 0;
    for (const auto& [k, e] : v.as_object()) {
      out << pad << "  " << json::serialize(json::string(k)) << ": ";
      pretty(out, e, indent + 1);
      out << (++i < v.as_object().size() ? ",\n" : "\n");
    }
    out << pad << "}";
  } else if (v.is_array() && !v.as_array().empty()) {
    out << "[\n";
    size_t i = 0;
    for (const auto& e : v.as_array()) {
      out << pad << "  ";
      pretty(out, e, indent + 1);
      out << (++i < v.as_array().size() ? ",\n" : "\n");
    }
    out << pad << "]";
  } else {
    out << json::serialize(v);
  }
}

void print_json(std::ostream& out, const json::value& value) {
  pretty(out, value, 0);
  out << "\n";
}

}  // namespace hpl::deploy
