// Each authentication failure gets the code and HTTP status the service itself answers with.
#include "aws/auth_errors.hpp"

#include <gtest/gtest.h>

namespace hpl::aws {
namespace {

struct Expected {
  const char* service;
  AuthFailure failure;
  const char* code;
  int status;
};

TEST(SigV4Errors, EachServiceHasItsOwnNames) {
  const Expected cases[] = {
      {"sts", AuthFailure::Missing, "MissingAuthenticationToken", 403},
      {"iam", AuthFailure::UnknownKey, "InvalidClientTokenId", 403},
      {"iam", AuthFailure::BadSignature, "SignatureDoesNotMatch", 403},
      {"sts", AuthFailure::Skewed, "SignatureDoesNotMatch", 403},
      {"sts", AuthFailure::ExpiredToken, "ExpiredToken", 403},
      {"iam", AuthFailure::Malformed, "IncompleteSignature", 400},
      {"ec2", AuthFailure::UnknownKey, "AuthFailure", 401},
      {"ec2", AuthFailure::BadSignature, "AuthFailure", 401},
      {"ec2", AuthFailure::Skewed, "RequestExpired", 400},
      {"sagemaker", AuthFailure::Missing, "MissingAuthenticationTokenException", 400},
      {"sagemaker", AuthFailure::UnknownKey, "UnrecognizedClientException", 400},
      {"sagemaker", AuthFailure::BadSignature, "InvalidSignatureException", 400},
      {"sagemaker", AuthFailure::ExpiredToken, "ExpiredTokenException", 400},
      {"eks", AuthFailure::UnknownKey, "UnrecognizedClientException", 403},
      {"eks", AuthFailure::BadSignature, "InvalidSignatureException", 403},
      {"s3", AuthFailure::Missing, "AccessDenied", 403},
      {"s3", AuthFailure::UnknownKey, "InvalidAccessKeyId", 403},
      {"s3", AuthFailure::BadSignature, "SignatureDoesNotMatch", 403},
      {"s3", AuthFailure::Skewed, "RequestTimeTooSkewed", 403},
      {"s3", AuthFailure::PresignExpired, "AccessDenied", 403},
      {"s3", AuthFailure::BadToken, "InvalidToken", 400},
      {"s3", AuthFailure::ExpiredToken, "ExpiredToken", 400},
      {"s3", AuthFailure::ContentMismatch, "XAmzContentSHA256Mismatch", 400},
      {"s3", AuthFailure::Malformed, "AuthorizationHeaderMalformed", 400},
      {"s3", AuthFailure::MalformedQuery, "AuthorizationQueryParametersError", 400},
  };
  for (const auto& c : cases) {
    ApiError e = auth_error(c.service, c.failure, "detail");
    EXPECT_EQ(e.code(), c.code) << c.service << " " << static_cast<int>(c.failure);
    EXPECT_EQ(e.http_status(), c.status) << c.service << " " << static_cast<int>(c.failure);
    EXPECT_FALSE(e.message().empty());
  }
  EXPECT_EQ(auth_error("s3", AuthFailure::PresignExpired).message(), "Request has expired");
}

TEST(SigV4Errors, Denials) {
  EXPECT_EQ(access_denied("sagemaker", "m").code(), "AccessDeniedException");
  EXPECT_EQ(access_denied("sagemaker", "m").http_status(), 400);
  EXPECT_EQ(access_denied("eks", "m").http_status(), 403);
  EXPECT_EQ(access_denied("iam", "m").code(), "AccessDenied");
  EXPECT_EQ(access_denied("sts", "m").code(), "AccessDenied");
  EXPECT_EQ(access_denied("s3", "m").code(), "AccessDenied");
  ApiError ec2 = access_denied("ec2", "User: x is not authorized");
  EXPECT_EQ(ec2.code(), "UnauthorizedOperation");
  EXPECT_EQ(ec2.message(),
            "You are not authorized to perform this operation. User: x is not "
            "authorized");
}

}  // namespace
}  // namespace hpl::aws
