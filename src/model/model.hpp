// The compact shape tables generated from the botocore service models
// (tools/gen_models.py). They drive every codec: how a query string becomes a request
// object, how a response object becomes XML, where REST members live.
#pragma once

#include <boost/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hpl::model {

enum class ShapeType {
  Structure,
  List,
  Map,
  String,
  Integer,
  Long,
  Boolean,
  Timestamp,
  Blob,
  Double,
  Float
};

struct Shape;

struct MemberRef {
  std::string name;  // the member's name in the model (PascalCase for most services)
  const Shape* shape = nullptr;
  std::string location;       // "", "uri", "querystring", "header", "headers", "statusCode"
  std::string location_name;  // wire name where it differs from `name`
  std::string query_name;     // EC2 query name
  bool flattened = false;
  bool xml_attribute = false;
  bool streaming = false;

  const std::string& wire_name() const { return location_name.empty() ? name : location_name; }
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::String;
  std::vector<MemberRef> members;  // structures
  std::vector<std::string> required;
  MemberRef member, key, value;  // lists (member), maps (key, value)
  std::optional<double> min, max;
  std::string pattern;
  std::vector<std::string> enum_values;
  bool is_union = false;
  bool flattened = false;
  std::string timestamp_format;
  std::string payload;  // member carried as the HTTP body
  std::string location_name;
  bool is_error = false;
  int http_status = 400;
  std::string error_code;  // modeled error code, when it differs from the name
  bool sender_fault = true;

  const MemberRef* find_member(std::string_view member_name) const;
};

struct Operation {
  std::string name;
  std::string method;
  std::string uri;
  int status = 200;
  const Shape* input = nullptr;
  const Shape* output = nullptr;
  std::string result_wrapper;
  std::vector<const Shape*> errors;
};

class ServiceModel {
 public:
  // The model of one of the services we serve ("sagemaker", "eks", "iam", "sts", "ec2", "s3").
  // Parsed once, on first use.
  static const ServiceModel& get(std::string_view service);

  const std::string& service() const { return service_; }
  const std::string& protocol() const { return protocol_; }
  const std::string& api_version() const { return api_version_; }
  const std::string& target_prefix() const { return target_prefix_; }
  const std::string& xml_namespace() const { return xml_namespace_; }
  const Operation* operation(std::string_view name) const;
  const std::map<std::string, Operation, std::less<>>& operations() const { return operations_; }
  const Shape* shape(std::string_view name) const;

  explicit ServiceModel(std::string_view table_json);

 private:
  std::string service_, protocol_, api_version_, target_prefix_, xml_namespace_;
  std::map<std::string, std::unique_ptr<Shape>, std::less<>> shapes_;
  std::map<std::string, Operation, std::less<>> operations_;
};

}  // namespace hpl::model
