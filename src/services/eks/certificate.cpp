#include "services/eks/certificate.hpp"

#include "aws/encoding.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace hpl::eks {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("CA certificate: ") + what + " failed");
}

std::vector<unsigned char> from_hex(std::string_view hex) {
  auto nibble = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::runtime_error("CA certificate: the seed is not hexadecimal");
  };
  std::vector<unsigned char> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<unsigned char>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
  }
  return out;
}

void add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  Extension ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  check(ext && X509_add_ext(cert, ext.get(), -1) == 1, "an extension");
}

}  // namespace

std::string ca_certificate_data(std::string_view seed_hex, std::int64_t not_before_s) {
  auto seed = from_hex(seed_hex);
  check(seed.size() == 32, "the 32-byte seed");
  Key key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  check(key != nullptr, "the Ed25519 key");

  Cert cert(X509_new());
  check(cert && X509_set_version(cert.get(), 2) == 1, "X509_new");
  // The serial comes from the key, so it is as deterministic as the rest.
  check(ASN1_INTEGER_set_uint64(
            X509_get_serialNumber(cert.get()),
            (std::uint64_t{seed[0]} << 24 | seed[1] << 16 | seed[2] << 8 | seed[3]) + 1) == 1,
        "the serial number");
  constexpr std::int64_t kTenYears = 10LL * 365 * 24 * 3600;
  check(ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(not_before_s)) &&
            ASN1_TIME_set(X509_getm_notAfter(cert.get()),
                          static_cast<time_t>(not_before_s + kTenYears)),
        "the validity");
  X509_NAME* name = X509_get_subject_name(cert.get());
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>("kubernetes"), -1, -1,
                                   0) == 1,
        "the subject");
  check(X509_set_issuer_name(cert.get(), name) == 1, "the issuer");
  check(X509_set_pubkey(cert.get(), key.get()) == 1, "the public key");
  add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment,keyCertSign");
  add_extension(cert.get(), NID_subject_key_identifier, "hash");
  // Ed25519 signs the whole message itself: no digest, and no randomness.
  check(X509_sign(cert.get(), key.get(), nullptr) > 0, "signing");

  Bio bio(BIO_new(BIO_s_mem()));
  check(bio && PEM_write_bio_X509(bio.get(), cert.get()) == 1, "PEM encoding");
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return aws::base64_encode(std::string_view(data, static_cast<size_t>(size)));
}

}  // namespace hpl::eks
