// Fuzz target: SigV4 as the server reads it. The input is a request (the protocol targets'
// format); its Authorization header or presigned X-Amz-* query parameters are parsed for the
// claim and the credential scope, and a signed request has its canonical request rebuilt
// and its signature checked under S3's rules and everyone else's. The seeds are signed with
// the secret below (fuzz/make_corpus.py), so verification runs to the end.
#include "aws/sigv4.hpp"
#include "fuzz_common.hpp"

namespace sigv4 = hpl::aws::sigv4;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hpl::aws::HttpRequest request = hpl::fuzz::read_request(hpl::fuzz::as_text(data, size));
  hpl::aws::credential_scope(request);
  sigv4::Parsed parsed = sigv4::parse(request);
  if (parsed.form != sigv4::Form::Signed) return 0;
  for (bool s3 : {false, true}) {
    sigv4::verify(request, parsed.claim, "hyperpod-local-fuzz-secret", s3);
  }
  sigv4::parse_amz_date(parsed.claim.amz_date);
  return 0;
}
