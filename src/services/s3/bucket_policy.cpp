// S3 bucket policies: stored with the bucket, evaluated by --auth iam beside the caller's
// identity policies.
#include "services/common.hpp"
#include "services/emulator.hpp"
#include "services/s3/s3.hpp"

namespace hpl::s3 {

namespace json = boost::json;

// --- PutBucketPolicy -------------------------------------------------------------------------
json::object S3::put_bucket_policy(aws::Call&, json::object& in) {
  Bucket& b = bucket_or_throw(svc::str(in, "Bucket"));
  std::string policy = svc::str(in, "Policy");
  json::error_code ec;
  auto doc = json::parse(policy, ec);
  if (ec || !doc.is_object()) {
    throw aws::ApiError("MalformedPolicy", 400,
                        "Policies must be valid JSON and the first byte must be '{'");
  }
  if (!doc.as_object().contains("Statement")) {
    throw aws::ApiError("MalformedPolicy", 400, "Missing required field Statement");
  }
  b.policy = policy;
  save_bucket(b);
  return {};
}

// --- GetBucketPolicy -------------------------------------------------------------------------
json::object S3::get_bucket_policy(aws::Call&, json::object& in) {
  Bucket& b = bucket_or_throw(svc::str(in, "Bucket"));
  if (b.policy.empty()) {
    throw aws::ApiError("NoSuchBucketPolicy", 404, "The bucket policy does not exist")
        .with("BucketName", b.name);
  }
  return {{"Policy", b.policy}};
}

// --- DeleteBucketPolicy ----------------------------------------------------------------------
json::object S3::delete_bucket_policy(aws::Call&, json::object& in) {
  Bucket& b = bucket_or_throw(svc::str(in, "Bucket"));
  b.policy.clear();
  save_bucket(b);
  return {};
}

}  // namespace hpl::s3
