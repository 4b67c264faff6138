// The errors a failed authentication or authorisation gets, per service: the same condition
// has a different code, status and message in each (an unknown key is InvalidClientTokenId for
// IAM and STS, AuthFailure for EC2, UnrecognizedClientException for SageMaker and EKS, and
// InvalidAccessKeyId for S3).
#pragma once

#include "aws/error.hpp"

#include <string>
#include <string_view>

namespace hpl::aws {

enum class AuthFailure {
  Missing,          // no signature at all
  Malformed,        // a signature that cannot be read (detail: what is wrong)
  MalformedQuery,   // the same, in a presigned query string
  UnknownKey,       // no such access key, or an inactive one
  BadSignature,     // the signature does not match
  Skewed,           // X-Amz-Date more than 15 minutes off (detail: the comparison)
  PresignExpired,   // a presigned URL past X-Amz-Expires
  BadToken,         // a session token that does not belong to the key
  ExpiredToken,     // a session token past its expiration
  ContentMismatch,  // S3: x-amz-content-sha256 is not the body's hash
};

// `service` is the signing name ("iam", "s3", ...).
ApiError auth_error(std::string_view service, AuthFailure failure, std::string detail = "");

// The denial of an authorised request. `message` is "User: <arn> is not authorized to perform:
// <action> on resource: <arn> because ...".
ApiError access_denied(std::string_view service, std::string message);

}  // namespace hpl::aws
