// EKS's error names (restJson1: x-amzn-ErrorType plus a "message" body member).
#pragma once

#include "aws/error.hpp"

#include <string>

namespace hpl::eks::errors {

inline aws::ApiError invalid_parameter(std::string message, std::string_view cluster = {}) {
  aws::ApiError e("InvalidParameterException", 400, std::move(message));
  if (!cluster.empty()) e.with("clusterName", cluster);
  return e;
}
inline aws::ApiError resource_in_use(std::string message, std::string_view cluster = {}) {
  aws::ApiError e("ResourceInUseException", 409, std::move(message));
  if (!cluster.empty()) e.with("clusterName", cluster);
  return e;
}
inline aws::ApiError resource_not_found(std::string message, std::string_view cluster = {}) {
  aws::ApiError e("ResourceNotFoundException", 404, std::move(message));
  if (!cluster.empty()) e.with("clusterName", cluster);
  return e;
}
inline aws::ApiError cluster_not_found(std::string_view cluster) {
  return resource_not_found("No cluster found for name: " + std::string(cluster) + ".", cluster);
}

}  // namespace hpl::eks::errors
