// How hpctl shows what it found and did: text for people (file:line:column lines, tables)
// or JSON for programs (--output json), one document per command on stdout.
#pragma once

#include "deploy/document.hpp"

#include <boost/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace hpl::deploy {

enum class OutputFormat { Text, Json };

// "stack.yaml:12:14: error: ...\n    hint: ..." per finding, then a summary line.
void print_findings(std::ostream& out, const std::string& file, const Findings& findings);
boost::json::array findings_json(const std::string& file, const Findings& findings);

// A plain text table: a header row, then rows, columns padded to their widest cell.
void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows);

// Pretty-printed JSON with two-space indentation and a final newline.
void print_json(std::ostream& out, const boost::json::value& value);

}  // namespace hpl::deploy
