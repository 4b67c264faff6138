// The certificate authority an EKS cluster shows in certificateAuthority.data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace hpl::eks {

// A self-signed X.509 CA certificate (Ed25519, subject CN=kubernetes, ten years from
// `not_before_s`), as base64 of its PEM, the way EKS returns it. `seed_hex` (64 hex digits)
// is the private key, so the same seed always gives the same certificate: a run stays
// determined by the emulator's seed. Throws std::runtime_error if OpenSSL fails.
std::string ca_certificate_data(std::string_view seed_hex, std::int64_t not_before_s);

}  // namespace hpl::eks
