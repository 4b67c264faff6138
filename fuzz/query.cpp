// Fuzz target: awsQuery (IAM, STS) and ec2Query (EC2) forms, in the body or the query string.
// The credential scope names the service, as it does for the router; IAM otherwise.
#include "aws/sigv4.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hpl::aws::HttpRequest request = hpl::fuzz::read_request(hpl::fuzz::as_text(data, size));
  std::string service = "iam";
  if (auto scope = hpl::aws::credential_scope(request)) {
    if (scope->service == "sts" || scope->service == "ec2") service = scope->service;
  }
  hpl::fuzz::decode(service, request);
  return 0;
}
