// Fuzz target: the SigV4 Authorization header and the presigned X-Amz-Credential parameter,
// read for the credential scope that names the service and region.
#include "aws/sigv4.hpp"
#include "fuzz_common.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(hpl::fuzz::as_text(data, size));

  hpl::aws::HttpRequest header_signed;
  header_signed.headers["Authorization"] = text;
  hpl::aws::credential_scope(header_signed);

  // The same bytes as a query string ("X-Amz-Credential=...&X-Amz-Signature=...").
  hpl::aws::HttpRequest presigned = hpl::fuzz::read_request("GET /?" + text);
  hpl::aws::credential_scope(presigned);
  return 0;
}
