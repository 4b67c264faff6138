// awsJson1_1 (SageMaker): POST /, X-Amz-Target: <prefix>.<Operation>, JSON in and out.
#include "aws/protocols/protocols_impl.hpp"

namespace hpl::aws {

namespace json = boost::json;

HttpResponse JsonRpcProtocol::handle(Call& call, const OperationTable& table) {
  const std::string* target = call.http.header("X-Amz-Target");
  if (!target) {
    throw ApiError("UnknownOperationException", 400, "Missing X-Amz-Target header");
  }
  std::string_view t = *target;
  std::string prefix = model_.target_prefix() + ".";
  if (t.substr(0, prefix.size()) != prefix) {
    throw ApiError("UnknownOperationException", 400, "Unknown operation " + std::string(t) + ".");
  }
  call.operation = std::string(t.substr(prefix.size()));
  auto handler = table.find(call.operation);
  if (handler == table.end() || !model_.operation(call.operation)) {
    // TODO: serve the rest of SageMaker's operations; only the HyperPod ones are here.
    throw ApiError("UnknownOperationException", 400,
                   "The operation " + call.operation + " is not supported by hyperpod-local.");
  }
  json::object input = parse_json_body(call.http.body);
  validate_input(model_, *model_.operation(call.operation), input);
  json::object output = handler->second(call, input);
  HttpResponse response;
  response.headers["Content-Type"] = "application/x-amz-json-1.1";
  response.body = json::serialize(output);
  return response;
}

HttpResponse JsonRpcProtocol::error(const ApiError& error, const Call& call) const {
  json::object body = error.extra();
  body["__type"] = error.code();
  // Modeled SageMaker errors carry "Message"; the framework's ValidationException "message".
  body[error.code() == "ValidationException" ? "message" : "Message"] = error.message();
  HttpResponse response;
  response.status = error.http_status();
  response.headers["Content-Type"] = "application/x-amz-json-1.1";
  response.body = json::serialize(body);
  return response;
}

json::object parse_json_body(std::string_view body) {
  if (body.empty()) return {};
  json::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) throw errors::serialization("Start of structure or map found where not expected.");
  if (!v.is_object()) throw errors::serialization("Start of list found where not expected");
  return std::move(v.as_object());
}

}  // namespace hpl::aws
