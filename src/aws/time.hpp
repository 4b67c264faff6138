// Timestamps on the wire. Internally every time is milliseconds since the Unix epoch on the
// emulator's virtual clock (sim::Clock); the codecs format them per protocol.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hpl::aws {

using EpochMs = std::int64_t;

std::string iso8601(EpochMs t);          // 2026-12-03T19:24:38.123Z (query, XML bodies)
std::string iso8601_seconds(EpochMs t);  // 2026-12-03T19:24:38Z
std::string rfc822(EpochMs t);           // Thu, 03 Dec 2026 19:24:38 GMT (HTTP headers)
double epoch_seconds(EpochMs t);         // 1764790078.123 (JSON protocols)
std::optional<EpochMs> parse_iso8601(std::string_view text);

}  // namespace hpl::aws
