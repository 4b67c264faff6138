#include "deploy/http_client.hpp"

#include "deploy/error.hpp"

#include <curl/curl.h>

#include <mutex>

namespace hpl::deploy {

namespace {

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<IncomingResponse*>(user);
  std::string_view line(data, size * count);
  // A new status line (after a redirect or 100 Continue) starts a new header block.
  if (line.rfind("HTTP/", 0) == 0) {
    response->headers.clear();
    return size * count;
  }
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
      value.remove_prefix(1);
    }
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) {
      value.remove_suffix(1);
    }
    response->headers[std::string(line.substr(0, colon))] = std::string(value);
  }
  return size * count;
}

struct HeaderList {
  curl_slist* list = nullptr;
  ~HeaderList() { curl_slist_free_all(list); }
  void add(const std::string& line) { list = curl_slist_append(list, line.c_str()); }
};

}  // namespace

struct HttpClient::Impl {
  CURL* curl = nullptr;
};

HttpClient::HttpClient() : impl_(std::make_unique<Impl>()) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->curl = curl_easy_init();
  if (!impl_->curl) throw Error(ErrorKind::Transport, "libcurl could not be initialised");
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(impl_->curl);
}

IncomingResponse HttpClient::send(const OutgoingRequest& request, const SigningScope& scope,
                                  const Credentials& credentials) {
  CURL* curl = impl_->curl;
  curl_easy_reset(curl);
  IncomingResponse response;
  HeaderList headers;
  for (const auto& [k, v] : request.headers) headers.add(k + ": " + v);
  if (!credentials.session_token.empty()) {
    headers.add("X-Amz-Security-Token: " + credentials.session_token);
  }
  // No "Expect:" line to turn off 100-continue: libcurl would sign it as an empty header it
  // never sends, and AWS would reject the signature.

  std::string sigv4 = "aws:amz:" + scope.region + ":" + scope.service;
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl_easy_setopt(curl, CURLOPT_USERNAME, credentials.access_key_id.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, credentials.secret_access_key.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "hpctl/0.1 hyperpod-local");
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    // POSTFIELDS lets libcurl hash the payload for the signature; PUT and DELETE reuse it.
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    if (request.method != "POST") {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  }
  CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) {
    throw Error(ErrorKind::Transport,
                request.method + " " + request.url + ": " + curl_easy_strerror(rc));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace hpl::deploy
