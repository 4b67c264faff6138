// hpctl's one error type. Every failure hpctl reports is an Error of one kind; the kind picks
// the process exit code (hpctl.cpp), the message says what went wrong and what to do.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace hpl::deploy {

enum class ErrorKind {
  Usage,           // the command line is wrong
  Stack,           // the stack file is unreadable or invalid
  Credentials,     // no credentials or region could be found
  Aws,             // an AWS service answered with an error
  Transport,       // the endpoint could not be reached
  ResourceFailed,  // a resource reached a failed state (FAILED, Failed, CREATE_FAILED, ...)
  Blocked,         // the stack asks for a change the services cannot make in place
  Timeout,         // a wait ran past its limit
  Interrupted,     // SIGINT / SIGTERM while waiting
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message) : std::runtime_error(message), kind_(kind) {}

  // An AWS error response: the service's error code, HTTP status and request id.
  static Error aws(std::string service, std::string operation, std::string code, int status,
                   std::string message, std::string request_id) {
    Error e(ErrorKind::Aws, service + " " + operation + " failed: " + code + ": " + message +
                                (status ? " (HTTP " + std::to_string(status) + ")" : ""));
    e.service_ = std::move(service);
    e.operation_ = std::move(operation);
    e.code_ = std::move(code);
    e.aws_message_ = std::move(message);
    e.http_status_ = status;
    e.request_id_ = std::move(request_id);
    return e;
  }

  ErrorKind kind() const { return kind_; }
  const std::string& service() const { return service_; }
  const std::string& operation() const { return operation_; }
  // The AWS error code ("ResourceNotFoundException", "NoSuchEntity", ...); empty otherwise.
  const std::string& code() const { return code_; }
  const std::string& aws_message() const { return aws_message_; }
  int http_status() const { return http_status_; }
  const std::string& request_id() const { return request_id_; }

 private:
  ErrorKind kind_;
  std::string service_, operation_, code_, aws_message_, request_id_;
  int http_status_ = 0;
};

inline Error usage_error(std::string message) {
  return {ErrorKind::Usage, std::move(message)};
}
inline Error stack_error(std::string message) {
  return {ErrorKind::Stack, std::move(message)};
}

// Process exit codes, documented in docs/stack-file.md and `hpctl --help`.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,         // AWS error, unreachable endpoint, missing credentials, a change
                            // that cannot be made in place
  kExitUsage = 2,           // bad command line
  kExitInvalidStack = 3,    // the stack file failed validation
  kExitResourceFailed = 4,  // a resource failed or a wait timed out
  kExitChangesPending = 5,  // plan --detailed-exitcode: there is something to do
  kExitInterrupted = 130,   // stopped by SIGINT / SIGTERM; apply again to resume
};

inline int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage:
      return kExitUsage;
    case ErrorKind::Stack:
      return kExitInvalidStack;
    case ErrorKind::Credentials:
    case ErrorKind::Aws:
    case ErrorKind::Transport:
    case ErrorKind::Blocked:
      return kExitFailure;
    case ErrorKind::ResourceFailed:
    case ErrorKind::Timeout:
      return kExitResourceFailed;
    case ErrorKind::Interrupted:
      return kExitInterrupted;
  }
  return kExitFailure;
}

}  // namespace hpl::deploy
