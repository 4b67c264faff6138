// The S3 calls hpctl needs for lifecycle scripts, written out by hand: S3's REST-XML puts the
// bucket in the host (virtual-hosted style) on AWS, and in the path against a custom endpoint
// such as the emulator.
#include "aws/encoding.hpp"
#include "aws/xml.hpp"
#include "deploy/aws_client.hpp"
#include "deploy/error.hpp"

namespace hpl::deploy {

OutgoingRequest AwsClient::s3_request(const std::string& method, const std::string& bucket,
                                      const std::string& key, const std::string& query,
                                      SigningScope& scope) const {
  Target t = target("s3");
  scope = t.scope;
  bool custom = settings_.service_endpoints.count("s3") || !settings_.endpoint_url.empty();
  std::string path = key.empty() ? "/" : "/" + aws::percent_encode(key, true);
  OutgoingRequest req;
  req.method = method;
  if (custom) {
    req.url = t.base_url + "/" + bucket + (key.empty() ? "" : path);
  } else {
    std::string suffix = t.base_url.substr(t.base_url.find("://") + 3);
    req.url = "https://" + bucket + "." + suffix + path;
  }
  if (!query.empty()) req.url += "?" + query;
  return req;
}

IncomingResponse AwsClient::s3_send(const std::string& operation, const std::string& method,
                                    const std::string& bucket, const std::string& key,
                                    const std::string& query, std::string body,
                                    const std::string& content_type) {
  SigningScope scope;
  OutgoingRequest req = s3_request(method, bucket, key, query, scope);
  // S3 wants the payload hash in a header of its own, and signs it.
  req.headers.emplace_back("x-amz-content-sha256", aws::sha256_hex(body));
  if (method != "GET" && method != "HEAD") {
    req.headers.emplace_back("Content-Type",
                             content_type.empty() ? "application/octet-stream" : content_type);
  }
  req.body = std::move(body);
  return send("s3", operation, std::move(req), scope);
}

bool AwsClient::bucket_exists(const std::string& bucket) {
  try {
    s3_send("HeadBucket", "HEAD", bucket, "");
    return true;
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::Aws && e.http_status() == 404) return false;
    if (e.kind() == ErrorKind::Aws && e.http_status() == 403) {
      throw Error(ErrorKind::Aws, "S3 bucket " + bucket +
                                      " exists but these credentials may "
                                      "not use it (HTTP 403); bucket names are global, pick "
                                      "another name");
    }
    throw;
  }
}

void AwsClient::create_bucket(const std::string& bucket) {
  // Outside us-east-1 the bucket's region goes in a CreateBucketConfiguration body.
  std::string body;
  if (settings_.region != "us-east-1") {
    aws::XmlWriter xml;
    xml.open("CreateBucketConfiguration", "http://s3.amazonaws.com/doc/2006-03-01/");
    xml.leaf("LocationConstraint", settings_.region);
    body = xml.finish();
  }
  try {
    s3_send("CreateBucket", "PUT", bucket, "", "", std::move(body), "application/xml");
  } catch (const Error& e) {
    if (e.code() != "BucketAlreadyOwnedByYou") throw;
  }
}

void AwsClient::delete_bucket(const std::string& bucket) {
  s3_send("DeleteBucket", "DELETE", bucket, "");
}

void AwsClient::put_object(const std::string& bucket, const std::string& key,
                           const std::string& body, const std::string& content_type) {
  s3_send("PutObject", "PUT", bucket, key, "", body, content_type);
}

void AwsClient::delete_object(const std::string& bucket, const std::string& key) {
  s3_send("DeleteObject", "DELETE", bucket, key);
}

std::vector<S3Object> AwsClient::list_objects(const std::string& bucket,
                                              const std::string& prefix) {
  std::vector<S3Object> out;
  std::string token;
  do {
    std::string query = "list-type=2&prefix=" + aws::percent_encode(prefix, false);
    if (!token.empty()) {
      query = "continuation-token=" + aws::percent_encode(token, false) + "&" + query;
    }
    auto r = s3_send("ListObjectsV2", "GET", bucket, "", query);
    auto tree = aws::parse_xml(r.body);
    const auto& result = tree.get_child("ListBucketResult");
    for (const auto& [name, node] : result) {
      if (name != "Contents") continue;
      S3Object o;
      o.key = node.get<std::string>("Key", "");
      o.etag = node.get<std::string>("ETag", "");
      if (o.etag.size() >= 2 && o.etag.front() == '"') o.etag = o.etag.substr(1, o.etag.size() - 2);
      o.size = node.get<std::int64_t>("Size", 0);
      out.push_back(std::move(o));
    }
    token = result.get<std::string>("IsTruncated", "false") == "true"
                ? result.get<std::string>("NextContinuationToken", "")
                : "";
  } while (!token.empty());
  return out;
}

}  // namespace hpl::deploy
