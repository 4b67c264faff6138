#include "server/router.hpp"

#include "aws/sigv4.hpp"
#include "server/admin.hpp"
#include "services/emulator.hpp"
#include "services/iam/access.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace hpl {

Router::Router(Emulator& emu) : emu_(emu) {
  for (Service* s : emu.services()) {
    protocols_.emplace(std::string(s->name()),
                       aws::make_protocol(model::ServiceModel::get(s->name())));
  }
}

Router::~Router() = default;

// The service comes from the SigV4 credential scope; unsigned requests are recognised by
// their shape (X-Amz-Target, a form Action, an EKS path), and anything else is S3's.
std::string Router::service_for(const aws::HttpRequest& request, std::string& region) const {
  if (auto scope = aws::credential_scope(request)) {
    region = scope->region;
    return scope->service;
  }
  if (const auto* target = request.header("X-Amz-Target")) {
    if (target->rfind("SageMaker.", 0) == 0) return "sagemaker";
  }
  if (request.path.rfind("/clusters", 0) == 0 || request.path.rfind("/addons", 0) == 0) {
    return "eks";
  }
  const std::string* ct = request.header("Content-Type");
  if (request.method == "POST" && ct && ct->find("x-www-form-urlencoded") != std::string::npos) {
    std::string_view body = request.body;
    if (body.find("Version=2016-11-15") != std::string_view::npos) return "ec2";
    if (body.find("Version=2011-06-15") != std::string_view::npos) return "sts";
    return "iam";
  }
  return "s3";
}

aws::HttpResponse Router::handle(const aws::HttpRequest& request) {
  auto started = std::chrono::steady_clock::now();
  if (request.path.rfind("/_hyperpod/", 0) == 0) {
    aws::HttpResponse response = handle_admin(emu_, request);
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    spdlog::info(
        "request_id=- service=admin operation=\"{} {}\" status={} error=- latency_ms={:.3f}",
        request.method, request.path, response.status, ms);
    return response;
  }

  std::string region;
  std::string service = service_for(request, region);
  if (region.empty()) region = emu_.config().default_region;
  aws::Call call{emu_,
                 request,
                 service,
                 "",
                 region,
                 emu_.config().account_id,
                 emu_.ids().uuid(),
                 emu_.clock().now()};

  aws::HttpResponse response;
  std::string error_code;
  auto protocol = protocols_.find(service);
  const aws::OperationTable* table = emu_.operations(service);
  if (protocol == protocols_.end() || !table) {
    // A signing name we do not serve: answer in the most common (query) error format.
    response.status = 400;
    response.headers["Content-Type"] = "application/json";
    response.body = R"({"__type":"UnrecognizedClientException","message":"The service )" + service +
                    R"( is not served by hyperpod-local"})";
    error_code = "UnrecognizedClientException";
  } else {
    try {
      // --auth: the signature first, then (iam) each operation checks the caller's policies
      // once its input is decoded.
      const aws::OperationTable* run = table;
      aws::OperationTable guarded;
      if (emu_.config().auth != AuthMode::None) {
        call.caller = iam::authenticate(emu_, request, service);
      }
      if (emu_.config().auth == AuthMode::Iam) {
        for (const auto& [name, handler] : *table) {
          guarded[name] = [handler = handler](aws::Call& c, boost::json::object& in) {
            iam::authorize(c, in);
            return handler(c, in);
          };
        }
        run = &guarded;
      }
      response = protocol->second->handle(call, *run);
    } catch (const aws::ApiError& e) {
      emu_.store().rollback();
      response = protocol->second->error(e, call);
      error_code = e.code();
    } catch (const std::exception& e) {
      // The handler may have changed state in memory before it failed: start again from
      // what the store holds.
      emu_.reload();
      spdlog::error("request_id={} service={} operation={} internal_error=\"{}\"", call.request_id,
                    service, call.operation, e.what());
      aws::ApiError internal("InternalFailure", 500,
                             "We encountered an internal error. Please try again.", false);
      response = protocol->second->error(internal, call);
      error_code = internal.code();
    }
  }
  try {
    emu_.settle();
  } catch (const std::exception& e) {
    // Nothing of the request was stored (the emulator reloaded what was): never acknowledge
    // it. SDKs retry ServiceUnavailable.
    spdlog::error("request_id={} commit_failed=\"{}\"", call.request_id, e.what());
    if (protocol != protocols_.end()) {
      aws::ApiError unavailable("ServiceUnavailable", 503,
                                "The service could not store the change. Please try again.", false);
      response = protocol->second->error(unavailable, call);
      error_code = unavailable.code();
    } else {
      response.status = 503;
    }
  }
  response.headers["x-amzn-RequestId"] = call.request_id;
  if (service == "s3") {
    response.headers["x-amz-request-id"] = call.request_id;
    response.headers["x-amz-id-2"] = call.request_id;
  }
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("request_id={} service={} operation={} status={} error={} latency_ms={:.3f}",
               call.request_id, service, call.operation.empty() ? "-" : call.operation,
               response.status, error_code.empty() ? "-" : error_code, ms);
  return response;
}

}  // namespace hpl
