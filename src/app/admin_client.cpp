#include "app/admin_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url.hpp>

#include <stdexcept>

namespace hpl::app {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

AdminReply admin_request(const std::string& endpoint, const std::string& method,
                         const std::string& path, const std::string& body) {
  auto url = boost::urls::parse_uri(endpoint);
  if (!url) throw std::runtime_error("not an http:// endpoint: " + endpoint);
  std::string host(url->host());
  std::string port = url->has_port() ? std::string(url->port()) : "80";
  try {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(30));
    stream.connect(asio::ip::tcp::resolver(ioc).resolve(host, port));
    http::request<http::string_body> req{http::string_to_verb(method), path, 11};
    req.set(http::field::host, host);
    req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    return {static_cast<int>(res.result_int()), res.body()};
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot reach hyperpod-local at " + endpoint + ": " + e.what());
  }
}

}  // namespace hpl::app
