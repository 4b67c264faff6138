// IAM's error names (awsQuery: <ErrorResponse><Error><Code>).
#pragma once

#include "aws/error.hpp"

namespace hpl::iam::errors {

inline aws::ApiError no_such_entity(std::string message) {
  return aws::ApiError("NoSuchEntity", 404, std::move(message));
}
inline aws::ApiError entity_already_exists(std::string message) {
  return aws::ApiError("EntityAlreadyExists", 409, std::move(message));
}
inline aws::ApiError delete_conflict(std::string message) {
  return aws::ApiError("DeleteConflict", 409, std::move(message));
}
inline aws::ApiError malformed_policy_document(std::string message) {
  return aws::ApiError("MalformedPolicyDocument", 400, std::move(message));
}
inline aws::ApiError invalid_input(std::string message) {
  return aws::ApiError("InvalidInput", 400, std::move(message));
}
inline aws::ApiError limit_exceeded(std::string message) {
  return aws::ApiError("LimitExceeded", 409, std::move(message));
}
inline aws::ApiError validation_error(std::string message) {
  return aws::ApiError("ValidationError", 400, std::move(message));
}

}  // namespace hpl::iam::errors
