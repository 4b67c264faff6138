// What a handler gets: the decoded request context and the emulator it acts on.
#pragma once

#include "aws/auth_principal.hpp"
#include "aws/http.hpp"
#include "aws/time.hpp"

#include <boost/json.hpp>

#include <functional>
#include <map>
#include <string>

namespace hpl {
class Emulator;
}

namespace hpl::aws {

struct Call {
  Emulator& emu;
  const HttpRequest& http;
  std::string service;
  std::string operation;
  std::string region;
  std::string account_id;
  std::string request_id;
  EpochMs now = 0;
  Principal caller;  // who signed the request (the root unless --auth says otherwise)
};

// Every operation handler: a request object in, a response object out (both keyed by the
// model's member names); failures are thrown as aws::ApiError.
using Handler = std::function<boost::json::object(Call&, boost::json::object&)>;
using OperationTable = std::map<std::string, Handler, std::less<>>;

}  // namespace hpl::aws
