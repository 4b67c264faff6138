// The generic validator against the real SageMaker, EKS and IAM models.
#include "model/validator.hpp"

#include <gtest/gtest.h>

#include <set>

namespace hpl::model {
namespace {

namespace json = boost::json;

std::string message_for(std::string_view service, std::string_view op, json::object in) {
  const auto& m = ServiceModel::get(service);
  return validation_message(validate(*m.operation(op)->input, in));
}

TEST(Validator, EveryModelPatternIsEnforceable) {
  for (const char* service : {"sagemaker", "eks", "iam", "sts", "ec2", "s3"}) {
    const auto& m = ServiceModel::get(service);
    for (const auto& [name, op] : m.operations()) {
      std::vector<const Shape*> todo{op.input, op.output};
      std::set<const Shape*> seen;
      while (!todo.empty()) {
        const Shape* s = todo.back();
        todo.pop_back();
        if (!s || !seen.insert(s).second) continue;
        if (!s->pattern.empty()) {
          EXPECT_TRUE(pattern_supported(s->pattern))
              << service << " " << s->name << " " << s->pattern;
        }
        for (const auto& mem : s->members) todo.push_back(mem.shape);
        todo.push_back(s->member.shape);
        todo.push_back(s->key.shape);
        todo.push_back(s->value.shape);
      }
    }
  }
}

TEST(Validator, ReportsEnumsInCoralForm) {
  json::object in{{"ClusterName", "c"}, {"AutoScaling", json::object{{"Mode", "Enabled"}}}};
  EXPECT_EQ(message_for("sagemaker", "CreateCluster", in),
            "1 validation error detected: Value 'Enabled' at 'autoScaling.mode' failed to "
            "satisfy constraint: Member must satisfy enum value set: [Enable, Disable]");
}

TEST(Validator, NumbersListsAndPatternsJoinedBySemicolons) {
  json::object group{{"InstanceGroupName", "bad_name"},
                     {"InstanceCount", 7000},
                     {"ExecutionRole", "arn:aws:iam::123456789012:role/r"}};
  json::object in{{"ClusterName", "ok"}, {"InstanceGroups", json::array{group}}};
  std::string msg = message_for("sagemaker", "CreateCluster", in);
  EXPECT_EQ(msg.rfind("2 validation errors detected: ", 0), 0u) << msg;
  EXPECT_NE(msg.find("Value '7000' at 'instanceGroups.1.member.instanceCount' failed to satisfy "
                     "constraint: Member must have value less than or equal to 6758"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("Value 'bad_name' at 'instanceGroups.1.member.instanceGroupName' failed to "
                     "satisfy constraint: Member must satisfy regular expression pattern: "
                     "[a-zA-Z0-9](-*[a-zA-Z0-9])*"),
            std::string::npos)
      << msg;
}

TEST(Validator, MissingRequiredMemberIsNull) {
  EXPECT_EQ(message_for("iam", "GetRole", json::object{}),
            "1 validation error detected: Value null at 'roleName' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(Validator, UnknownMembersAreDropped) {
  const auto& m = ServiceModel::get("sagemaker");
  json::object in{
      {"ClusterName", "c"},
      {"Orchestrator",
       json::object{
           {"Eks", json::object{{"ClusterArn", "arn:aws:eks:us-west-2:123456789012:cluster/e"},
                                {"KubernetesConfig", json::object{}}}}}},
      {"Bogus", 1}};
  EXPECT_TRUE(validate(*m.operation("CreateCluster")->input, in).empty());
  EXPECT_FALSE(in.contains("Bogus"));
  EXPECT_FALSE(in.at("Orchestrator").at("Eks").as_object().contains("KubernetesConfig"));
}

TEST(Validator, WrongTypeIsASerializationError) {
  const auto& m = ServiceModel::get("sagemaker");
  json::object in{{"ClusterName", 5}};
  try {
    validate(*m.operation("DescribeCluster")->input, in);
    FAIL() << "no error";
  } catch (const aws::ApiError& e) {
    EXPECT_EQ(e.code(), "SerializationException");
  }
}

TEST(Validator, JavaUnicodeEscapesBecomeRe2) {
  EXPECT_EQ(java_pattern_to_re2("[\\u0020-\\u00FF]+"), "[\\x{0020}-\\x{00FF}]+");
  EXPECT_EQ(java_pattern_to_re2("a\\.b"), "a\\.b");
}

TEST(Validator, NotBlankLookaheadIsHandledExplicitly) {
  EXPECT_TRUE(pattern_supported("(?!\\s*$).+"));
}

}  // namespace
}  // namespace hpl::model
