#include "services/s3/s3.hpp"

#include "aws/encoding.hpp"
#include "services/common.hpp"
#include "services/emulator.hpp"

#include <cctype>

namespace hpl::s3 {

namespace json = boost::json;

static aws::ApiError no_such_bucket(std::string_view bucket) {
  return aws::ApiError("NoSuchBucket", 404, "The specified bucket does not exist")
      .with("BucketName", bucket);
}

static std::string blob_key(std::string_view bucket, std::string_view key) {
  return std::string(bucket) + "/" + std::string(key);
}

void S3::register_operations(aws::OperationTable& t) {
  auto bind = [this](auto method) {
    return [this, method](aws::Call& c, json::object& in) { return (this->*method)(c, in); };
  };
  t["CreateBucket"] = bind(&S3::create_bucket);
  t["HeadBucket"] = bind(&S3::head_bucket);
  t["ListBuckets"] = bind(&S3::list_buckets);
  t["DeleteBucket"] = bind(&S3::delete_bucket);
  t["PutObject"] = bind(&S3::put_object);
  t["GetObject"] = bind(&S3::get_object);
  t["HeadObject"] = bind(&S3::head_object);
  t["ListObjectsV2"] = bind(&S3::list_objects_v2);
  t["DeleteObject"] = bind(&S3::delete_object);
  t["CopyObject"] = bind(&S3::copy_object);
  t["PutBucketPolicy"] = bind(&S3::put_bucket_policy);
  t["GetBucketPolicy"] = bind(&S3::get_bucket_policy);
  t["DeleteBucketPolicy"] = bind(&S3::delete_bucket_policy);
}

void S3::load() {
  buckets_.clear();
  for (auto& [key, value] : emu_.store().load("s3.bucket")) {
    const auto& o = value.as_object();
    Bucket b{key,
             svc::str(o, "Region"),
             o.at("CreationDate").to_number<double>(),
             {},
             svc::str(o, "Policy")};
    buckets_[key] = std::move(b);
  }
  for (auto& [key, value] : emu_.store().load("s3.object")) {
    auto slash = key.find('/');
    auto it = buckets_.find(key.substr(0, slash));
    if (it != buckets_.end()) it->second.objects[key.substr(slash + 1)] = {value.as_object()};
  }
}

void S3::reset() {
  buckets_.clear();
}

void S3::save_bucket(const Bucket& b) {
  json::object doc{{"Region", b.region}, {"CreationDate", b.created}};
  if (!b.policy.empty()) doc["Policy"] = b.policy;
  emu_.store().put("s3.bucket", b.name, doc);
}

const Bucket* S3::find_bucket(std::string_view bucket) const {
  auto it = buckets_.find(bucket);
  return it == buckets_.end() ? nullptr : &it->second;
}

std::optional<std::string> S3::object_body(std::string_view bucket, std::string_view key) {
  const Bucket* b = find_bucket(bucket);
  if (!b || !b->objects.count(key)) return std::nullopt;
  return emu_.store().get_blob(blob_key(bucket, key));
}

Bucket& S3::bucket_or_throw(std::string_view bucket) {
  auto it = buckets_.find(bucket);
  if (it == buckets_.end()) throw no_such_bucket(bucket);
  return it->second;
}

// Bucket names: 3-63 characters of lowercase letters, digits, dots and hyphens, starting and
// ending with a letter or digit, and not shaped like an IP address.
static bool valid_bucket_name(std::string_view n) {
  if (n.size() < 3 || n.size() > 63) return false;
  for (char c : n) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-')) {
      return false;
    }
  }
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  if (!alnum(n.front()) || !alnum(n.back())) return false;
  if (n.find("..") != std::string_view::npos) return false;
  int dots = 0;
  bool digits_only = true;
  for (char c : n) {
    if (c == '.')
      ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c)))
      digits_only = false;
  }
  return !(dots == 3 && digits_only);
}

// --- CreateBucket ----------------------------------------------------------------------------
json::object S3::create_bucket(aws::Call& call, json::object& in) {
  std::string name = svc::str(in, "Bucket");
  if (!valid_bucket_name(name)) {
    throw aws::ApiError("InvalidBucketName", 400, "The specified bucket is not valid.")
        .with("BucketName", name);
  }
  std::string constraint;
  if (const auto* config = svc::opt_object(in, "CreateBucketConfiguration")) {
    constraint = svc::str(*config, "LocationConstraint");
  }
  // Outside us-east-1 the location constraint must name the region the request went to.
  if (constraint.empty() && call.region != "us-east-1") {
    throw aws::ApiError("IllegalLocationConstraintException", 400,
                        "The unspecified location constraint is incompatible for the region "
                        "specific endpoint this request was sent to.");
  }
  if (!constraint.empty() && constraint != call.region) {
    throw aws::ApiError("IllegalLocationConstraintException", 400,
                        "The " + constraint +
                            " location constraint is incompatible for the "
                            "region specific endpoint this request was sent to.");
  }
  std::string region = constraint.empty() ? "us-east-1" : constraint;
  if (buckets_.count(name)) {
    // us-east-1 answers a repeated create of one's own bucket with success.
    if (region == "us-east-1") return {{"Location", "/" + name}};
    throw aws::ApiError("BucketAlreadyOwnedByYou", 409,
                        "Your previous request to create the named bucket succeeded and you "
                        "already own it.")
        .with("BucketName", name);
  }
  Bucket b{name, region, aws::epoch_seconds(call.now), {}, {}};
  save_bucket(b);
  buckets_[name] = std::move(b);
  return {
      {"Location", region == "us-east-1" ? "/" + name : "http://" + name + ".s3.amazonaws.com/"}};
}

// --- HeadBucket ------------------------------------------------------------------------------
json::object S3::head_bucket(aws::Call&, json::object& in) {
  Bucket& b = bucket_or_throw(svc::str(in, "Bucket"));
  return {{"BucketRegion", b.region}};
}

// --- ListBuckets -----------------------------------------------------------------------------
json::object S3::list_buckets(aws::Call& call, json::object& in) {
  json::array items;
  std::string prefix = svc::str(in, "Prefix");
  for (const auto& [name, b] : buckets_) {
    if (name.rfind(prefix, 0) != 0) continue;
    items.push_back(
        json::object{{"Name", name}, {"CreationDate", b.created}, {"BucketRegion", b.region}});
  }
  json::object owner{{"DisplayName", "hyperpod-local"}, {"ID", aws::sha256_hex(call.account_id)}};
  return {{"Buckets", std::move(items)}, {"Owner", std::move(owner)}};
}

// --- DeleteBucket ----------------------------------------------------------------------------
json::object S3::delete_bucket(aws::Call&, json::object& in) {
  Bucket& b = bucket_or_throw(svc::str(in, "Bucket"));
  if (!b.objects.empty()) {
    throw aws::ApiError("BucketNotEmpty", 409, "The bucket you tried to delete is not empty")
        .with("BucketName", b.name);
  }
  emu_.store().erase("s3.bucket", b.name);
  buckets_.erase(b.name);
  return {{"__status", 204}};
}

// The Key of a request that writes an object: at most 1,024 bytes.
static std::string new_object_key(const json::object& in) {
  std::string key = svc::str(in, "Key");
  if (key.empty() || key.size() > 1024) {
    throw aws::ApiError("KeyTooLongError", 400, "Your key is too long");
  }
  return key;
}

// --- PutObject -------------------------------------------------------------------------------
json::object S3::put_object(aws::Call& call, json::object& in) {
  Bucket& b = bucket_or_throw(svc::str(in, "Bucket"));
  std::string key = new_object_key(in);
  std::string body = svc::str(in, "Body");
  std::string etag = "\"" + aws::md5_hex(body) + "\"";
  json::object meta{{"ETag", etag},
                    {"Size", static_cast<std::int64_t>(body.size())},
                    {"LastModified", aws::epoch_seconds(call.now)},
                    {"ContentType", svc::str(in, "ContentType", "binary/octet-stream")}};
  if (const auto* m = svc::opt_object(in, "Metadata")) meta["Metadata"] = *m;
  emu_.store().put_blob(blob_key(b.name, key), body);
  emu_.store().put("s3.object", blob_key(b.name, key), meta);
  b.objects[key] = {meta};
  return {{"ETag", etag}};
}

static json::object object_headers(const Object& o) {
  json::object out{{"ETag", o.meta.at("ETag")},
                   {"ContentLength", o.meta.at("Size")},
                   {"LastModified", o.meta.at("LastModified")},
                   {"ContentType", o.meta.at("ContentType")},
                   {"AcceptRanges", "bytes"}};
  if (const auto* m = svc::opt_object(o.meta, "Metadata")) out["Metadata"] = *m;
  return out;
}

static const Object& object_or_throw(const Bucket& b, std::string_view key) {
  auto it = b.objects.find(key);
  if (it == b.objects.end()) {
    throw aws::ApiError("NoSuchKey", 404, "The specified key does not exist.").with("Key", key);
  }
  return it->second;
}

// The bytes a single-range `Range: bytes=...` header asks for, as [first, last], clipped to the
// object; nullopt when S3 ignores the header (a malformed or multi-range value) and returns the
// whole object. A range that starts past the end is 416 InvalidRange.
static std::optional<std::pair<std::int64_t, std::int64_t>> byte_range(std::string_view header,
                                                                       std::size_t size) {
  constexpr std::string_view unit = "bytes=";
  if (header.rfind(unit, 0) != 0) return std::nullopt;
  std::string_view spec = header.substr(unit.size());
  auto dash = spec.find('-');
  if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos) {
    return std::nullopt;
  }
  auto number = [](std::string_view digits) -> std::optional<std::int64_t> {
    if (digits.empty() || digits.size() > 18) return std::nullopt;
    std::int64_t n = 0;
    for (char ch : digits) {
      if (ch < '0' || ch > '9') return std::nullopt;
      n = n * 10 + (ch - '0');
    }
    return n;
  };
  auto n = static_cast<std::int64_t>(size);
  std::string_view head = spec.substr(0, dash), tail = spec.substr(dash + 1);
  auto from = number(head);
  auto to = number(tail);
  if ((!from && !head.empty()) || (!to && !tail.empty()) || (!from && !to)) return std::nullopt;
  std::int64_t first = 0, last = n - 1;
  if (!from) {  // the last `to` bytes
    if (*to == 0)
      throw aws::ApiError("InvalidRange", 416, "The requested range is not satisfiable");
    first = std::max<std::int64_t>(0, n - *to);
  } else {
    first = *from;
    if (to) {
      if (*to < *from) return std::nullopt;
      last = std::min(*to, n - 1);
    }
  }
  if (first >= n) {
    throw aws::ApiError("InvalidRange", 416, "The requested range is not satisfiable")
        .with("RangeRequested", header)
        .with("ActualObjectSize", std::to_string(size));
  }
  return std::pair{first, last};
}

// --- CopyObject ------------------------------------------------------------------------------
json::object S3::copy_object(aws::Call& call, json::object& in) {
  // x-amz-copy-source: "bucket/key" or "/bucket/key", URL-encoded, maybe "?versionId=...".
  std::string source = aws::percent_decode(svc::str(in, "CopySource"), false);
  if (auto q = source.find("?versionId="); q != std::string::npos) source.resize(q);
  if (!source.empty() && source.front() == '/') source.erase(0, 1);
  auto slash = source.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == source.size()) {
    throw aws::ApiError(
        "InvalidArgument", 400,
        "Copy Source must mention the source bucket and key: sourcebucket/sourcekey")
        .with("ArgumentName", std::string_view("x-amz-copy-source"))
        .with("ArgumentValue", svc::str(in, "CopySource"));
  }
  std::string source_bucket = source.substr(0, slash), source_key = source.substr(slash + 1);
  const Object& from = object_or_throw(bucket_or_throw(source_bucket), source_key);
  Bucket& b = bucket_or_throw(svc::str(in, "Bucket"));
  std::string key = new_object_key(in);
  bool replace = svc::str(in, "MetadataDirective", "COPY") == "REPLACE";
  if (source_bucket == b.name && source_key == key && !replace) {
    throw aws::ApiError("InvalidRequest", 400,
                        "This copy request is illegal because it is trying to copy an object to "
                        "itself without changing the object's metadata, storage class, website "
                        "redirect location or encryption attributes.");
  }
  json::object meta = from.meta;
  meta["LastModified"] = aws::epoch_seconds(call.now);
  if (replace) {
    meta["ContentType"] = svc::str(in, "ContentType", "binary/octet-stream");
    meta.erase("Metadata");
    if (const auto* m = svc::opt_object(in, "Metadata")) meta["Metadata"] = *m;
  }
  std::string body = emu_.store().get_blob(blob_key(source_bucket, source_key)).value_or("");
  emu_.store().put_blob(blob_key(b.name, key), body);
  emu_.store().put("s3.object", blob_key(b.name, key), meta);
  b.objects[key] = {meta};
  return {{"CopyObjectResult",
           json::object{{"ETag", meta.at("ETag")}, {"LastModified", meta.at("LastModified")}}}};
}

// --- GetObject -------------------------------------------------------------------------------
json::object S3::get_object(aws::Call&, json::object& in) {
  Bucket& b = bucket_or_throw(svc::str(in, "Bucket"));
  std::string key = svc::str(in, "Key");
  const Object& o = object_or_throw(b, key);
  json::object out = object_headers(o);
  std::string body = emu_.store().get_blob(blob_key(b.name, key)).value_or("");
  if (auto range = svc::opt_str(in, "Range")) {
    if (auto part = byte_range(*range, body.size())) {
      auto [first, last] = *part;
      out["ContentRange"] = "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                            std::to_string(body.size());
      out["ContentLength"] = last - first + 1;
      out["__status"] = 206;
      body = body.substr(first, last - first + 1);
    }
  }
  out["Body"] = std::move(body);
  return out;
}

// --- HeadObject ------------------------------------------------------------------------------
json::object S3::head_object(aws::Call&, json::object& in) {
  Bucket& b = bucket_or_throw(svc::str(in, "Bucket"));
  return object_headers(object_or_throw(b, svc::str(in, "Key")));
}

// --- ListObjectsV2 ---------------------------------------------------------------------------
json::object S3::list_objects_v2(aws::Call&, json::object& in) {
  Bucket& b = bucket_or_throw(svc::str(in, "Bucket"));
  std::string prefix = svc::str(in, "Prefix");
  std::string delimiter = svc::str(in, "Delimiter");
  std::int64_t asked = svc::opt_int(in, "MaxKeys").value_or(1000);
  if (asked < 0 || asked > 2147483647) {
    throw aws::ApiError("InvalidArgument", 400,
                        "Argument maxKeys must be an integer between 0 and 2147483647");
  }
  // S3 never returns more than 1,000 keys a page.
  std::int64_t max_keys = std::min<std::int64_t>(asked, 1000);
  std::string start = svc::str(in, "StartAfter");
  if (auto token = svc::opt_str(in, "ContinuationToken")) {
    start = svc::page_position(
        *token,
        aws::ApiError("InvalidArgument", 400, "The continuation token provided is incorrect"));
  }
  json::array contents, prefixes;
  std::string last_common, last_key;
  std::int64_t count = 0;
  bool truncated = false;
  for (auto it = b.objects.upper_bound(start); it != b.objects.end(); ++it) {
    const std::string& key = it->first;
    if (key.rfind(prefix, 0) != 0) continue;
    std::string common;
    if (!delimiter.empty()) {
      auto d = key.find(delimiter, prefix.size());
      if (d != std::string::npos) common = key.substr(0, d + delimiter.size());
    }
    if (!common.empty() && common == last_common) continue;  // rolled up already
    if (count == max_keys) {
      truncated = max_keys > 0;
      break;
    }
    ++count;
    last_key = common.empty() ? key : common;
    if (!common.empty()) {
      last_common = common;
      prefixes.push_back(json::object{{"Prefix", common}});
      continue;
    }
    contents.push_back(json::object{{"Key", key},
                                    {"LastModified", it->second.meta.at("LastModified")},
                                    {"ETag", it->second.meta.at("ETag")},
                                    {"Size", it->second.meta.at("Size")},
                                    {"StorageClass", "STANDARD"}});
  }
  json::object out{{"Name", b.name},
                   {"Prefix", prefix},
                   {"MaxKeys", max_keys},
                   {"KeyCount", count},
                   {"IsTruncated", truncated}};
  if (!contents.empty()) out["Contents"] = std::move(contents);
  if (!prefixes.empty()) out["CommonPrefixes"] = std::move(prefixes);
  if (!delimiter.empty()) out["Delimiter"] = delimiter;
  if (auto token = svc::opt_str(in, "ContinuationToken")) out["ContinuationToken"] = *token;
  if (auto after = svc::opt_str(in, "StartAfter")) out["StartAfter"] = *after;
  // A rolled-up prefix resumes after every key under it.
  if (truncated)
    out["NextContinuationToken"] = svc::page_token(
        last_key == last_common && !last_common.empty() ? last_common + "\xff" : last_key);
  return out;
}

// --- DeleteObject ----------------------------------------------------------------------------
json::object S3::delete_object(aws::Call&, json::object& in) {
  Bucket& b = bucket_or_throw(svc::str(in, "Bucket"));
  std::string key = svc::str(in, "Key");
  if (b.objects.erase(key)) {
    emu_.store().erase("s3.object", blob_key(b.name, key));
    emu_.store().erase_blob(blob_key(b.name, key));
  }
  return {{"__status", 204}};
}

}  // namespace hpl::s3
