// Fuzz target: raw bytes as they arrive on the socket, parsed by the server's HTTP reader
// under its limits, then routed and handled by the whole emulator (every service, with its
// state). The state is dropped every few hundred inputs so that it stays small.
#include "fuzz_common.hpp"
#include "server/http_server.hpp"
#include "server/router.hpp"
#include "services/emulator.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static hpl::Router router(hpl::fuzz::emulator());
  static unsigned runs = 0;
  auto request = hpl::parse_http_request(hpl::fuzz::as_text(data, size));
  if (!request) return 0;
  router.handle(*request);
  if (++runs % 256 == 0) hpl::fuzz::emulator().reset();
  return 0;
}
