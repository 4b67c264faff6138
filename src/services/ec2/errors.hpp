// EC2's error codes (ec2Query: <Response><Errors><Error><Code>). EC2 answers client errors
// with HTTP 400 whatever the code.
#pragma once

#include "aws/error.hpp"

#include <string>

namespace hpl::ec2::errors {

inline aws::ApiError invalid_parameter_value(std::string message) {
  return aws::ApiError("InvalidParameterValue", 400, std::move(message));
}
inline aws::ApiError missing_parameter(std::string message) {
  return aws::ApiError("MissingParameter", 400, std::move(message));
}
inline aws::ApiError vpc_not_found(const std::string& id) {
  return aws::ApiError("InvalidVpcID.NotFound", 400, "The vpc ID '" + id + "' does not exist");
}
inline aws::ApiError subnet_not_found(const std::string& id) {
  return aws::ApiError("InvalidSubnetID.NotFound", 400,
                       "The subnet ID '" + id + "' does not exist");
}
inline aws::ApiError group_not_found(const std::string& id) {
  return aws::ApiError("InvalidGroup.NotFound", 400,
                       "The security group '" + id + "' does not exist");
}
inline aws::ApiError dependency_violation(std::string message) {
  return aws::ApiError("DependencyViolation", 400, std::move(message));
}

}  // namespace hpl::ec2::errors
