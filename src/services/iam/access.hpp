// Who may call (--auth sigv4: authentication) and what they may do (--auth iam: authorisation
// with the caller's identity policies).
#pragma once

#include "aws/auth_principal.hpp"
#include "aws/call.hpp"
#include "aws/http.hpp"

#include <boost/json.hpp>

#include <string>

namespace hpl {
class Emulator;
}

namespace hpl::iam {

// Checks the request's SigV4 signature against the root keys, IAM access keys and STS
// session credentials; returns the caller or throws the service's own authentication error.
// An unsigned S3 request is Anonymous under --auth iam (a bucket policy could allow it).
aws::Principal authenticate(Emulator& emu, const aws::HttpRequest& request,
                            std::string_view service);

// The IAM action an operation needs: "sagemaker:DescribeCluster", "s3:ListBucket" (for
// ListObjectsV2), ...
std::string action_name(std::string_view service, std::string_view operation);
// The ARN of what the operation acts on, from its input ("*" when it names nothing).
std::string resource_arn(const aws::Call& call, const boost::json::object& input);

// Throws the service's access-denied error unless the caller's policies allow the operation.
// The account root may do everything.
void authorize(aws::Call& call, const boost::json::object& input);

}  // namespace hpl::iam
