// The hyperpod-local subcommands that drive a running emulator through its admin API
// (/_hyperpod/...): health, clock, advance, fault, demand, reset.
#pragma once

#include <string>

namespace hpl::app {

struct AdminReply {
  int status = 0;
  std::string body;
};

// Sends one request to the admin API at `endpoint` ("http://127.0.0.1:4596"); throws
// std::runtime_error when the emulator cannot be reached.
AdminReply admin_request(const std::string& endpoint, const std::string& method,
                         const std::string& path, const std::string& body);

}  // namespace hpl::app
