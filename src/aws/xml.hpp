// A small streaming XML writer for response bodies, and a reader for request bodies built on
// Boost.PropertyTree's parser.
#pragma once

#include <boost/property_tree/ptree.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace hpl::aws {

class XmlWriter {
 public:
  XmlWriter() { out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"; }

  void open(std::string_view name, std::string_view xmlns = {});
  void close();
  void leaf(std::string_view name, std::string_view text);
  void text(std::string_view text);
  std::string finish();

 private:
  std::string out_;
  std::vector<std::string> stack_;
};

std::string xml_escape(std::string_view text);

// Parses an XML document; throws std::runtime_error when it is not well-formed.
boost::property_tree::ptree parse_xml(const std::string& body);

}  // namespace hpl::aws
