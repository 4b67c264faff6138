#include "deploy/aws_client.hpp"

#include "aws/xml.hpp"
#include "deploy/error.hpp"
#include "model/codec.hpp"
#include "model/model.hpp"

#include <algorithm>
#include <random>
#include <thread>

namespace hpl::deploy {

namespace json = boost::json;
using Params = std::vector<std::pair<std::string, std::string>>;

namespace {

std::string dns_suffix(std::string_view region) {
  return region.rfind("cn-", 0) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
}

// Query strings and form bodies are sent in SigV4 canonical form: keys sorted, every byte
// but the unreserved ones percent-encoded (a space is %20, never '+').
std::string canonical_query(Params params) {
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += aws::percent_encode(k, false) + "=" + aws::percent_encode(v, false);
  }
  return out;
}

std::string request_id(const aws::Headers& headers) {
  for (const char* name : {"x-amzn-RequestId", "x-amz-request-id", "x-amzn-requestid"}) {
    if (auto it = headers.find(name); it != headers.end()) return it->second;
  }
  return "";
}

std::chrono::milliseconds backoff(int attempt) {
  // Full jitter (the AWS SDKs' "standard" retry mode): a random delay up to a cap that
  // doubles with every attempt, so many clients throttled together do not retry together.
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  double cap = std::min(20000.0, 250.0 * static_cast<double>(1 << std::min(attempt, 10)));
  return std::chrono::milliseconds(
      static_cast<long>(std::uniform_real_distribution<double>(0, cap)(rng)));
}

// restJson1: members bound to the URI, the query string and headers; the rest is the body.
OutgoingRequest encode_rest_json(const model::Operation& op, const json::object& input) {
  OutgoingRequest req;
  req.method = op.method;
  std::string path = op.uri;
  Params query;
  if (auto q = path.find('?'); q != std::string::npos) {
    for (auto& p : aws::parse_query_string(path.substr(q + 1), false)) query.push_back(p);
    path.resize(q);
  }
  json::object body;
  for (const auto& m : op.input ? op.input->members : std::vector<model::MemberRef>{}) {
    auto it = input.find(m.name);
    if (it == input.end() || it->value().is_null()) continue;
    const std::string& wire = m.wire_name();
    if (m.location == "uri") {
      std::string text = model::scalar_text(*m.shape, it->value(), false);
      if (auto p = path.find("{" + wire + "+}"); p != std::string::npos) {
        path.replace(p, wire.size() + 3, aws::percent_encode(text, true));
      } else if (auto p2 = path.find("{" + wire + "}"); p2 != std::string::npos) {
        path.replace(p2, wire.size() + 2, aws::percent_encode(text, false));
      }
    } else if (m.location == "querystring") {
      if (it->value().is_array()) {
        for (const auto& v : it->value().as_array()) {
          query.emplace_back(wire, model::scalar_text(*m.shape->member.shape, v, false));
        }
      } else {
        query.emplace_back(wire, model::scalar_text(*m.shape, it->value(), false));
      }
    } else if (m.location == "header") {
      req.headers.emplace_back(wire, model::scalar_text(*m.shape, it->value(), true));
    } else {
      body[wire] = it->value();
    }
  }
  req.url = path + (query.empty() ? "" : "?" + canonical_query(query));
  if (req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
    req.body = json::serialize(body);
    req.headers.emplace_back("Content-Type", "application/json");
  }
  return req;
}

json::object decode_query_xml(const model::ServiceModel& model, const model::Operation& op,
                              const std::string& body) {
  if (!op.output) return {};
  auto tree = aws::parse_xml(body);
  if (tree.empty()) return {};
  const auto& root = tree.begin()->second;
  if (model.protocol() == "ec2") return model::decode_xml(*op.output, root);
  std::string wrapper = op.result_wrapper.empty() ? op.name + "Result" : op.result_wrapper;
  auto result = root.get_child_optional(wrapper);
  return result ? model::decode_xml(*op.output, *result) : json::object{};
}

std::string xml_text(const boost::property_tree::ptree& tree, const std::string& path) {
  auto v = tree.get_optional<std::string>(path);
  return v ? *v : "";
}

}  // namespace

bool is_throttling_code(std::string_view code) {
  static constexpr std::string_view kCodes[] = {
      "Throttling",
      "ThrottlingException",
      "ThrottledException",
      "RequestThrottledException",
      "TooManyRequestsException",
      "ProvisionedThroughputExceededException",
      "TransactionInProgressException",
      "RequestLimitExceeded",
      "BandwidthLimitExceeded",
      "RequestThrottled",
      "SlowDown",
      "PriorRequestNotComplete",
      "EC2ThrottledException",
  };
  return std::find(std::begin(kCodes), std::end(kCodes), code) != std::end(kCodes);
}

std::pair<std::string, std::string> parse_error_body(std::string_view protocol, long status,
                                                     const aws::Headers& headers,
                                                     const std::string& body) {
  std::string code, message;
  if (protocol == "json" || protocol == "rest-json") {
    if (auto it = headers.find("x-amzn-ErrorType"); it != headers.end()) code = it->second;
    json::error_code ec;
    json::value v = json::parse(body, ec);
    if (!ec && v.is_object()) {
      const auto& o = v.as_object();
      for (const char* key : {"__type", "code", "Code"}) {
        if (code.empty() && o.contains(key) && o.at(key).is_string()) {
          code = std::string(o.at(key).as_string());
        }
      }
      for (const char* key : {"message", "Message", "errorMessage"}) {
        if (message.empty() && o.contains(key) && o.at(key).is_string()) {
          message = std::string(o.at(key).as_string());
        }
      }
    }
    // "aws.protocoltests#FooError" and "FooError:http://internal.amazon.com/..." both name
    // FooError.
    if (auto hash = code.rfind('#'); hash != std::string::npos) code = code.substr(hash + 1);
    if (auto colon = code.find(':'); colon != std::string::npos) code.resize(colon);
  } else if (!body.empty()) {
    try {
      auto tree = aws::parse_xml(body);
      std::string base = protocol == "query" ? "ErrorResponse.Error."
                         : protocol == "ec2" ? "Response.Errors.Error."
                                             : "Error.";
      code = xml_text(tree, base + "Code");
      message = xml_text(tree, base + "Message");
    } catch (const std::exception&) {
      // not XML: a proxy or load balancer page; fall through to the status
    }
  }
  if (code.empty()) {
    code = status == 404   ? "NotFound"
           : status == 403 ? "AccessDenied"
           : status == 429 ? "Throttling"
           : status >= 500 ? "InternalError"
                           : "HTTP" + std::to_string(status);
  }
  if (message.empty())
    message = body.empty() ? "HTTP " + std::to_string(status) : body.substr(0, 300);
  return {code, message};
}

AwsClient::AwsClient(Settings settings)
    : settings_(std::move(settings)),
      sleeper_([](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }) {}

AwsClient::Target AwsClient::target(std::string_view service) const {
  Target t;
  t.scope = {settings_.region, std::string(service)};
  if (auto it = settings_.service_endpoints.find(service);
      it != settings_.service_endpoints.end()) {
    t.base_url = it->second;
  } else if (!settings_.endpoint_url.empty()) {
    t.base_url = settings_.endpoint_url;
  } else if (service == "iam") {
    // IAM is global: one endpoint per partition, signed for its home region.
    bool china = settings_.region.rfind("cn-", 0) == 0;
    bool gov = settings_.region.rfind("us-gov-", 0) == 0;
    t.base_url = china ? "https://iam.cn-north-1.amazonaws.com.cn"
                 : gov ? "https://iam.us-gov.amazonaws.com"
                       : "https://iam.amazonaws.com";
    t.scope.region = china ? "cn-north-1" : gov ? "us-gov-west-1" : "us-east-1";
  } else {
    std::string host = service == "sagemaker" ? "api.sagemaker" : std::string(service);
    t.base_url = "https://" + host + "." + settings_.region + "." + dns_suffix(settings_.region);
  }
  while (!t.base_url.empty() && t.base_url.back() == '/') t.base_url.pop_back();
  return t;
}

IncomingResponse AwsClient::send(std::string_view service, std::string_view operation,
                                 OutgoingRequest request, const SigningScope& scope) {
  std::string protocol =
      service == "s3" ? "rest-xml" : model::ServiceModel::get(service).protocol();
  for (int attempt = 1;; ++attempt) {
    bool last = attempt >= settings_.max_attempts;
    IncomingResponse r;
    try {
      r = http_.send(request, scope, settings_.credentials);
    } catch (const Error& e) {
      if (last) throw;
      sleeper_(backoff(attempt));
      continue;
    }
    if (r.status < 300) return r;
    auto [code, message] = parse_error_body(protocol, r.status, r.headers, r.body);
    bool retry = r.status >= 500 || r.status == 429 || is_throttling_code(code);
    if (retry && !last) {
      sleeper_(backoff(attempt));
      continue;
    }
    throw Error::aws(std::string(service), std::string(operation), code, static_cast<int>(r.status),
                     message, request_id(r.headers));
  }
}

json::object AwsClient::call(std::string_view service, std::string_view operation,
                             const json::object& input) {
  const auto& model = model::ServiceModel::get(service);
  const model::Operation* op = model.operation(operation);
  if (!op) throw std::logic_error("operation " + std::string(operation) + " is not modelled");
  Target t = target(service);
  OutgoingRequest req;
  const std::string& protocol = model.protocol();
  if (protocol == "json") {
    req.url = t.base_url + "/";
    req.headers = {{"X-Amz-Target", model.target_prefix() + "." + op->name},
                   {"Content-Type", "application/x-amz-json-1.1"}};
    req.body = json::serialize(input);
  } else if (protocol == "rest-json") {
    req = encode_rest_json(*op, input);
    req.url = t.base_url + req.url;
  } else {
    Params params = op->input ? model::encode_query(*op->input, input,
                                                    protocol == "ec2" ? model::QueryFlavor::Ec2
                                                                      : model::QueryFlavor::Query)
                              : Params{};
    params.emplace_back("Action", op->name);
    params.emplace_back("Version", model.api_version());
    req.url = t.base_url + "/";
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    req.body = canonical_query(std::move(params));
  }
  IncomingResponse r = send(service, operation, std::move(req), t.scope);
  if (protocol == "query" || protocol == "ec2") return decode_query_xml(model, *op, r.body);
  if (r.body.empty()) return {};
  json::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec || !v.is_object()) {
    throw Error(ErrorKind::Aws, std::string(service) + " " + std::string(operation) +
                                    " answered a body that is not a JSON object");
  }
  return std::move(v.as_object());
}

const std::string& AwsClient::account_id() {
  if (account_id_.empty()) {
    json::object out = call("sts", "GetCallerIdentity");
    if (auto it = out.find("Account"); it != out.end() && it->value().is_string()) {
      account_id_ = std::string(it->value().as_string());
    }
  }
  return account_id_;
}

}  // namespace hpl::deploy
