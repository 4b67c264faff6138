#include "model/model.hpp"

#include <stdexcept>

namespace hpl::model {

namespace generated {
extern const std::string_view k_sagemaker_model;
extern const std::string_view k_eks_model;
extern const std::string_view k_iam_model;
extern const std::string_view k_sts_model;
extern const std::string_view k_ec2_model;
extern const std::string_view k_s3_model;
}  // namespace generated

namespace json = boost::json;

const MemberRef* Shape::find_member(std::string_view member_name) const {
  for (const auto& m : members) {
    if (m.name == member_name) return &m;
  }
  return nullptr;
}

static ShapeType parse_type(std::string_view t) {
  if (t == "structure") return ShapeType::Structure;
  if (t == "list") return ShapeType::List;
  if (t == "map") return ShapeType::Map;
  if (t == "integer") return ShapeType::Integer;
  if (t == "long") return ShapeType::Long;
  if (t == "boolean") return ShapeType::Boolean;
  if (t == "timestamp") return ShapeType::Timestamp;
  if (t == "blob") return ShapeType::Blob;
  if (t == "double") return ShapeType::Double;
  if (t == "float") return ShapeType::Float;
  return ShapeType::String;
}

static std::string str(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

static bool flag(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_bool() && it->value().as_bool();
}

static std::optional<double> number(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  return it->value().to_number<double>();
}

ServiceModel::ServiceModel(std::string_view table_json) {
  json::object table = json::parse(table_json).as_object();
  service_ = str(table, "service");
  protocol_ = str(table, "protocol");
  api_version_ = str(table, "apiVersion");
  target_prefix_ = str(table, "targetPrefix");
  xml_namespace_ = str(table, "xmlNamespace");

  const auto& shapes = table.at("shapes").as_object();
  for (const auto& [name, _] : shapes) {
    auto shape = std::make_unique<Shape>();
    shape->name = name;
    shapes_.emplace(std::string(name), std::move(shape));
  }
  auto ref = [&](const json::value& v, std::string_view member_name) {
    const auto& o = v.as_object();
    MemberRef r;
    r.name = member_name;
    r.shape = shape(str(o, "shape"));
    r.location = str(o, "location");
    r.location_name = str(o, "locationName");
    r.query_name = str(o, "queryName");
    r.flattened = flag(o, "flattened");
    r.xml_attribute = flag(o, "xmlAttribute");
    r.streaming = flag(o, "streaming");
    return r;
  };
  for (const auto& [name, value] : shapes) {
    const auto& o = value.as_object();
    Shape& s = *shapes_.at(std::string(name));
    s.type = parse_type(str(o, "type"));
    if (auto it = o.find("members"); it != o.end()) {
      for (const auto& [member_name, member] : it->value().as_object()) {
        s.members.push_back(ref(member, member_name));
      }
    }
    if (auto it = o.find("required"); it != o.end()) {
      for (const auto& r : it->value().as_array()) s.required.emplace_back(r.as_string());
    }
    if (auto it = o.find("member"); it != o.end()) s.member = ref(it->value(), "member");
    if (auto it = o.find("key"); it != o.end()) s.key = ref(it->value(), "key");
    if (auto it = o.find("value"); it != o.end()) s.value = ref(it->value(), "value");
    s.min = number(o, "min");
    s.max = number(o, "max");
    s.pattern = str(o, "pattern");
    if (auto it = o.find("enum"); it != o.end()) {
      for (const auto& e : it->value().as_array()) s.enum_values.emplace_back(e.as_string());
    }
    s.is_union = flag(o, "union");
    s.flattened = flag(o, "flattened");
    s.timestamp_format = str(o, "timestampFormat");
    s.payload = str(o, "payload");
    s.location_name = str(o, "locationName");
    s.is_error = flag(o, "exception");
    if (auto it = o.find("error"); it != o.end() && it->value().is_object()) {
      const auto& e = it->value().as_object();
      if (auto st = number(e, "httpStatusCode")) s.http_status = static_cast<int>(*st);
      s.error_code = str(e, "code");
      if (auto sf = e.find("senderFault"); sf != e.end()) s.sender_fault = sf->value().as_bool();
    }
    if (flag(o, "fault")) s.sender_fault = false;
  }
  for (const auto& [name, value] : table.at("operations").as_object()) {
    const auto& o = value.as_object();
    Operation op;
    op.name = name;
    op.method = str(o, "method");
    op.uri = str(o, "uri");
    if (auto st = number(o, "status")) op.status = static_cast<int>(*st);
    op.input = shape(str(o, "input"));
    op.output = shape(str(o, "output"));
    op.result_wrapper = str(o, "resultWrapper");
    for (const auto& e : o.at("errors").as_array()) op.errors.push_back(shape(e.as_string()));
    operations_.emplace(std::string(name), std::move(op));
  }
}

const Operation* ServiceModel::operation(std::string_view name) const {
  auto it = operations_.find(name);
  return it == operations_.end() ? nullptr : &it->second;
}

const Shape* ServiceModel::shape(std::string_view name) const {
  if (name.empty()) return nullptr;
  auto it = shapes_.find(name);
  return it == shapes_.end() ? nullptr : it->second.get();
}

const ServiceModel& ServiceModel::get(std::string_view service) {
  static const ServiceModel sagemaker(generated::k_sagemaker_model);
  static const ServiceModel eks(generated::k_eks_model);
  static const ServiceModel iam(generated::k_iam_model);
  static const ServiceModel sts(generated::k_sts_model);
  static const ServiceModel ec2(generated::k_ec2_model);
  static const ServiceModel s3(generated::k_s3_model);
  if (service == "sagemaker") return sagemaker;
  if (service == "eks") return eks;
  if (service == "iam") return iam;
  if (service == "sts") return sts;
  if (service == "ec2") return ec2;
  if (service == "s3") return s3;
  throw std::invalid_argument("no model for service " + std::string(service));
}

}  // namespace hpl::model
