// hpctl: deploys a SageMaker HyperPod on EKS stack described in a YAML stack file, against
// AWS or hyperpod-local. docs/hpctl.md describes the commands and exit codes.
#include "deploy/error.hpp"
#include "deploy/output.hpp"
#include "deploy/rules.hpp"
#include "deploy/stack.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace {

using namespace hpl::deploy;

struct Options {
  std::string file;
  std::string output = "text";
};

int run_validate(const Options& o) {
  Findings findings;
  auto stack = load_stack(o.file, findings);
  if (!findings.has_errors()) validate_stack(*stack, findings);
  findings.sort();
  if (o.output == "json") {
    print_json(std::cout, boost::json::object{{"file", o.file},
                                              {"valid", !findings.has_errors()},
                                              {"findings", findings_json(o.file, findings)}});
  } else {
    print_findings(std::cout, o.file, findings);
  }
  return findings.has_errors() ? kExitInvalidStack : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hpctl: deploy SageMaker HyperPod on EKS stacks to AWS or hyperpod-local"};
  app.require_subcommand(1);
  Options o;
  app.add_option("--output,-o", o.output, "Output format")
      ->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  auto* validate = app.add_subcommand("validate", "Check a stack file offline");
  validate->add_option("-f,--file", o.file, "Stack file")->required();
  validate->add_option("--output,-o", o.output, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kExitUsage;
  }
  try {
    if (validate->parsed()) return run_validate(o);
  } catch (const Error& e) {
    std::cerr << "hpctl: " << e.what() << "\n";
    return exit_code(e.kind());
  }
  return kExitOk;
}
