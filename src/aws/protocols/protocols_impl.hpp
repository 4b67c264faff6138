// The protocol codecs (private to aws/protocols).
#pragma once

#include "aws/protocols/protocol.hpp"
#include "model/codec.hpp"

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace hpl::aws {

boost::json::object parse_json_body(std::string_view body);

// Checks a decoded request against the operation's model constraints; throws the service's
// own validation error.
void validate_input(const model::ServiceModel& model, const model::Operation& op,
                    boost::json::object& input);

class JsonRpcProtocol : public Protocol {
 public:
  explicit JsonRpcProtocol(const model::ServiceModel& model) : model_(model) {}
  HttpResponse handle(Call& call, const OperationTable& table) override;
  HttpResponse error(const ApiError& error, const Call& call) const override;

 private:
  const model::ServiceModel& model_;
};

// A REST operation's method and request-URI template, matched against a request.
class RouteTemplate {
 public:
  explicit RouteTemplate(const model::Operation& op);
  // Fills `labels` ({name} -> decoded value) when the request matches.
  bool match(const HttpRequest& request, std::string_view path,
             std::vector<std::pair<std::string, std::string>>& labels) const;
  // Routes with required query literals ("?list-type=2") or required headers (CopyObject's
  // x-amz-copy-source) are tried first.
  int specificity() const {
    return static_cast<int>(required_query_.size() + required_headers_.size());
  }
  const model::Operation& operation() const { return *op_; }

 private:
  const model::Operation* op_;
  std::vector<std::string> segments_;  // "{name}", "{Key+}" or literal
  std::vector<std::pair<std::string, std::string>> required_query_;
  std::vector<std::string> required_headers_;  // wire names
};

// Decodes the input of a REST operation: URI labels, query string, headers, then the body
// (`body_members` is what the JSON or XML body parsed into).
boost::json::object decode_rest_input(
    const model::Shape& input, const HttpRequest& request,
    const std::vector<std::pair<std::string, std::string>>& labels,
    boost::json::object body_members);
// Moves header- and status-bound output members onto the response; returns what is left for
// the body.
boost::json::object encode_rest_output_headers(const model::Shape* output,
                                               boost::json::object output_value,
                                               HttpResponse& response);

class RestJsonProtocol : public Protocol {
 public:
  explicit RestJsonProtocol(const model::ServiceModel& model);
  HttpResponse handle(Call& call, const OperationTable& table) override;
  HttpResponse error(const ApiError& error, const Call& call) const override;

 private:
  const model::ServiceModel& model_;
  std::vector<RouteTemplate> routes_;
};

class RestXmlProtocol : public Protocol {
 public:
  explicit RestXmlProtocol(const model::ServiceModel& model);
  HttpResponse handle(Call& call, const OperationTable& table) override;
  HttpResponse error(const ApiError& error, const Call& call) const override;

 private:
  const model::ServiceModel& model_;
  std::vector<RouteTemplate> routes_;
};

class QueryProtocol : public Protocol {
 public:
  QueryProtocol(const model::ServiceModel& model, model::QueryFlavor flavor)
      : model_(model), flavor_(flavor) {}
  HttpResponse handle(Call& call, const OperationTable& table) override;
  HttpResponse error(const ApiError& error, const Call& call) const override;

 private:
  const model::ServiceModel& model_;
  model::QueryFlavor flavor_;
};

}  // namespace hpl::aws
