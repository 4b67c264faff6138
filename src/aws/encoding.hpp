// Encodings AWS responses use: base64 (pagination tokens, certificate data), MD5 (S3 ETags).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hpl::aws {

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
std::string md5_hex(std::string_view bytes);
std::string sha256_hex(std::string_view bytes);

}  // namespace hpl::aws
