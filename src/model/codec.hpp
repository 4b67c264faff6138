// Model-driven conversions between the wire and the JSON objects handlers work with.
// Inside the emulator a request or response is a boost::json::object keyed by the model's
// member names; timestamps are epoch seconds (numbers), as the JSON protocols send them.
#pragma once

#include "aws/http.hpp"
#include "aws/xml.hpp"
#include "model/model.hpp"

#include <boost/json.hpp>
#include <boost/property_tree/ptree.hpp>

#include <string>
#include <utility>
#include <vector>

namespace hpl::model {

enum class QueryFlavor { Query, Ec2 };

// awsQuery / ec2Query form parameters ("Tags.member.1.Key=...") into a request object.
// Throws aws::ApiError for values that do not parse as the member's type.
boost::json::object decode_query(const Shape& input,
                                 const std::vector<std::pair<std::string, std::string>>& params,
                                 QueryFlavor flavor);

// The inverse of decode_query: a request object into the awsQuery / ec2Query form parameters
// the services expect ("Tags.member.1.Key=..." for IAM, "TagSpecification.1.Tag.1.Key=..." for
// EC2), in model member order. Timestamps held as epoch seconds are sent as ISO 8601.
std::vector<std::pair<std::string, std::string>> encode_query(const Shape& input,
                                                              const boost::json::object& value,
                                                              QueryFlavor flavor);

enum class XmlFlavor { Query, Ec2, RestXml };

// Writes `value` as element `name` following `shape` (lists wrapped or flattened, timestamps
// as ISO 8601, member names from locationName).
void encode_xml(aws::XmlWriter& out, const Shape& shape, const boost::json::value& value,
                std::string_view name, XmlFlavor flavor);
// Writes the members of a structure without an enclosing element.
void encode_xml_members(aws::XmlWriter& out, const Shape& shape, const boost::json::object& value,
                        XmlFlavor flavor);

// An XML request body (rest-xml) into a request object.
boost::json::object decode_xml(const Shape& shape, const boost::property_tree::ptree& node);

// Text of a scalar for XML, headers and query strings.
std::string scalar_text(const Shape& shape, const boost::json::value& value, bool header);

// A wire string into the JSON value a scalar member holds (numbers, booleans, timestamps).
boost::json::value parse_scalar(const Shape& shape, std::string_view text, std::string_view where);

}  // namespace hpl::model
