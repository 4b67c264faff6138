// restXml (S3): path-style (/bucket/key) and virtual-hosted (bucket.localhost) addressing.
#include "aws/protocols/protocols_impl.hpp"

#include "aws/xml.hpp"

#include <algorithm>

namespace hpl::aws {

namespace json = boost::json;

static constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

RestXmlProtocol::RestXmlProtocol(const model::ServiceModel& model) : model_(model) {
  for (const auto& [name, op] : model.operations()) routes_.emplace_back(op);
  std::stable_sort(routes_.begin(), routes_.end(),
                   [](const auto& a, const auto& b) { return a.specificity() > b.specificity(); });
}

// "bucket.localhost:4596" names the bucket in the host (virtual-hosted style).
static std::string virtual_host_bucket(const HttpRequest& request) {
  const std::string* host = request.header("Host");
  if (!host) return "";
  std::string_view h = *host;
  h = h.substr(
      0, h.rfind(':') == std::string_view::npos || h.front() == '[' ? h.size() : h.rfind(':'));
  constexpr std::string_view suffix = ".localhost";
  if (h.size() > suffix.size() && h.substr(h.size() - suffix.size()) == suffix) {
    return std::string(h.substr(0, h.size() - suffix.size()));
  }
  return "";
}

// The root element name of the operations whose output is an XML document.
static std::string_view output_root(std::string_view operation) {
  if (operation == "ListObjectsV2") return "ListBucketResult";
  if (operation == "ListBuckets") return "ListAllMyBucketsResult";
  return operation;
}

HttpResponse RestXmlProtocol::handle(Call& call, const OperationTable& table) {
  std::string path = call.http.path;
  if (std::string bucket = virtual_host_bucket(call.http); !bucket.empty()) {
    path = "/" + bucket + (path == "/" ? "" : path);
  }
  std::vector<std::pair<std::string, std::string>> labels;
  const model::Operation* op = nullptr;
  for (const auto& route : routes_) {
    if (route.match(call.http, path, labels)) {
      op = &route.operation();
      break;
    }
  }
  auto handler = op ? table.find(op->name) : table.end();
  if (!op || handler == table.end()) {
    throw ApiError("MethodNotAllowed", 405,
                   "The specified method is not allowed against this resource.");
  }
  call.operation = op->name;

  json::object body;
  const model::Shape* input = op->input;
  if (input && !input->payload.empty()) {
    const model::MemberRef* payload = input->find_member(input->payload);
    if (payload->shape->type == model::ShapeType::Structure) {
      if (!call.http.body.empty()) {
        boost::property_tree::ptree doc;
        try {
          doc = parse_xml(call.http.body);
        } catch (const std::exception&) {
          throw ApiError("MalformedXML", 400,
                         "The XML you provided was not well-formed or did not validate against "
                         "our published schema");
        }
        if (doc.empty())
          throw ApiError("MalformedXML", 400,
                         "The XML you provided was not well-formed or did not validate against our "
                         "published schema");
        body[payload->name] = model::decode_xml(*payload->shape, doc.begin()->second);
      }
    } else {
      body[payload->name] = json::string(call.http.body);
    }
  }
  json::object in =
      input ? decode_rest_input(*input, call.http, labels, std::move(body)) : json::object{};
  validate_input(model_, *op, in);
  json::object output = handler->second(call, in);

  HttpResponse response;
  response.status = op->status;
  output = encode_rest_output_headers(op->output, std::move(output), response);
  const model::Shape* out_shape = op->output;
  if (out_shape && !out_shape->payload.empty()) {
    auto it = output.find(out_shape->payload);
    const model::MemberRef* payload = out_shape->find_member(out_shape->payload);
    if (it != output.end() && it->value().is_string()) {
      response.body = it->value().as_string();
    } else if (it != output.end() && it->value().is_object() && payload) {
      // A structure payload (CopyObjectResult) is the whole XML document.
      XmlWriter xml;
      xml.open(payload->wire_name(), kS3Namespace);
      model::encode_xml_members(xml, *payload->shape, it->value().as_object(),
                                model::XmlFlavor::RestXml);
      response.body = xml.finish();
      response.headers["Content-Type"] = "application/xml";
    }
  } else if (out_shape && !output.empty()) {
    XmlWriter xml;
    xml.open(output_root(op->name), kS3Namespace);
    model::encode_xml_members(xml, *out_shape, output, model::XmlFlavor::RestXml);
    response.body = xml.finish();
    response.headers["Content-Type"] = "application/xml";
  }
  return response;
}

HttpResponse RestXmlProtocol::error(const ApiError& error, const Call& call) const {
  XmlWriter xml;
  xml.open("Error");
  xml.leaf("Code", error.code());
  xml.leaf("Message", error.message());
  for (const auto& [k, v] : error.extra()) {
    xml.leaf(k, v.is_string() ? std::string(v.as_string()) : json::serialize(v));
  }
  xml.leaf("RequestId", call.request_id);
  HttpResponse response;
  response.status = error.http_status();
  response.headers["Content-Type"] = "application/xml";
  response.body = xml.finish();
  return response;
}

}  // namespace hpl::aws
