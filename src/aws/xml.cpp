#include "aws/xml.hpp"

#include <boost/property_tree/xml_parser.hpp>

#include <sstream>

namespace hpl::aws {

// The entity for a character that XML text must not carry as is, or null.
static const char* entity(char c) {
  switch (c) {
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '&':
      return "&amp;";
    case '"':
      return "&quot;";
    case '\'':
      return "&apos;";
    case '\r':
      return "&#xD;";
    default:
      return nullptr;
  }
}

// Appends runs of plain characters whole: one character at a time was 8% of an IAM GetRole.
static void append_escaped(std::string& out, std::string_view text) {
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char* replacement = entity(text[i]);
    if (!replacement) continue;
    out.append(text, run, i - run);
    out += replacement;
    run = i + 1;
  }
  out.append(text, run, text.size() - run);
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text);
  return out;
}

void XmlWriter::open(std::string_view name, std::string_view xmlns) {
  out_ += '<';
  out_ += name;
  if (!xmlns.empty()) {
    out_ += " xmlns=\"";
    out_ += xmlns;
    out_ += '"';
  }
  out_ += '>';
  stack_.emplace_back(name);
}

void XmlWriter::close() {
  out_ += "</";
  out_ += stack_.back();
  out_ += '>';
  stack_.pop_back();
}

void XmlWriter::leaf(std::string_view name, std::string_view value) {
  out_ += '<';
  out_ += name;
  out_ += '>';
  append_escaped(out_, value);
  out_ += "</";
  out_ += name;
  out_ += '>';
}

void XmlWriter::text(std::string_view value) {
  append_escaped(out_, value);
}

std::string XmlWriter::finish() {
  while (!stack_.empty()) close();
  return std::move(out_);
}

boost::property_tree::ptree parse_xml(const std::string& body) {
  std::istringstream in(body);
  boost::property_tree::ptree tree;
  try {
    boost::property_tree::read_xml(in, tree);
  } catch (const boost::property_tree::xml_parser_error& e) {
    throw std::runtime_error(e.what());
  }
  return tree;
}

}  // namespace hpl::aws
