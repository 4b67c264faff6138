// awsQuery (IAM, STS) and ec2Query (EC2): a form body naming Action and Version; XML out.
#include "aws/protocols/protocols_impl.hpp"

#include "aws/xml.hpp"

namespace hpl::aws {

namespace json = boost::json;

HttpResponse QueryProtocol::handle(Call& call, const OperationTable& table) {
  // Parameters may come in a form body (POST) or the query string (GET).
  auto params = call.http.query;
  if (!call.http.body.empty()) {
    for (auto& p : parse_query_string(call.http.body, true)) params.push_back(std::move(p));
  }
  std::string action, version;
  for (const auto& [k, v] : params) {
    if (k == "Action") action = v;
    if (k == "Version") version = v;
  }
  if (action.empty()) {
    throw ApiError("MissingAction", 400, "Missing Action");
  }
  call.operation = action;
  const model::Operation* op = model_.operation(action);
  auto handler = table.find(action);
  // awsQuery services look an operation up by Action and Version together (EC2 still answers
  // older API versions, so it is not held to its newest one).
  if (flavor_ == model::QueryFlavor::Query && !version.empty() && version != model_.api_version()) {
    throw ApiError("InvalidAction", 400,
                   "Could not find operation " + action + " for version " + version);
  }
  if (!op || handler == table.end()) {
    throw ApiError("InvalidAction", 400,
                   "The action " + action + " is not valid for this web service.");
  }
  json::object input =
      op->input ? model::decode_query(*op->input, params, flavor_) : json::object{};
  validate_input(model_, *op, input);
  json::object output = handler->second(call, input);

  model::XmlFlavor xml_flavor =
      flavor_ == model::QueryFlavor::Ec2 ? model::XmlFlavor::Ec2 : model::XmlFlavor::Query;
  XmlWriter xml;
  xml.open(action + "Response", model_.xml_namespace());
  if (flavor_ == model::QueryFlavor::Ec2) {
    xml.leaf("requestId", call.request_id);
    if (op->output) model::encode_xml_members(xml, *op->output, output, xml_flavor);
  } else {
    if (op->output) {
      xml.open(op->result_wrapper.empty() ? action + "Result" : op->result_wrapper);
      model::encode_xml_members(xml, *op->output, output, xml_flavor);
      xml.close();
    }
    xml.open("ResponseMetadata");
    xml.leaf("RequestId", call.request_id);
    xml.close();
  }
  HttpResponse response;
  response.headers["Content-Type"] = "text/xml";
  response.body = xml.finish();
  return response;
}

HttpResponse QueryProtocol::error(const ApiError& error, const Call& call) const {
  XmlWriter xml;
  if (flavor_ == model::QueryFlavor::Ec2) {
    xml.open("Response");
    xml.open("Errors");
    xml.open("Error");
    xml.leaf("Code", error.code());
    xml.leaf("Message", error.message());
    xml.close();
    xml.close();
    xml.leaf("RequestID", call.request_id);
  } else {
    xml.open("ErrorResponse", model_.xml_namespace());
    xml.open("Error");
    xml.leaf("Type", error.sender_fault() ? "Sender" : "Receiver");
    xml.leaf("Code", error.code());
    xml.leaf("Message", error.message());
    xml.close();
    xml.leaf("RequestId", call.request_id);
  }
  HttpResponse response;
  response.status = error.http_status();
  response.headers["Content-Type"] = "text/xml";
  response.body = xml.finish();
  return response;
}

}  // namespace hpl::aws
