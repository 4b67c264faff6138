#include "aws/auth_errors.hpp"

namespace hpl::aws {

namespace {

enum class Family { Query, Ec2, Json, RestJson, S3 };

Family family(std::string_view service) {
  if (service == "s3") return Family::S3;
  if (service == "ec2") return Family::Ec2;
  if (service == "sagemaker") return Family::Json;
  if (service == "eks") return Family::RestJson;
  return Family::Query;
}

constexpr const char* kInvalidToken = "The security token included in the request is invalid.";
constexpr const char* kExpiredToken = "The security token included in the request is expired";
constexpr const char* kEc2Auth = "AWS was not able to validate the provided access credentials";
constexpr const char* kMismatch =
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method. Consult the service documentation for "
    "details.";

ApiError s3_error(AuthFailure failure, std::string detail) {
  switch (failure) {
    case AuthFailure::Missing:
      return ApiError("AccessDenied", 403, "Access Denied");
    case AuthFailure::Malformed:
      return ApiError("AuthorizationHeaderMalformed", 400,
                      "The authorization header is malformed; " + detail);
    case AuthFailure::MalformedQuery:
      return ApiError("AuthorizationQueryParametersError", 400, detail);
    case AuthFailure::UnknownKey:
      return ApiError("InvalidAccessKeyId", 403,
                      "The AWS Access Key Id you provided does not exist in our records.")
          .with("AWSAccessKeyId", detail);
    case AuthFailure::BadSignature:
      return ApiError("SignatureDoesNotMatch", 403,
                      "The request signature we calculated does not match the signature you "
                      "provided. Check your key and signing method.");
    case AuthFailure::Skewed:
      return ApiError("RequestTimeTooSkewed", 403,
                      "The difference between the request time and the current time is too "
                      "large.")
          .with("MaxAllowedSkewMilliseconds", std::string_view("900000"));
    case AuthFailure::PresignExpired:
      return ApiError("AccessDenied", 403, "Request has expired");
    case AuthFailure::BadToken:
      return ApiError("InvalidToken", 400, "The provided token is malformed or otherwise invalid.");
    case AuthFailure::ExpiredToken:
      return ApiError("ExpiredToken", 400, "The provided token has expired.");
    case AuthFailure::ContentMismatch:
      return ApiError("XAmzContentSHA256Mismatch", 400,
                      "The provided 'x-amz-content-sha256' header does not match what was "
                      "computed.");
  }
  return ApiError("AccessDenied", 403, "Access Denied");
}

// SageMaker (awsJson) answers authentication failures with 400, EKS (restJson) with 403.
ApiError json_error(AuthFailure failure, std::string detail, int status) {
  switch (failure) {
    case AuthFailure::Missing:
      return ApiError("MissingAuthenticationTokenException", status,
                      "Missing Authentication Token");
    case AuthFailure::Malformed:
    case AuthFailure::MalformedQuery:
      return ApiError("IncompleteSignatureException", 400, detail);
    case AuthFailure::UnknownKey:
    case AuthFailure::BadToken:
      return ApiError("UnrecognizedClientException", status, kInvalidToken);
    case AuthFailure::BadSignature:
      return ApiError("InvalidSignatureException", status, kMismatch);
    case AuthFailure::Skewed:
    case AuthFailure::PresignExpired:
      return ApiError("InvalidSignatureException", status, detail);
    case AuthFailure::ExpiredToken:
      return ApiError("ExpiredTokenException", status, kExpiredToken);
    case AuthFailure::ContentMismatch:
      return ApiError("InvalidSignatureException", status, kMismatch);
  }
  return ApiError("UnrecognizedClientException", status, kInvalidToken);
}

ApiError query_error(AuthFailure failure, std::string detail) {
  switch (failure) {
    case AuthFailure::Missing:
      return ApiError("MissingAuthenticationToken", 403, "Request is missing Authentication Token");
    case AuthFailure::Malformed:
    case AuthFailure::MalformedQuery:
      return ApiError("IncompleteSignature", 400, detail);
    case AuthFailure::UnknownKey:
    case AuthFailure::BadToken:
      return ApiError("InvalidClientTokenId", 403, kInvalidToken);
    case AuthFailure::BadSignature:
    case AuthFailure::ContentMismatch:
      return ApiError("SignatureDoesNotMatch", 403, kMismatch);
    case AuthFailure::Skewed:
    case AuthFailure::PresignExpired:
      // IAM and STS report a stale signature as a mismatch whose message says why.
      return ApiError("SignatureDoesNotMatch", 403, detail);
    case AuthFailure::ExpiredToken:
      return ApiError("ExpiredToken", 403, kExpiredToken);
  }
  return ApiError("InvalidClientTokenId", 403, kInvalidToken);
}

ApiError ec2_error(AuthFailure failure, std::string detail) {
  switch (failure) {
    case AuthFailure::Missing:
      return ApiError("MissingAuthenticationToken", 401, "Request is missing Authentication Token");
    case AuthFailure::Malformed:
    case AuthFailure::MalformedQuery:
      return ApiError("IncompleteSignature", 400, detail);
    case AuthFailure::Skewed:
    case AuthFailure::PresignExpired:
      return ApiError("RequestExpired", 400, "Request has expired.");
    case AuthFailure::UnknownKey:
    case AuthFailure::BadSignature:
    case AuthFailure::BadToken:
    case AuthFailure::ExpiredToken:
    case AuthFailure::ContentMismatch:
      return ApiError("AuthFailure", 401, kEc2Auth);
  }
  return ApiError("AuthFailure", 401, kEc2Auth);
}

}  // namespace

ApiError auth_error(std::string_view service, AuthFailure failure, std::string detail) {
  switch (family(service)) {
    case Family::S3:
      return s3_error(failure, std::move(detail));
    case Family::Json:
      return json_error(failure, std::move(detail), 400);
    case Family::RestJson:
      return json_error(failure, std::move(detail), 403);
    case Family::Ec2:
      return ec2_error(failure, std::move(detail));
    case Family::Query:
      return query_error(failure, std::move(detail));
  }
  return query_error(failure, std::move(detail));
}

ApiError access_denied(std::string_view service, std::string message) {
  switch (family(service)) {
    case Family::S3:
      return ApiError("AccessDenied", 403, std::move(message));
    case Family::Json:
      return ApiError("AccessDeniedException", 400, std::move(message));
    case Family::RestJson:
      return ApiError("AccessDeniedException", 403, std::move(message));
    case Family::Ec2:
      return ApiError("UnauthorizedOperation", 403,
                      "You are not authorized to perform this operation. " + message);
    case Family::Query:
      return ApiError("AccessDenied", 403, std::move(message));
  }
  return ApiError("AccessDenied", 403, std::move(message));
}

}  // namespace hpl::aws
