// restJson1 (EKS): the operation is the method plus a request-URI template.
#include "aws/protocols/protocols_impl.hpp"

#include <algorithm>

namespace hpl::aws {

namespace json = boost::json;

RestJsonProtocol::RestJsonProtocol(const model::ServiceModel& model) : model_(model) {
  for (const auto& [name, op] : model.operations()) routes_.emplace_back(op);
  std::stable_sort(routes_.begin(), routes_.end(),
                   [](const auto& a, const auto& b) { return a.specificity() > b.specificity(); });
}

HttpResponse RestJsonProtocol::handle(Call& call, const OperationTable& table) {
  std::vector<std::pair<std::string, std::string>> labels;
  const model::Operation* op = nullptr;
  for (const auto& route : routes_) {
    if (route.match(call.http, call.http.path, labels)) {
      op = &route.operation();
      break;
    }
  }
  auto handler = op ? table.find(op->name) : table.end();
  if (!op || handler == table.end()) {
    throw ApiError("UnknownOperationException", 404,
                   "No operation for " + call.http.method + " " + call.http.path);
  }
  call.operation = op->name;
  json::object body;
  if (op->method == "POST" || op->method == "PUT" || op->method == "PATCH") {
    body = parse_json_body(call.http.body);
  }
  json::object input = op->input ? decode_rest_input(*op->input, call.http, labels, std::move(body))
                                 : json::object{};
  validate_input(model_, *op, input);
  json::object output = handler->second(call, input);
  HttpResponse response;
  response.status = op->status;
  output = encode_rest_output_headers(op->output, std::move(output), response);
  response.headers["Content-Type"] = "application/json";
  response.body = json::serialize(output);
  return response;
}

HttpResponse RestJsonProtocol::error(const ApiError& error, const Call& call) const {
  json::object body = error.extra();
  body["message"] = error.message();
  HttpResponse response;
  response.status = error.http_status();
  response.headers["Content-Type"] = "application/json";
  response.headers["x-amzn-ErrorType"] = error.code();
  response.body = json::serialize(body);
  return response;
}

}  // namespace hpl::aws
