// libcurl signs hpctl's requests itself (CURLOPT_AWS_SIGV4). These tests send requests
// through hpctl's HTTP client to a loopback listener and compare the Authorization header it
// received with the published AWS SigV4 test suite (aws-sig-v4-test-suite): credentials
// AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 2015-08-30T12:36:00Z, us-east-1,
// service "service", host example.amazonaws.com.
#include "deploy/error.hpp"
#include "deploy/http_client.hpp"
#include "deploy_capture_server.hpp"

#include <gtest/gtest.h>

namespace hpl::deploy {
namespace {

const Credentials kCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "",
                               "test"};
const SigningScope kScope{"us-east-1", "service"};
constexpr const char* kPrefix =
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";

std::string authorization(const std::string& method, const std::string& path_and_query,
                          std::vector<std::pair<std::string, std::string>> headers,
                          const std::string& body = "") {
  test::CaptureServer server(std::vector<test::CannedResponse>{test::CannedResponse{}});
  HttpClient http;
  OutgoingRequest req;
  req.method = method;
  req.url = server.url() + path_and_query;
  req.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
  for (auto& h : headers) req.headers.push_back(std::move(h));
  req.body = body;
  http.send(req, kScope, kCredentials);
  return server.header(0, "Authorization");
}

TEST(DeploySigV4, GetVanilla) {
  EXPECT_EQ(authorization("GET", "/", {}),
            std::string(kPrefix) +
                "SignedHeaders=host;x-amz-date, Signature="
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(DeploySigV4, PostVanilla) {
  EXPECT_EQ(authorization("POST", "/", {}),
            std::string(kPrefix) +
                "SignedHeaders=host;x-amz-date, Signature="
                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(DeploySigV4, GetVanillaEmptyQueryKey) {
  EXPECT_EQ(authorization("GET", "/?Param1=value1", {}),
            std::string(kPrefix) +
                "SignedHeaders=host;x-amz-date, Signature="
                "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb");
}

TEST(DeploySigV4, GetVanillaQuery) {
  // hpctl sends query strings already in canonical (sorted) order.
  EXPECT_EQ(authorization("GET", "/?Param1=value1&Param2=value2", {}),
            std::string(kPrefix) +
                "SignedHeaders=host;x-amz-date, Signature="
                "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(DeploySigV4, PostXWwwFormUrlencoded) {
  EXPECT_EQ(authorization("POST", "/", {{"Content-Type", "application/x-www-form-urlencoded"}},
                          "Param1=value1"),
            std::string(kPrefix) +
                "SignedHeaders=content-type;host;x-amz-date, Signature="
                "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
}

TEST(DeploySigV4, SessionTokenIsSentAndSigned) {
  test::CaptureServer server(std::vector<test::CannedResponse>{test::CannedResponse{}});
  HttpClient http;
  OutgoingRequest req;
  req.method = "GET";
  req.url = server.url() + "/";
  Credentials temporary = kCredentials;
  temporary.session_token = "TOKEN";
  http.send(req, kScope, temporary);
  EXPECT_EQ(server.header(0, "X-Amz-Security-Token"), "TOKEN");
  EXPECT_NE(server.header(0, "Authorization").find("x-amz-security-token"), std::string::npos);
}

TEST(DeploySigV4, RefusedConnectionIsATransportError) {
  HttpClient http;
  OutgoingRequest req;
  req.url = "http://127.0.0.1:1/";
  try {
    http.send(req, kScope, kCredentials);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Transport);
  }
}

}  // namespace
}  // namespace hpl::deploy
