// The HTTP listener: Boost.Beast on one Asio io_context. Keep-alive, body-size limits,
// the virtual clock's timer, and a clean stop on SIGINT/SIGTERM.
#pragma once

#include "aws/http.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hpl {

class Emulator;
class Router;

// What the server lets clients do. A flood of requests is answered with each service's
// throttling error once `max_pending_requests` wait to be handled; connections beyond
// `max_connections` wait in the kernel's backlog until one closes.
struct HttpLimits {
  std::size_t max_header_bytes = 64 * 1024;
  std::uint64_t max_body_bytes = 64ull * 1024 * 1024;     // S3 objects up to this in one PUT
  std::uint64_t max_api_body_bytes = 4ull * 1024 * 1024;  // every other service
  std::chrono::seconds idle_timeout{60};     // a kept-alive connection with nothing to say
  std::chrono::seconds request_timeout{30};  // from the first byte to the end of the header
  // A body may take request_timeout plus one second per `min_body_rate` bytes.
  std::uint64_t min_body_rate = 1024 * 1024;
  std::size_t max_connections = 1024;
  std::size_t max_pending_requests = 128;
};

// The protocol-neutral request for a method, a request target ("/path?query"), header fields
// and a body: the path and the query string are decoded here, once.
aws::HttpRequest make_request(std::string method, std::string_view target, aws::Headers headers,
                              std::string body);

// Parses `bytes` as one complete HTTP/1.1 request under `limits` and converts it as a session
// does (path and query string decoded). Empty when the bytes are not exactly one well-formed
// request within the limits. The fuzz targets feed the decoders through this.
std::optional<aws::HttpRequest> parse_http_request(std::string_view bytes,
                                                   const HttpLimits& limits = {});

class HttpServer {
 public:
  HttpServer(Emulator& emu, const std::string& host, int port, const HttpLimits& limits = {});
  ~HttpServer();

  // The port actually bound (useful with port 0).
  int port() const;
  // Serves until SIGINT/SIGTERM (or stop()).
  void run();
  void stop();

  struct Impl;  // the Asio and Beast machinery, private to http_server.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hpl
