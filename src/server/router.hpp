// Finds the service a request is for, runs it through that service's protocol codec, and
// writes the one access-log line. The one catch-all for unexpected failures lives here.
#pragma once

#include "aws/http.hpp"
#include "aws/protocols/protocol.hpp"

#include <map>
#include <memory>
#include <string>

namespace hpl {

class Emulator;

class Router {
 public:
  explicit Router(Emulator& emu);
  ~Router();

  aws::HttpResponse handle(const aws::HttpRequest& request);
  // The service a request is for (its signing name), and the region it names. The server
  // also asks before the body has arrived, to apply that service's limits and errors.
  std::string service_for(const aws::HttpRequest& request, std::string& region) const;

 private:
  Emulator& emu_;
  std::map<std::string, std::unique_ptr<aws::Protocol>, std::less<>> protocols_;
};

}  // namespace hpl
