// HTTP over libcurl with AWS Signature Version 4. libcurl signs each request itself
// (CURLOPT_AWS_SIGV4): it hashes the body, adds X-Amz-Date and signs the Host, X-Amz-Date and
// every header we set.
#pragma once

#include "aws/http.hpp"
#include "deploy/settings.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hpl::deploy {

struct OutgoingRequest {
  std::string method = "POST";
  std::string url;  // scheme, host, port, path and an already encoded query string
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct IncomingResponse {
  long status = 0;
  aws::Headers headers;
  std::string body;
};

// The scope a request is signed for: the credential scope is <date>/<region>/<service>.
struct SigningScope {
  std::string region;
  std::string service;  // the signing name: "sagemaker", "eks", "iam", "s3", ...
};

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one signed request on a kept-alive connection. Throws Error(Transport) when no
  // HTTP response arrives (refused connection, DNS failure, timeout).
  IncomingResponse send(const OutgoingRequest& request, const SigningScope& scope,
                        const Credentials& credentials);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hpl::deploy
