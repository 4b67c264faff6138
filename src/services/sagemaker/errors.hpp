// SageMaker's error names (awsJson1_1). The modeled ones have no "Exception" suffix.
#pragma once

#include "aws/error.hpp"

#include <string>

namespace hpl::sagemaker::errors {

inline aws::ApiError validation(std::string message) {
  return aws::ApiError("ValidationException", 400, std::move(message));
}
inline aws::ApiError resource_not_found(std::string message) {
  return aws::ApiError("ResourceNotFound", 400, std::move(message));
}
inline aws::ApiError resource_in_use(std::string message) {
  return aws::ApiError("ResourceInUse", 400, std::move(message));
}
inline aws::ApiError resource_limit_exceeded(std::string message) {
  return aws::ApiError("ResourceLimitExceeded", 400, std::move(message));
}
inline aws::ApiError conflict(std::string message) {
  return aws::ApiError("ConflictException", 400, std::move(message));
}

}  // namespace hpl::sagemaker::errors
