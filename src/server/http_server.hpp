// The HTTP listener: Boost.Beast on one Asio io_context. Keep-alive, body-size limits,
// the virtual clock's timer, and a clean stop on SIGINT/SIGTERM.
#pragma once

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <string>

namespace hpl {

class Emulator;
class Router;

class HttpServer {
 public:
  HttpServer(Emulator& emu, const std::string& host, int port);
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
