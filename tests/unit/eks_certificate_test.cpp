#include "services/eks/certificate.hpp"

#include "aws/encoding.hpp"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <string>

namespace hpl::eks {

namespace {

constexpr std::string_view kSeed =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
constexpr std::int64_t kCreated = 1'764'800'000;  // 2025-12-03T22:13:20Z

X509* parse(const std::string& data) {
  std::string pem = aws::base64_decode(data).value();
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return cert;
}

}  // namespace

TEST(EksCertificate, IsASelfSignedKubernetesCa) {
  X509* cert = parse(ca_certificate_data(kSeed, kCreated));
  ASSERT_NE(cert, nullptr);
  EVP_PKEY* key = X509_get0_pubkey(cert);
  EXPECT_EQ(EVP_PKEY_id(key), EVP_PKEY_ED25519);
  EXPECT_EQ(X509_verify(cert, key), 1);
  EXPECT_EQ(X509_check_ca(cert), 1);
  char cn[64] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
  EXPECT_STREQ(cn, "kubernetes");
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)), 0);
  int days = 0, seconds = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), X509_get0_notAfter(cert)),
            1);
  EXPECT_EQ(days, 3650);
  X509_free(cert);
}

TEST(EksCertificate, TheSeedDeterminesIt) {
  EXPECT_EQ(ca_certificate_data(kSeed, kCreated), ca_certificate_data(kSeed, kCreated));
  std::string other(kSeed);
  other[0] = '8';
  EXPECT_NE(ca_certificate_data(other, kCreated), ca_certificate_data(kSeed, kCreated));
  EXPECT_THROW(ca_certificate_data("abc", kCreated), std::runtime_error);
}

}  // namespace hpl::eks
