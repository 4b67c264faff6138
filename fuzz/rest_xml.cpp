// Fuzz target: restXml (S3): path-style and virtual-hosted paths, query strings, headers and
// XML bodies.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hpl::fuzz::decode("s3", hpl::fuzz::read_request(hpl::fuzz::as_text(data, size)));
  return 0;
}
