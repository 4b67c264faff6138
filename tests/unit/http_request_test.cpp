// The server's reader of one raw HTTP request (what the http_router fuzz target feeds), under
// its header and body limits.
#include "server/http_server.hpp"

#include <gtest/gtest.h>

namespace hpl {
namespace {

TEST(ParseHttpRequest, DecodesPathQueryHeadersAndBody) {
  auto request = parse_http_request(
      "PUT /my%20bucket/a%2Bb?list-type=2&prefix=x+y HTTP/1.1\r\nHost: h\r\n"
      "Content-Length: 5\r\n\r\nhello");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->method, "PUT");
  EXPECT_EQ(request->path, "/my bucket/a+b");
  EXPECT_EQ(request->raw_path, "/my%20bucket/a%2Bb");
  ASSERT_NE(request->query_param("prefix"), nullptr);
  EXPECT_EQ(*request->query_param("prefix"), "x y");
  ASSERT_NE(request->header("host"), nullptr);
  EXPECT_EQ(request->body, "hello");
}

TEST(ParseHttpRequest, ReadsChunkedBodies) {
  auto request = parse_http_request(
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->body, "abcde");
}

TEST(ParseHttpRequest, RefusesWhatIsNotExactlyOneRequest) {
  EXPECT_FALSE(parse_http_request(""));
  EXPECT_FALSE(parse_http_request("GET / HTTP/1.1\r\n"));  // the header never ends
  EXPECT_FALSE(parse_http_request("POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nshort"));
  EXPECT_FALSE(parse_http_request("GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
  EXPECT_FALSE(parse_http_request("NOT HTTP AT ALL\r\n\r\n"));
}

TEST(ParseHttpRequest, AppliesTheLimits) {
  HttpLimits limits;
  limits.max_body_bytes = 4;
  limits.max_header_bytes = 64;
  EXPECT_TRUE(parse_http_request("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd", limits));
  EXPECT_FALSE(parse_http_request("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde", limits));
  EXPECT_FALSE(parse_http_request(
      "GET / HTTP/1.1\r\nX-Filler: " + std::string(100, 'a') + "\r\n\r\n", limits));
}

}  // namespace
}  // namespace hpl
