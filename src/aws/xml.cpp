#include "aws/xml.hpp"

#include <boost/property_tree/xml_parser.hpp>

#include <sstream>

namespace hpl::aws {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#xD;";
        break;
      default:
        out.push_back(c);
    }
  }
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
  out_ += xml_escape(value);
  out_ += "</";
  out_ += name;
  out_ += '>';
}

void XmlWriter::text(std::string_view value) {
  out_ += xml_escape(value);
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
