// encode_query is decode_query's inverse: what hpctl sends, the emulator reads back as sent.
#include "model/codec.hpp"
#include "model/model.hpp"

#include <gtest/gtest.h>

namespace hpl::model {
namespace {

namespace json = boost::json;

json::object round_trip(std::string_view service, std::string_view operation,
                        const json::object& in, QueryFlavor flavor) {
  const Shape& shape = *ServiceModel::get(service).operation(operation)->input;
  return decode_query(shape, encode_query(shape, in, flavor), flavor);
}

TEST(DeployCodec, IamListsAndNestedStructures) {
  json::object in{{"RoleName", "r"},
                  {"AssumeRolePolicyDocument", "{}"},
                  {"MaxSessionDuration", 3600},
                  {"Tags", json::array{json::object{{"Key", "a"}, {"Value", "1"}},
                                       json::object{{"Key", "b"}, {"Value", "2"}}}}};
  EXPECT_EQ(round_trip("iam", "CreateRole", in, QueryFlavor::Query), in);
  const Shape& shape = *ServiceModel::get("iam").operation("CreateRole")->input;
  auto params = encode_query(shape, in, QueryFlavor::Query);
  EXPECT_NE(std::find(params.begin(), params.end(),
                      std::make_pair(std::string("Tags.member.2.Key"), std::string("b"))),
            params.end());
}

TEST(DeployCodec, Ec2FlattenedListsWithQueryNames) {
  json::object in{{"Filters", json::array{json::object{{"Name", "tag:hpctl:stack"},
                                                       {"Values", json::array{"demo", "other"}}}}}};
  EXPECT_EQ(round_trip("ec2", "DescribeVpcs", in, QueryFlavor::Ec2), in);
  const Shape& shape = *ServiceModel::get("ec2").operation("DescribeVpcs")->input;
  auto params = encode_query(shape, in, QueryFlavor::Ec2);
  EXPECT_NE(std::find(params.begin(), params.end(),
                      std::make_pair(std::string("Filter.1.Value.2"), std::string("other"))),
            params.end());
}

TEST(DeployCodec, Ec2TagSpecifications) {
  json::object in{{"CidrBlock", "10.0.0.0/16"},
                  {"TagSpecifications",
                   json::array{json::object{
                       {"ResourceType", "vpc"},
                       {"Tags", json::array{json::object{{"Key", "Name"}, {"Value", "v"}}}}}}}};
  EXPECT_EQ(round_trip("ec2", "CreateVpc", in, QueryFlavor::Ec2), in);
}

TEST(DeployCodec, EmptyQueryListIsSentAsAnEmptyValue) {
  const Shape& shape = *ServiceModel::get("iam").operation("CreateRole")->input;
  auto params =
      encode_query(shape, {{"RoleName", "r"}, {"Tags", json::array{}}}, QueryFlavor::Query);
  EXPECT_NE(
      std::find(params.begin(), params.end(), std::make_pair(std::string("Tags"), std::string(""))),
      params.end());
}

}  // namespace
}  // namespace hpl::model
