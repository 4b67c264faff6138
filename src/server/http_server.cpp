#include "server/http_server.hpp"

#include "aws/protocols/protocol.hpp"
#include "server/router.hpp"
#include "services/emulator.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <deque>
#include <map>

namespace hpl {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session;

struct HttpServer::Impl {
  Impl(Emulator& e, const std::string& host, int port, const HttpLimits& l)
      : emu(e), router(e), limits(l), acceptor(ioc), timer(ioc), signals(ioc, SIGINT, SIGTERM) {
    tcp::endpoint endpoint(asio::ip::make_address(host), static_cast<unsigned short>(port));
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    for (Service* s : e.services()) {
      std::string name(s->name());
      protocols.emplace(name, aws::make_protocol(model::ServiceModel::get(name)));
    }
  }

  void accept();
  void arm_timer();
  void after_request() { arm_timer(); }
  // A session whose request has arrived; handled in arrival order, or throttled when too
  // many are waiting.
  void enqueue(std::shared_ptr<Session> session);
  void handle_next();
  void session_closed();
  // `error` in the wire format of the service `request` is for (S3's when it names none).
  aws::HttpResponse error_response(const aws::HttpRequest& request, const aws::ApiError& error);

  // Sessions reach back into the counters while the io_context below destroys them.
  Emulator& emu;
  Router router;
  HttpLimits limits;
  std::map<std::string, std::unique_ptr<aws::Protocol>, std::less<>> protocols;
  bool handling_posted = false;
  std::size_t connections = 0;
  bool accept_paused = false;
  bool stopping = false;
  asio::io_context ioc{1};
  tcp::acceptor acceptor;
  asio::steady_timer timer;
  asio::signal_set signals;
  std::deque<std::shared_ptr<Session>> pending;  // their sockets need the io_context
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
  // A request without Content-Length or chunks has no body, so the end of the input never
  // completes one.
  if (!parser.is_done() || !bytes.empty()) return std::nullopt;
  return to_request(parser.get());
}

// The errors the server itself answers with, before or instead of the router.
namespace limit_errors {

// S3's words; the other services answer 413 with their own error shape.
aws::ApiError too_large(std::string_view service, std::uint64_t size, std::uint64_t limit) {
  if (service == "s3") {
    return aws::ApiError("EntityTooLarge", 400,
                         "Your proposed upload exceeds the maximum allowed size")
        .with("ProposedSize", std::to_string(size))
        .with("MaxSizeAllowed", std::to_string(limit));
  }
  return aws::ApiError(
      "RequestEntityTooLarge", 413,
      "Request size " + std::to_string(size) + " exceeded " + std::to_string(limit) + " bytes");
}

// Each service's own throttling error.
aws::ApiError throttled(std::string_view service) {
  if (service == "s3") return aws::ApiError("SlowDown", 503, "Please reduce your request rate.");
  if (service == "ec2")
    return aws::ApiError("RequestLimitExceeded", 503, "Request limit exceeded.");
  if (service == "iam" || service == "sts")
    return aws::ApiError("Throttling", 400, "Rate exceeded");
  if (service == "eks") return aws::ApiError("ThrottlingException", 429, "Rate exceeded");
  return aws::ApiError("ThrottlingException", 400, "Rate exceeded");
}

aws::ApiError request_timeout() {
  return aws::ApiError("RequestTimeout", 400,
                       "Your socket connection to the server was not read from or written to "
                       "within the timeout period. Idle connections will be closed.");
}

aws::ApiError header_too_large(std::size_t limit) {
  return aws::ApiError("RequestHeaderSectionTooLarge", 400,
                       "Your request header section exceeds the maximum allowed size.")
      .with("MaxSizeAllowed", std::to_string(limit));
}

}  // namespace limit_errors

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), deadline_(stream_.get_executor()), server_(server) {}
  ~Session() { server_.session_closed(); }

  void start() { read(); }

  // Runs the request that has arrived and writes the answer.
  void handle() {
    auto req = parser_->release();
    aws::HttpRequest request = to_request(req);
    aws::HttpResponse response = server_.router.handle(request);
    server_.after_request();
    respond(std::move(response), req.version(), req.keep_alive(), req.method() == http::verb::head);
  }

  // Answers the request that has arrived with the service's throttling error; the connection
  // stays usable.
  void throttle() {
    auto req = parser_->release();
    aws::HttpRequest request = to_request(req);
    respond(server_.error_response(request, limit_errors::throttled(service_)), req.version(),
            req.keep_alive(), false);
  }

 private:
  // Waiting for the next request is the idle time; from its first byte the header has
  // request_timeout to arrive, so a client trickling bytes (slowloris) is cut off.
  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.limits.max_header_bytes));
    parser_->body_limit(server_.limits.max_body_bytes);
    if (buffer_.size() > 0) return read_header();
    stream_.expires_after(server_.limits.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstRead),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->close();
                              self->buffer_.commit(n);
                              self->read_header();
                            });
  }

  // The header's deadline is a timer of its own: the stream's timeout would close the socket,
  // and a slow client is owed a RequestTimeout answer.
  void read_header() {
    stream_.expires_never();
    timed_out_ = false;
    deadline_.expires_after(server_.limits.request_timeout);
    deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  // The header has arrived: the service is known, so is its body limit. A body announced too
  // large is refused before it is read; a client that sends "Expect: 100-continue" (boto3
  // does for S3 uploads) waits for the interim answer before sending it.
  void on_header(beast::error_code ec) {
    deadline_.cancel();
    if (timed_out_) return reply_error(limit_errors::request_timeout());
    if (ec) return on_read(ec);
    const auto& req = parser_->get();
    head_ = to_request_head(req);
    std::string region;
    service_ = server_.router.service_for(head_, region);
    std::uint64_t limit =
        service_ == "s3" ? server_.limits.max_body_bytes : server_.limits.max_api_body_bytes;
    parser_->body_limit(limit);
    std::uint64_t announced = parser_->content_length().value_or(0);
    if (announced > limit) {
      return reply_error(limit_errors::too_large(service_, announced, limit));
    }
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
    std::uint64_t announced = parser_->content_length().value_or(0);
    auto allowance =
        std::chrono::seconds(announced / std::max<std::uint64_t>(server_.limits.min_body_rate, 1));
    stream_.expires_after(server_.limits.request_timeout + allowance);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted || ec == asio::error::eof) {
      return close();
    }
    if (ec == beast::error::timeout) return reply_error(limit_errors::request_timeout());
    if (ec == http::error::header_limit) {
      return reply_error(limit_errors::header_too_large(server_.limits.max_header_bytes));
    }
    if (ec == http::error::body_limit) {
      std::uint64_t limit =
          service_ == "s3" ? server_.limits.max_body_bytes : server_.limits.max_api_body_bytes;
      return reply_error(limit_errors::too_large(service_, limit + 1, limit));
    }
    if (ec == http::error::partial_message) {
      return reply_error(aws::ApiError("IncompleteBody", 400,
                                       "You did not provide the number of bytes specified by "
                                       "the Content-Length HTTP header"));
    }
    if (ec) return reply_error(aws::ApiError("BadRequest", 400, ec.message()));
    stream_.expires_never();
    server_.enqueue(shared_from_this());
  }

  static aws::HttpRequest to_request_head(const http::request<http::string_body>& req) {
    aws::Headers headers;
    for (const auto& field : req) {
      headers[std::string(field.name_string())] = std::string(field.value());
    }
    return make_request(std::string(req.method_string()), req.target(), std::move(headers), "");
  }

  // An error the server answers itself; the connection is closed after it, as the rest of
  // what the client sent cannot be trusted to start a new request.
  void reply_error(const aws::ApiError& error) {
    respond(server_.error_response(head_, error), 11, false, false);
  }

  void respond(aws::HttpResponse response, unsigned version, bool keep_alive, bool head) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(version);
    res->result(static_cast<unsigned>(response.status));
    res->keep_alive(keep_alive);
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
    // A client that does not read its answer is cut off like one that does not send.
    stream_.expires_after(server_.limits.request_timeout);
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

  // Closes the sending side, then reads (and drops) what the client still sends for a moment:
  // closing with unread bytes would reset the connection and could lose the last answer.
  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(kLinger);
    drain();
  }

  void drain() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(kFirstRead),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) {
                                beast::error_code ignored;
                                self->stream_.socket().close(ignored);
                                return;
                              }
                              self->drain();
                            });
  }

  static constexpr std::size_t kFirstRead = 4096;
  static constexpr auto kLinger = std::chrono::seconds(1);

  beast::tcp_stream stream_;
  asio::steady_timer deadline_;
  bool timed_out_ = false;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  aws::HttpRequest head_;  // the request line and header, once they have arrived
  std::string service_ = "s3";
  HttpServer::Impl& server_;
};

void HttpServer::Impl::enqueue(std::shared_ptr<Session> session) {
  if (pending.size() >= limits.max_pending_requests) return session->throttle();
  pending.push_back(std::move(session));
  if (handling_posted) return;
  handling_posted = true;
  asio::post(ioc, [this] { handle_next(); });
}

// One request per turn of the event loop, so that requests arriving meanwhile are queued
// (and throttled when the queue is full) rather than served only after the whole backlog.
void HttpServer::Impl::handle_next() {
  handling_posted = false;
  if (pending.empty()) return;
  auto session = std::move(pending.front());
  pending.pop_front();
  session->handle();
  if (!pending.empty()) {
    handling_posted = true;
    asio::post(ioc, [this] { handle_next(); });
  }
}

aws::HttpResponse HttpServer::Impl::error_response(const aws::HttpRequest& request,
                                                   const aws::ApiError& error) {
  std::string region;
  std::string service = request.method.empty() ? "s3" : router.service_for(request, region);
  auto protocol = protocols.find(service);
  if (protocol == protocols.end()) protocol = protocols.find("s3");
  aws::Call call{emu,
                 request,
                 service,
                 "",
                 region,
                 emu.config().account_id,
                 emu.ids().uuid(),
                 emu.clock().now(),
                 {}};
  aws::HttpResponse response = protocol->second->error(error, call);
  response.headers["x-amzn-RequestId"] = call.request_id;
  if (service == "s3") response.headers["x-amz-request-id"] = call.request_id;
  spdlog::info("request_id={} service={} operation=- status={} error={} latency_ms=0",
               call.request_id, service, response.status, error.code());
  return response;
}

void HttpServer::Impl::session_closed() {
  --connections;
  if (accept_paused && !stopping) {
    accept_paused = false;
    accept();
  }
}

// Beyond max_connections no connection is accepted until one closes: clients wait in the
// kernel's backlog instead of each costing buffers here.
void HttpServer::Impl::accept() {
  if (connections >= limits.max_connections) {
    accept_paused = true;
    return;
  }
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || stopping) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      ++connections;
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

HttpServer::HttpServer(Emulator& emu, const std::string& host, int port, const HttpLimits& limits)
    : impl_(std::make_unique<Impl>(emu, host, port, limits)) {}

HttpServer::~HttpServer() {
  impl_->stopping = true;
}

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
    impl_->stopping = true;
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->timer.cancel();
    impl_->signals.cancel();
    impl_->ioc.stop();
  });
}

}  // namespace hpl
