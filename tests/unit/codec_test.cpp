// The model-driven codecs against the real service models.
#include "model/codec.hpp"

#include "aws/error.hpp"

#include <gtest/gtest.h>

namespace hpl::model {
namespace {

namespace json = boost::json;

TEST(QueryCodec, DecodesIamListsAndScalars) {
  const auto& iam = ServiceModel::get("iam");
  const Shape* input = iam.operation("CreateRole")->input;
  json::object in = decode_query(*input,
                                 {{"Action", "CreateRole"},
                                  {"RoleName", "r"},
                                  {"MaxSessionDuration", "7200"},
                                  {"Tags.member.1.Key", "k1"},
                                  {"Tags.member.1.Value", "v1"},
                                  {"Tags.member.2.Key", "k2"},
                                  {"Tags.member.2.Value", "v2"}},
                                 QueryFlavor::Query);
  EXPECT_EQ(in.at("RoleName").as_string(), "r");
  EXPECT_EQ(in.at("MaxSessionDuration").as_int64(), 7200);
  ASSERT_EQ(in.at("Tags").as_array().size(), 2u);
  EXPECT_EQ(in.at("Tags").as_array()[1].as_object().at("Value").as_string(), "v2");
  EXPECT_FALSE(in.contains("Action"));
}

TEST(QueryCodec, DecodesEc2FlattenedListsByQueryName) {
  const auto& ec2 = ServiceModel::get("ec2");
  const Shape* input = ec2.operation("DescribeSubnets")->input;
  json::object in = decode_query(*input,
                                 {{"SubnetId.1", "subnet-1"},
                                  {"SubnetId.2", "subnet-2"},
                                  {"Filter.1.Name", "vpc-id"},
                                  {"Filter.1.Value.1", "vpc-9"}},
                                 QueryFlavor::Ec2);
  ASSERT_EQ(in.at("SubnetIds").as_array().size(), 2u);
  const auto& filter = in.at("Filters").as_array()[0].as_object();
  EXPECT_EQ(filter.at("Name").as_string(), "vpc-id");
  EXPECT_EQ(filter.at("Values").as_array()[0].as_string(), "vpc-9");
}

TEST(QueryCodec, RejectsANumberThatIsNot) {
  const auto& iam = ServiceModel::get("iam");
  const Shape* input = iam.operation("ListRoles")->input;
  EXPECT_THROW(decode_query(*input, {{"MaxItems", "ten"}}, QueryFlavor::Query), aws::ApiError);
}

TEST(XmlCodec, WrapsQueryListsInMemberAndEc2ListsInItem) {
  const auto& iam = ServiceModel::get("iam");
  aws::XmlWriter iam_xml;
  encode_xml_members(iam_xml, *iam.operation("ListRolePolicies")->output,
                     json::object{{"PolicyNames", json::array{"a", "b"}}, {"IsTruncated", false}},
                     XmlFlavor::Query);
  std::string iam_out = iam_xml.finish();
  EXPECT_NE(iam_out.find("<PolicyNames><member>a</member><member>b</member></PolicyNames>"),
            std::string::npos);
  EXPECT_NE(iam_out.find("<IsTruncated>false</IsTruncated>"), std::string::npos);

  const auto& ec2 = ServiceModel::get("ec2");
  aws::XmlWriter ec2_xml;
  encode_xml_members(
      ec2_xml, *ec2.operation("DescribeVpcs")->output,
      json::object{{"Vpcs", json::array{json::object{{"VpcId", "vpc-1"}, {"IsDefault", true}}}}},
      XmlFlavor::Ec2);
  std::string ec2_out = ec2_xml.finish();
  // Members come out in the model's order.
  EXPECT_NE(ec2_out.find("<vpcSet><item><isDefault>true</isDefault><vpcId>vpc-1</vpcId></item>"
                         "</vpcSet>"),
            std::string::npos)
      << ec2_out;
}

TEST(XmlCodec, WritesTimestampsAsIso8601AndEscapes) {
  const auto& s3 = ServiceModel::get("s3");
  aws::XmlWriter xml;
  encode_xml_members(
      xml, *s3.operation("ListObjectsV2")->output,
      json::object{{"Name", "b&c"},
                   {"Contents", json::array{json::object{{"Key", "<k>"}, {"LastModified", 0.5}}}}},
      XmlFlavor::RestXml);
  std::string out = xml.finish();
  EXPECT_NE(out.find("<Name>b&amp;c</Name>"), std::string::npos) << out;
  // Contents is a flattened list: one element per object, no wrapper.
  EXPECT_NE(out.find("<Contents><Key>&lt;k&gt;</Key>"
                     "<LastModified>1970-01-01T00:00:00.500Z</LastModified></Contents>"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace hpl::model
