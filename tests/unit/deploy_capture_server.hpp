// A loopback HTTP server for the deploy tests: it records each request as received (so the
// SigV4 headers libcurl wrote can be checked) and answers with canned responses, in order.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hpl::test {

struct CannedResponse {
  int status = 200;
  std::string body = {};
  std::string headers = {};  // extra header lines, each ending in \r\n
};

class CaptureServer {
 public:
  explicit CaptureServer(std::vector<CannedResponse> responses) : responses_(std::move(responses)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 8);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }

  ~CaptureServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  // The value of `name` in request `index` (first occurrence, case-insensitive).
  std::string header(size_t index, const std::string& name) {
    auto all = requests();
    if (index >= all.size()) return "";
    const std::string& r = all[index];
    size_t pos = 0;
    while ((pos = r.find("\r\n", pos)) != std::string::npos) {
      pos += 2;
      if (r.size() - pos < name.size() + 1) break;
      if (strncasecmp(r.c_str() + pos, name.c_str(), name.size()) == 0 &&
          r[pos + name.size()] == ':') {
        size_t start = pos + name.size() + 1;
        while (r[start] == ' ') ++start;
        return r.substr(start, r.find("\r\n", start) - start);
      }
    }
    return "";
  }

 private:
  void serve() {
    for (size_t i = 0;; ++i) {
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string request = read_request(c);
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
      }
      CannedResponse r = i < responses_.size() ? responses_[i] : CannedResponse{};
      std::string out = "HTTP/1.1 " + std::to_string(r.status) +
                        " X\r\nContent-Length: " + std::to_string(r.body.size()) +
                        "\r\nConnection: close\r\n" + r.headers + "\r\n" + r.body;
      ::send(c, out.data(), out.size(), MSG_NOSIGNAL);
      ::close(c);
    }
  }

  static std::string read_request(int c) {
    std::string data;
    char buf[4096];
    while (true) {
      auto end = data.find("\r\n\r\n");
      if (end != std::string::npos) {
        size_t length = 0;
        auto cl = data.find("Content-Length:");
        if (cl == std::string::npos) cl = data.find("content-length:");
        if (cl != std::string::npos && cl < end) length = std::stoul(data.substr(cl + 15));
        if (data.size() >= end + 4 + length) return data;
      }
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) return data;
      data.append(buf, static_cast<size_t>(n));
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::vector<CannedResponse> responses_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> requests_;
};

}  // namespace hpl::test
