// Fuzz target: awsJson1_1 (SageMaker): the X-Amz-Target header and the JSON body.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hpl::fuzz::decode("sagemaker", hpl::fuzz::read_request(hpl::fuzz::as_text(data, size)));
  return 0;
}
