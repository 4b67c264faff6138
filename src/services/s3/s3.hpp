// S3: buckets and objects. Object bodies live in the store as blobs keyed by bucket and key;
// nothing a client sends ever becomes a file-system path.
#pragma once

#include "services/service.hpp"

#include <boost/json.hpp>

#include <map>
#include <optional>
#include <string>

namespace hpl::s3 {

struct Object {
  boost::json::object meta;  // ETag, Size, LastModified, ContentType, Metadata
};

struct Bucket {
  std::string name;
  std::string region;
  double created = 0;
  std::map<std::string, Object, std::less<>> objects;
  std::string policy;  // the bucket policy (JSON), empty when none
};

class S3 : public Service {
 public:
  explicit S3(Emulator& emu) : Service(emu) {}

  std::string_view name() const override { return "s3"; }
  void register_operations(aws::OperationTable& table) override;
  void load() override;
  void reset() override;

  const Bucket* find_bucket(std::string_view bucket) const;
  // The object's bytes, or nullopt when the bucket or the key does not exist.
  std::optional<std::string> object_body(std::string_view bucket, std::string_view key);

 private:
  Bucket& bucket_or_throw(std::string_view bucket);
  void save_bucket(const Bucket& bucket);

  boost::json::object create_bucket(aws::Call& call, boost::json::object& in);
  boost::json::object head_bucket(aws::Call& call, boost::json::object& in);
  boost::json::object list_buckets(aws::Call& call, boost::json::object& in);
  boost::json::object delete_bucket(aws::Call& call, boost::json::object& in);
  boost::json::object put_object(aws::Call& call, boost::json::object& in);
  boost::json::object copy_object(aws::Call& call, boost::json::object& in);
  boost::json::object get_object(aws::Call& call, boost::json::object& in);
  boost::json::object head_object(aws::Call& call, boost::json::object& in);
  boost::json::object list_objects_v2(aws::Call& call, boost::json::object& in);
  boost::json::object delete_object(aws::Call& call, boost::json::object& in);
  // bucket_policy.cpp
  boost::json::object put_bucket_policy(aws::Call& call, boost::json::object& in);
  boost::json::object get_bucket_policy(aws::Call& call, boost::json::object& in);
  boost::json::object delete_bucket_policy(aws::Call& call, boost::json::object& in);

  std::map<std::string, Bucket, std::less<>> buckets_;
};

}  // namespace hpl::s3
