#include "server/http_server.hpp"

#include "server/router.hpp"
#include "services/emulator.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace hpl {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// S3 objects up to this size are accepted in one PUT.
constexpr std::uint64_t kMaxBodyBytes = 64ull * 1024 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(120);

struct HttpServer::Impl {
  Impl(Emulator& e, const std::string& host, int port)
      : emu(e), router(e), acceptor(ioc), timer(ioc), signals(ioc, SIGINT, SIGTERM) {
    tcp::endpoint endpoint(asio::ip::make_address(host), static_cast<unsigned short>(port));
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
  }

  void accept();
  void arm_timer();
  void after_request() { arm_timer(); }

  Emulator& emu;
  Router router;
  asio::io_context ioc{1};
  tcp::acceptor acceptor;
  asio::steady_timer timer;
  asio::signal_set signals;
};

aws::HttpRequest make_request(std::string method, std::string_view target, aws::Headers headers,
                              std::string body) {
  aws::HttpRequest out;
  out.method = std::move(method);
  auto q = target.find('?');
  out.raw_path = std::string(target.substr(0, q));
  out.path = aws::percent_decode(out.raw_path, false);
  if (q != std::string_view::npos) {
    out.raw_query = std::string(target.substr(q + 1));
    out.query = aws::parse_query_string(out.raw_query, true);
  }
  out.headers = std::move(headers);
  out.body = std::move(body);
  return out;
}

static aws::HttpRequest to_request(http::request<http::string_body>& req) {
  aws::Headers headers;
  for (const auto& field : req) {
    headers[std::string(field.name_string())] = std::string(field.value());
  }
  return make_request(std::string(req.method_string()), req.target(), std::move(headers),
                      std::move(req.body()));
}

std::optional<aws::HttpRequest> parse_http_request(std::string_view bytes,
                                                   const HttpLimits& limits) {
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_body_bytes);
  beast::error_code ec;
  while (!bytes.empty() && !parser.is_done()) {
    std::size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec == http::error::need_more && used == 0) break;
    if (ec && ec != http::error::need_more) return std::nullopt;
    bytes.remove_prefix(used);
  }
  ec = {};
  // A response-style body without Content-Length would run to the end of the stream.
  if (!parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done() || !bytes.empty()) return std::nullopt;
  return to_request(parser.get());
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server) {}

  void start() { read(); }

 private:
  // The header first: a client that sends "Expect: 100-continue" (boto3 does for S3 uploads)
  // waits for the interim answer before it sends the body.
  void read() {
    parser_.emplace();
    parser_->body_limit(kMaxBodyBytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(kIdleTimeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read(ec);
    const auto& req = parser_->get();
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                     req.version());
      http::async_write(stream_, *cont,
                        [self = shared_from_this(), cont](beast::error_code ec, std::size_t) {
                          if (ec) return self->close();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      return close();
    }
    if (ec == http::error::body_limit) {
      return reply_plain(413, "EntityTooLarge",
                         "Your proposed upload exceeds the maximum allowed size");
    }
    if (ec == http::error::partial_message) {
      return reply_plain(400, "IncompleteBody",
                         "You did not provide the number of bytes specified by the "
                         "Content-Length HTTP header");
    }
    if (ec) return reply_plain(400, "BadRequest", ec.message());

    auto req = parser_->release();
    aws::HttpRequest request = to_request(req);
    aws::HttpResponse response = server_.router.handle(request);
    server_.after_request();

    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(req.version());
    res->result(static_cast<unsigned>(response.status));
    res->keep_alive(req.keep_alive());
    bool head = req.method() == http::verb::head;
    std::string content_length;
    for (auto& [k, v] : response.headers) {
      if (beast::iequals(k, "Content-Length")) {
        content_length = v;
        continue;
      }
      res->set(k, v);
    }
    res->set(http::field::server, "hyperpod-local");
    if (head) {
      res->content_length(content_length.empty() ? response.body.size()
                                                 : std::stoull(content_length));
    } else {
      res->body() = std::move(response.body);
      res->prepare_payload();
    }
    write(res, head);
  }

  void write(std::shared_ptr<http::response<http::string_body>> res, bool head) {
    bool keep = res->keep_alive();
    auto done = [self = shared_from_this(), res, keep](beast::error_code ec, std::size_t) {
      if (ec || !keep) return self->close();
      self->read();
    };
    if (head) {
      auto sr = std::make_shared<http::response_serializer<http::string_body>>(*res);
      http::async_write_header(stream_, *sr,
                               [sr, done](beast::error_code ec, std::size_t n) { done(ec, n); });
    } else {
      http::async_write(stream_, *res, done);
    }
  }

  void reply_plain(int status, std::string_view code, std::string_view message) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->result(static_cast<unsigned>(status));
    res->set(http::field::content_type, "application/xml");
    res->body() = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + std::string(code) +
                  "</Code><Message>" + std::string(message) + "</Message></Error>";
    res->keep_alive(false);
    res->prepare_payload();
    write(res, false);
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpServer::Impl& server_;
};

void HttpServer::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true));
      std::make_shared<Session>(std::move(socket), *this)->start();
    }
    accept();
  });
}

// Wakes up when the next transition is due on a running clock (realistic or fast).
void HttpServer::Impl::arm_timer() {
  timer.cancel();
  if (!emu.clock().runs()) return;
  auto next = emu.scheduler().next_due();
  if (!next) return;
  timer.expires_after(emu.clock().real_delay_until(*next));
  timer.async_wait([this](beast::error_code ec) {
    if (ec) return;
    try {
      emu.settle();
    } catch (const std::exception& e) {
      spdlog::error("simulation step failed: {}", e.what());
    }
    arm_timer();
  });
}

HttpServer::HttpServer(Emulator& emu, const std::string& host, int port)
    : impl_(std::make_unique<Impl>(emu, host, port)) {}

HttpServer::~HttpServer() = default;

int HttpServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void HttpServer::run() {
  impl_->signals.async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal={} shutting_down=true", signal);
    stop();
  });
  impl_->accept();
  impl_->arm_timer();
  impl_->ioc.run();
}

void HttpServer::stop() {
  asio::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->timer.cancel();
    impl_->signals.cancel();
    impl_->ioc.stop();
  });
}

}  // namespace hpl
