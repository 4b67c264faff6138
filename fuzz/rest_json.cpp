// Fuzz target: restJson1 (EKS): REST paths, query strings, headers and the JSON body.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hpl::fuzz::decode("eks", hpl::fuzz::read_request(hpl::fuzz::as_text(data, size)));
  return 0;
}
