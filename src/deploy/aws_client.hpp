// A small AWS client driven by the same service models the emulator serves from: requests are
// JSON objects keyed by the model's member names, encoded for each service's wire protocol
// (awsJson1_1, restJson1, awsQuery, ec2Query; S3's REST-XML by hand), signed with SigV4 and
// retried with exponential back-off and full jitter on throttling, 5xx and lost connections.
#pragma once

#include "deploy/http_client.hpp"
#include "deploy/settings.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hpl::deploy {

struct S3Object {
  std::string key;
  std::string etag;  // without quotes; the MD5 hex of a single-part upload
  std::int64_t size = 0;
};

class AwsClient {
 public:
  explicit AwsClient(Settings settings);

  const Settings& settings() const { return settings_; }
  const std::string& region() const { return settings_.region; }

  // Calls `operation` of a model-described service ("sagemaker", "eks", "iam", "sts",
  // "ec2"). Throws Error(Aws) with the service's code and message when it answers an error,
  // Error(Transport) when it cannot be reached after the retries.
  boost::json::object call(std::string_view service, std::string_view operation,
                           const boost::json::object& input = {});

  // The account the credentials belong to (STS GetCallerIdentity, asked once).
  const std::string& account_id();

  // --- S3 (path-style against a custom endpoint, virtual-hosted against AWS) ---
  bool bucket_exists(const std::string& bucket);  // HeadBucket; false on 404
  void create_bucket(const std::string& bucket);  // with the region's LocationConstraint
  void delete_bucket(const std::string& bucket);
  void put_object(const std::string& bucket, const std::string& key, const std::string& body,
                  const std::string& content_type);
  std::vector<S3Object> list_objects(const std::string& bucket, const std::string& prefix);
  void delete_object(const std::string& bucket, const std::string& key);

  // Replaces the sleep between retries (tests).
  void set_sleeper(std::function<void(std::chrono::milliseconds)> sleeper) {
    sleeper_ = std::move(sleeper);
  }

 private:
  struct Target {
    std::string base_url;  // scheme://host[:port], no trailing slash
    SigningScope scope;
  };
  Target target(std::string_view service) const;
  IncomingResponse send(std::string_view service, std::string_view operation,
                        OutgoingRequest request, const SigningScope& scope);
  OutgoingRequest s3_request(const std::string& method, const std::string& bucket,
                             const std::string& key, const std::string& query,
                             SigningScope& scope) const;
  IncomingResponse s3_send(const std::string& operation, const std::string& method,
                           const std::string& bucket, const std::string& key,
                           const std::string& query = "", std::string body = "",
                           const std::string& content_type = "");

  Settings settings_;
  HttpClient http_;
  std::string account_id_;
  std::function<void(std::chrono::milliseconds)> sleeper_;
};

// Whether an AWS error code means "slow down" (retried with back-off).
bool is_throttling_code(std::string_view code);

// Reads an error response of `protocol` ("json", "rest-json", "query", "ec2", "rest-xml"):
// the error code (without any "prefix#" or ":suffix") and message.
std::pair<std::string, std::string> parse_error_body(std::string_view protocol, long status,
                                                     const aws::Headers& headers,
                                                     const std::string& body);

}  // namespace hpl::deploy
