// hpctl validate: every mistake of the spec's examples is found at the line and column where
// it is written, with a hint; the shipped examples are clean.
#include "deploy/rules.hpp"
#include "deploy/stack.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace hpl::deploy {
namespace {

namespace fs = std::filesystem;

// A minimal valid stack; tests replace parts of it.
constexpr const char* kStack = R"(stack: t
region: us-west-2
iam:
  roles:
    eks: {roleName: eks-role, trustedServices: [eks.amazonaws.com]}
    exec: {roleName: exec-role, trustedServices: [sagemaker.amazonaws.com]}
network:
  subnetIds: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
  securityGroupIds: [sg-0123456789abcdef0]
eks:
  cluster:
    name: e
    version: '1.33'
    roleArn: ${iam.roles.eks.arn}
    resourcesVpcConfig: {subnetIds: '${network.subnetIds}'}
    accessConfig: {authenticationMode: API_AND_CONFIG_MAP}
hyperpod:
  cluster:
    ClusterName: h
    Orchestrator:
      Eks:
        ClusterArn: ${eks.arn}
    InstanceGroups:
      - InstanceGroupName: g
        InstanceType: ml.p4d.24xlarge
        InstanceCount: 2
        ExecutionRole: ${iam.roles.exec.arn}
    VpcConfig: {Subnets: '${network.subnetIds}', SecurityGroupIds: ['${network.securityGroupId}']}
)";

Findings check(const std::string& text) {
  Findings findings;
  auto stack = parse_stack(text, "stack.yaml", findings);
  if (!findings.has_errors()) validate_stack(*stack, findings);
  return findings;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return text.replace(pos, from.size(), to);
}

const Finding* find(const Findings& f, const std::string& needle) {
  for (const auto& item : f.items()) {
    if (item.message.find(needle) != std::string::npos) return &item;
  }
  return nullptr;
}

TEST(DeployValidate, MinimalStackIsValid) {
  Findings f = check(kStack);
  EXPECT_FALSE(f.has_errors()) << (f.items().empty() ? "" : f.items()[0].message);
}

TEST(DeployValidate, EksVersionThatDoesNotExist) {
  Findings f = check(replace(kStack, "version: '1.33'", "version: '1.3'"));
  const Finding* v = find(f, "unsupported Kubernetes version '1.3'");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->mark.line, 13);
  EXPECT_EQ(v->mark.column, 14);
  EXPECT_NE(v->hint.find("1.30"), std::string::npos);
}

TEST(DeployValidate, EksVersionHyperPodDoesNotSupport) {
  Findings f = check(replace(kStack, "version: '1.33'", "version: '1.34'"));
  const Finding* v = find(f, "does not support Kubernetes 1.34");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->mark.line, 13);
  EXPECT_EQ(v->path, "eks.cluster.version");
}

TEST(DeployValidate, AutoScalingModeEnabled) {
  Findings f = check(replace(kStack, "    ClusterName: h\n",
                             "    ClusterName: h\n    AutoScaling: {AutoScalerType: Karpenter, "
                             "Mode: Enabled}\n"));
  const Finding* v = find(f, "'Enabled' is not an allowed value");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->mark.line, 20);
  EXPECT_EQ(v->path, "hyperpod.cluster.AutoScaling.Mode");
  EXPECT_EQ(v->hint, "did you mean 'Enable'?");
}

TEST(DeployValidate, KubernetesConfigUnderOrchestratorEks) {
  Findings f = check(replace(kStack, "        ClusterArn: ${eks.arn}\n",
                             "        ClusterArn: ${eks.arn}\n        KubernetesConfig:\n"
                             "          Labels: {environment: production}\n"));
  const Finding* v = find(f, "unknown field 'KubernetesConfig'");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->mark.line, 23);
  EXPECT_EQ(v->mark.column, 9);
  EXPECT_NE(v->hint.find("InstanceGroups[].KubernetesConfig"), std::string::npos);
}

TEST(DeployValidate, MigLayoutThatTheGpuDoesNotHave) {
  Findings f = check(replace(kStack, "        InstanceCount: 2\n",
                             "        InstanceCount: 2\n        KubernetesConfig:\n"
                             "          Labels:\n            nvidia.com/mig.config: "
                             "all-3g.40gb\n"));
  const Finding* v = find(f, "'all-3g.40gb' does not exist on ml.p4d.24xlarge");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->mark.line, 29);
  EXPECT_EQ(v->mark.column, 36);
  EXPECT_NE(v->hint.find("all-1g.5gb"), std::string::npos);
}

TEST(DeployValidate, ModelConstraintsAtTheirPosition) {
  Findings f = check(replace(kStack, "InstanceCount: 2", "InstanceCount: 7000"));
  const Finding* v = find(f, "'7000' must have value less than or equal to 6758");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->mark.line, 26);
  EXPECT_EQ(v->path, "hyperpod.cluster.InstanceGroups[0].InstanceCount");
}

TEST(DeployValidate, WrongTypesAndMissingRequiredMembers) {
  Findings f = check(replace(kStack, "        InstanceCount: 2\n", "        InstanceCount: two\n"));
  ASSERT_NE(find(f, "expected a whole number"), nullptr);
  Findings g = check(replace(kStack, "        InstanceCount: 2\n", ""));
  const Finding* v = find(g, "required field InstanceCount is missing");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->mark.line, 24);  // the group that lacks it
}

TEST(DeployValidate, ConfigMapAuthenticationAndRoleTrust) {
  Findings f = check(
      replace(kStack, "authenticationMode: API_AND_CONFIG_MAP", "authenticationMode: CONFIG_MAP"));
  EXPECT_NE(find(f, "HyperPod needs authentication mode API"), nullptr);
  Findings g = check(replace(kStack, "trustedServices: [sagemaker.amazonaws.com]",
                             "trustedServices: [ec2.amazonaws.com]"));
  EXPECT_NE(find(g, "role exec does not trust sagemaker.amazonaws.com"), nullptr);
}

TEST(DeployValidate, UnknownReferenceAndYamlSyntax) {
  Findings f = check(replace(kStack, "${eks.arn}", "${eks.clusterArn}"));
  EXPECT_NE(find(f, "unknown reference ${eks.clusterArn}"), nullptr);
  Findings g = check("stack: [unclosed\n");
  ASSERT_TRUE(g.has_errors());
  EXPECT_NE(g.items()[0].message.find("not valid YAML"), std::string::npos);
}

TEST(DeployValidate, ShippedExamplesAreClean) {
  // The stack files of examples/, by name: the folder also holds the emulator's
  // fleet-config.yaml, which is not a stack.
  // Tests run from the checkout or from inside its build directory; look upwards for it.
  fs::path examples;
  for (fs::path dir = fs::current_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / "examples" / "hyperpod-eks.yaml")) {
      examples = dir / "examples";
      break;
    }
    if (dir == dir.parent_path()) break;
  }
  ASSERT_FALSE(examples.empty()) << "no examples/ above " << fs::current_path();
  for (const char* name :
       {"hyperpod-eks.yaml", "spot.yaml", "mig.yaml", "karpenter-autoscaling.yaml",
        "restricted-instance-groups.yaml", "s3-mountpoint.yaml"}) {
    Findings findings;
    auto stack = load_stack((examples / name).string(), findings);
    validate_stack(*stack, findings);
    EXPECT_EQ(findings.count(Severity::Error), 0u) << name;
  }
}

}  // namespace
}  // namespace hpl::deploy
