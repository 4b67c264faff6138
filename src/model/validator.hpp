// One generic validator for every operation: the constraints of the botocore model (required
// members, lengths, ranges, patterns, enums, unions) checked against a decoded request, and
// reported in the Coral form the services use:
//   1 validation error detected: Value 'Enabled' at 'autoScaling.mode' failed to satisfy
//   constraint: Member must satisfy enum value set: [Enable, Disable]
#pragma once

#include "aws/error.hpp"
#include "model/model.hpp"

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace hpl::model {

struct ValidationFailure {
  std::string path;        // lowerCamelCase, lists as "instanceGroups.1.member.instanceCount"
  std::string value;       // rendered value, or "null"
  std::string constraint;  // "Member must not be null"
};

// Every constraint `value` breaks. Throws aws::ApiError(SerializationException) when a member
// has the wrong JSON type (a string where a number belongs, ...). Members the model does not
// know are dropped from `value`, as the AWS JSON services ignore them.
std::vector<ValidationFailure> validate(const Shape& input, boost::json::object& value);

// "N validation error(s) detected: ...; ..."
std::string validation_message(const std::vector<ValidationFailure>& failures);

// The error a service answers constraint failures with: ValidationException (SageMaker),
// ValidationError (IAM, STS), InvalidParameterException (EKS), InvalidParameterValue (EC2),
// InvalidArgument (S3).
aws::ApiError validation_error(std::string_view service, std::string message);

// The Java-style model pattern rewritten for RE2 (\uXXXX escapes become \x{XXXX}).
std::string java_pattern_to_re2(std::string_view pattern);
// Whether the validator can enforce a model pattern (RE2 compiles it, or it is handled
// explicitly).
bool pattern_supported(const std::string& pattern);

}  // namespace hpl::model
