#include "aws/protocols/protocols_impl.hpp"

#include "model/validator.hpp"

#include <cctype>

namespace hpl::aws {

std::unique_ptr<Protocol> make_protocol(const model::ServiceModel& model) {
  const std::string& p = model.protocol();
  if (p == "json") return std::make_unique<JsonRpcProtocol>(model);
  if (p == "rest-json") return std::make_unique<RestJsonProtocol>(model);
  if (p == "rest-xml") return std::make_unique<RestXmlProtocol>(model);
  if (p == "ec2") return std::make_unique<QueryProtocol>(model, model::QueryFlavor::Ec2);
  return std::make_unique<QueryProtocol>(model, model::QueryFlavor::Query);
}

// The member a top-level failure path ("groupName") names, by its lowerCamel form.
static const model::MemberRef* top_member(const model::Shape& input, const std::string& path) {
  for (const auto& m : input.members) {
    std::string lower = m.name;
    if (!lower.empty())
      lower[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[0])));
    if (lower == path) return &m;
  }
  return nullptr;
}

// EC2 names a parameter by its XML name: the model's locationName where it has one
// ("GroupDescription"), else the lowerCamel member name ("vpcId").
[[noreturn]] static void ec2_failure(const model::Shape& input, const model::ValidationFailure& f) {
  const model::MemberRef* m = top_member(input, f.path);
  std::string name = m && !m->location_name.empty() ? m->location_name : f.path;
  if (f.constraint == "Member must not be null") {
    throw ApiError("MissingParameter", 400, "The request must contain the parameter " + name);
  }
  throw ApiError("InvalidParameterValue", 400,
                 "Value (" + f.value + ") for parameter " + name + " is invalid.");
}

// S3 does not use the Coral template: each argument has its own code and words.
[[noreturn]] static void s3_failure(const model::ValidationFailure& f) {
  if (f.path == "createBucketConfiguration.locationConstraint") {
    throw ApiError("InvalidLocationConstraint", 400,
                   "The specified location-constraint is not valid");
  }
  if (f.path == "encodingType") {
    throw ApiError("InvalidArgument", 400, "Invalid Encoding Method specified in Request");
  }
  throw ApiError("InvalidArgument", 400, "Invalid argument " + f.path + ": " + f.constraint);
}

void validate_input(const model::ServiceModel& model, const model::Operation& op,
                    boost::json::object& input) {
  if (!op.input) return;
  auto failures = model::validate(*op.input, input);
  if (failures.empty()) return;
  if (model.service() == "ec2") ec2_failure(*op.input, failures.front());
  if (model.service() == "s3") s3_failure(failures.front());
  throw model::validation_error(model.service(), model::validation_message(failures));
}

}  // namespace hpl::aws
