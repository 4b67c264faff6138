// The one error type every handler throws. A wire serializer per protocol turns it into
// the service's own error shape; handlers never format errors themselves.
#pragma once

#include <boost/json.hpp>

#include <stdexcept>
#include <string>
#include <utility>

namespace hpl::aws {

class ApiError : public std::runtime_error {
 public:
  ApiError(std::string code, int http_status, std::string message, bool sender_fault = true)
      : std::runtime_error(message),
        code_(std::move(code)),
        http_status_(http_status),
        message_(std::move(message)),
        sender_fault_(sender_fault) {}

  const std::string& code() const { return code_; }
  int http_status() const { return http_status_; }
  const std::string& message() const { return message_; }
  bool sender_fault() const { return sender_fault_; }

  // Extra members some services put beside the message (EKS: clusterName, ...).
  const boost::json::object& extra() const { return extra_; }
  ApiError& with(std::string_view key, boost::json::value value) {
    extra_[key] = std::move(value);
    return *this;
  }
  ApiError& with(std::string_view key, std::string_view value) {
    extra_[key] = boost::json::string(value);
    return *this;
  }

 private:
  std::string code_;
  int http_status_;
  std::string message_;
  bool sender_fault_;
  boost::json::object extra_;
};

// Errors every protocol shares. Service-specific names live in services/<svc>/errors.hpp.
namespace errors {
inline ApiError internal_failure(std::string message) {
  return ApiError("InternalFailure", 500, std::move(message), false);
}
inline ApiError unknown_operation(std::string message) {
  return ApiError("UnknownOperationException", 400, std::move(message));
}
inline ApiError serialization(std::string message) {
  return ApiError("SerializationException", 400, std::move(message));
}
inline ApiError validation(std::string message) {
  return ApiError("ValidationException", 400, std::move(message));
}
}  // namespace errors

}  // namespace hpl::aws
