// Small building blocks: CIDR maths, ARNs, wildcards, pagination tokens, time formats.
#include "aws/arn.hpp"
#include "aws/cidr.hpp"
#include "aws/http.hpp"
#include "aws/time.hpp"
#include "services/common.hpp"
#include "services/iam/policy_eval.hpp"

#include <gtest/gtest.h>

namespace hpl {
namespace {

TEST(Cidr, ParsesAndRejects) {
  auto c = aws::parse_cidr("10.0.0.0/16");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->size(), 65536u);
  EXPECT_TRUE(c->contains(*aws::parse_cidr("10.0.1.0/24")));
  EXPECT_FALSE(c->contains(*aws::parse_cidr("10.1.0.0/24")));
  EXPECT_TRUE(aws::parse_cidr("10.0.0.0/8")->overlaps(*c));
  EXPECT_FALSE(aws::parse_cidr("10.0.0.1/16"));  // host bits set
  EXPECT_FALSE(aws::parse_cidr("10.0.0/16"));
  EXPECT_FALSE(aws::parse_cidr("300.0.0.0/16"));
  EXPECT_FALSE(aws::parse_cidr("10.0.0.0/33"));
}

TEST(Arn, SplitsIntoParts) {
  auto arn = aws::parse_arn("arn:aws:eks:us-west-2:123456789012:cluster/my-cluster");
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->service, "eks");
  EXPECT_EQ(arn->region, "us-west-2");
  EXPECT_EQ(arn->resource, "cluster/my-cluster");
  EXPECT_FALSE(aws::parse_arn("not-an-arn"));
}

TEST(PolicyEvaluation, ExplicitDenyWinsAndConditionsApply) {
  std::string allow = R"({"Statement":[{"Effect":"Allow","Action":"s3:Get*",
      "Resource":"arn:aws:s3:::sagemaker-*",
      "Condition":{"StringEquals":{"aws:ResourceAccount":"${aws:PrincipalAccount}"}}}]})";
  std::string deny = R"({"Statement":{"Effect":"Deny","Action":"s3:*",
      "Resource":"arn:aws:s3:::sagemaker-secret/*"}})";
  iam::RequestContext request{"s3:GetObject",
                              "arn:aws:s3:::sagemaker-x/a.sh",
                              {{"aws:PrincipalAccount", "1"}, {"aws:ResourceAccount", "1"}}};
  EXPECT_EQ(iam::evaluate({allow}, request), iam::Decision::Allow);
  request.keys["aws:ResourceAccount"] = "2";
  EXPECT_EQ(iam::evaluate({allow}, request), iam::Decision::ImplicitDeny);
  request.keys["aws:ResourceAccount"] = "1";
  request.resource = "arn:aws:s3:::sagemaker-secret/a.sh";
  EXPECT_EQ(iam::evaluate({allow, deny}, request), iam::Decision::ExplicitDeny);
  request.resource = "arn:aws:s3:::my-bucket/a.sh";
  EXPECT_EQ(iam::evaluate({allow}, request), iam::Decision::ImplicitDeny);
}

TEST(PolicyEvaluation, WildcardsAreLinear) {
  EXPECT_TRUE(iam::wildcard_match("a*b?d", "axxxbcd", false));
  EXPECT_FALSE(iam::wildcard_match("a*b?d", "axxxbd", false));
  std::string hostile(20000, 'a');
  EXPECT_FALSE(iam::wildcard_match("*a*a*a*a*a*a*b", hostile, false));
}

TEST(PageTokens, RoundTripAndRejectForeignTokens) {
  std::string token = svc::page_token("cluster-7");
  aws::ApiError invalid("InvalidNextToken", 400, "bad");
  EXPECT_EQ(svc::page_position(token, invalid), "cluster-7");
  EXPECT_THROW(svc::page_position("bm90IG91cnM=", invalid), aws::ApiError);
}

TEST(Time, FormatsForEachProtocol) {
  EXPECT_EQ(aws::iso8601(1764790078123), "2025-12-03T19:27:58.123Z");
  EXPECT_EQ(aws::rfc822(1764790078123), "Wed, 03 Dec 2025 19:27:58 GMT");
  EXPECT_EQ(aws::parse_iso8601("2025-12-03T19:27:58.123Z"), 1764790078123);
}

TEST(Http, DecodesQueryStrings) {
  auto q = aws::parse_query_string("a=1&b=x%20y+z&c", true);
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[1].second, "x y z");
  EXPECT_EQ(q[2].first, "c");
  EXPECT_EQ(aws::percent_decode("%zz%41", false), "%zzA");
}

}  // namespace
}  // namespace hpl
