// hpctl's AWS client against canned responses: each protocol's request encoding, error shapes,
// and retries with back-off on throttling and 5xx (and none on client errors).
#include "deploy/aws_client.hpp"
#include "deploy/error.hpp"
#include "deploy_capture_server.hpp"
#include "model/codec.hpp"
#include "model/model.hpp"

#include <gtest/gtest.h>

namespace hpl::deploy {
namespace {

namespace json = boost::json;

struct Fixture {
  explicit Fixture(std::vector<test::CannedResponse> responses) : server(std::move(responses)) {
    Settings s;
    s.region = "us-west-2";
    s.endpoint_url = server.url();
    s.credentials = {"AKID", "SECRET", "", "test"};
    s.max_attempts = 3;
    client = std::make_unique<AwsClient>(s);
    client->set_sleeper([this](std::chrono::milliseconds d) { sleeps.push_back(d); });
  }
  test::CaptureServer server;
  std::unique_ptr<AwsClient> client;
  std::vector<std::chrono::milliseconds> sleeps;
};

TEST(DeployClient, JsonProtocolTargetAndBody) {
  Fixture f({{200, R"({"ClusterArn":"arn:x"})"}});
  auto out = f.client->call("sagemaker", "DeleteCluster", {{"ClusterName", "c"}});
  EXPECT_EQ(out.at("ClusterArn"), "arn:x");
  EXPECT_EQ(f.server.header(0, "X-Amz-Target"), "SageMaker.DeleteCluster");
  EXPECT_NE(f.server.header(0, "Authorization").find("/us-west-2/sagemaker/aws4_request"),
            std::string::npos);
  EXPECT_NE(f.server.requests()[0].find(R"({"ClusterName":"c"})"), std::string::npos);
}

TEST(DeployClient, RestJsonPutsMembersInThePath) {
  Fixture f({{200, R"({"addon":{"addonName":"vpc-cni"}})"}});
  f.client->call("eks", "DescribeAddon", {{"clusterName", "my cluster"}, {"addonName", "vpc-cni"}});
  EXPECT_EQ(f.server.requests()[0].substr(0, 47),
            "GET /clusters/my%20cluster/addons/vpc-cni HTTP/");
}

TEST(DeployClient, QueryProtocolFormAndXmlResult) {
  Fixture f({{200,
              "<GetRoleResponse><GetRoleResult><Role><RoleName>r</RoleName>"
              "<Arn>arn:aws:iam::123456789012:role/r</Arn></Role></GetRoleResult>"
              "</GetRoleResponse>"}});
  auto out = f.client->call("iam", "GetRole", {{"RoleName", "r"}});
  EXPECT_EQ(out.at("Role").at("Arn"), "arn:aws:iam::123456789012:role/r");
  EXPECT_NE(f.server.requests()[0].find("Action=GetRole&RoleName=r&Version=2010-05-08"),
            std::string::npos);
}

TEST(DeployClient, Ec2ListsUseItemElements) {
  Fixture f({{200,
              "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-1</vpcId></item>"
              "<item><vpcId>vpc-2</vpcId></item></vpcSet></DescribeVpcsResponse>"}});
  auto out = f.client->call("ec2", "DescribeVpcs", {});
  ASSERT_EQ(out.at("Vpcs").as_array().size(), 2u);
  EXPECT_EQ(out.at("Vpcs").as_array()[1].at("VpcId"), "vpc-2");
}

TEST(DeployClient, RetriesThrottlingAndServerErrorsWithBackoff) {
  Fixture f({{400, R"({"__type":"ThrottlingException","message":"Rate exceeded"})"},
             {503, ""},
             {200, "{}"}});
  f.client->call("sagemaker", "ListClusters", {});
  EXPECT_EQ(f.server.requests().size(), 3u);
  ASSERT_EQ(f.sleeps.size(), 2u);
  EXPECT_LE(f.sleeps[0].count(), 500);  // full jitter under a cap that doubles
  EXPECT_LE(f.sleeps[1].count(), 1000);
}

TEST(DeployClient, ClientErrorsAreNotRetriedAndKeepTheServiceMessage) {
  Fixture f({{400,
              R"({"__type":"com.amazon.coral.validate#ValidationException",)"
              R"("message":"1 validation error detected"})",
              "x-amzn-RequestId: req-1\r\n"}});
  try {
    f.client->call("sagemaker", "ListClusters", {});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Aws);
    EXPECT_EQ(e.code(), "ValidationException");
    EXPECT_EQ(e.aws_message(), "1 validation error detected");
    EXPECT_EQ(e.request_id(), "req-1");
  }
  EXPECT_EQ(f.server.requests().size(), 1u);
}

TEST(DeployClient, GivesUpAfterMaxAttempts) {
  Fixture f({{500, ""}, {500, ""}, {500, ""}, {200, "{}"}});
  EXPECT_THROW(f.client->call("sagemaker", "ListClusters", {}), Error);
  EXPECT_EQ(f.server.requests().size(), 3u);
}

TEST(DeployClient, ErrorShapesOfEveryProtocol) {
  aws::Headers none;
  EXPECT_EQ(parse_error_body("json", 400, none, R"({"__type":"ResourceNotFound","Message":"m"})"),
            std::make_pair(std::string("ResourceNotFound"), std::string("m")));
  aws::Headers rest{{"x-amzn-ErrorType", "ResourceNotFoundException:http://internal"}};
  EXPECT_EQ(parse_error_body("rest-json", 404, rest, R"({"message":"No cluster found"})").first,
            "ResourceNotFoundException");
  EXPECT_EQ(parse_error_body("query", 404, none,
                             "<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchEntity</Code>"
                             "<Message>gone</Message></Error></ErrorResponse>"),
            std::make_pair(std::string("NoSuchEntity"), std::string("gone")));
  EXPECT_EQ(parse_error_body("ec2", 400, none,
                             "<Response><Errors><Error><Code>DependencyViolation</Code>"
                             "<Message>in use</Message></Error></Errors></Response>")
                .first,
            "DependencyViolation");
  EXPECT_EQ(parse_error_body("rest-xml", 404, none,
                             "<Error><Code>NoSuchBucket</Code><Message>m</Message></Error>")
                .first,
            "NoSuchBucket");
  EXPECT_EQ(parse_error_body("rest-xml", 404, none, "").first, "NotFound");  // HEAD
}

TEST(DeployClient, S3PathStyleWithPayloadHash) {
  Fixture f({{200, ""}});
  f.client->put_object("sagemaker-b", "scripts/on create.sh", "echo hi", "text/x-shellscript");
  EXPECT_EQ(f.server.requests()[0].substr(0, 42), "PUT /sagemaker-b/scripts/on%20create.sh HT");
  // sha256("echo hi")
  EXPECT_EQ(f.server.header(0, "x-amz-content-sha256"),
            "56a79f3b115448072387c2480044bfa2cf8f90e4f5fddd8c943b4e051b81f80b");
  EXPECT_NE(f.server.header(0, "Authorization").find("x-amz-content-sha256"), std::string::npos);
}

}  // namespace
}  // namespace hpl::deploy
