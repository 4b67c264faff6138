// What the fuzz targets share: a quiet process, one emulator for the whole run, a lenient
// reader for the request files of the seed corpus, and the protocol decoders of one service
// driven with handlers that do nothing.
#pragma once

#include "aws/http.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace hpl {
class Emulator;
}

namespace hpl::fuzz {

// The input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// One in-memory emulator on the instant clock, logging off, built on first use.
Emulator& emulator();

// "METHOD /target\nName: value\n...\n\nbody": the request line, header lines, a blank line and
// the body, which runs to the end of the input (no Content-Length to keep in step, so the
// fuzzer can change the body freely). Lines may end in "\r\n".
aws::HttpRequest read_request(std::string_view text);

// Runs `request` through `service`'s protocol codec (routing, decoding, validation, encoding
// of the answer or of the error) with handlers that answer an empty output. Any exception
// other than aws::ApiError is a finding: a decoder must answer bad input with the service's
// own error, and aborts the run.
void decode(std::string_view service, const aws::HttpRequest& request);

}  // namespace hpl::fuzz
