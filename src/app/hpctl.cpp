// hpctl: deploys a SageMaker HyperPod on EKS stack described in a YAML stack file, to AWS or
// to hyperpod-local. docs/stack-file.md describes the stack file, the commands and the exit
// codes.
#include "deploy/commands.hpp"
#include "deploy/error.hpp"
#include "deploy/progress.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <iostream>

namespace {

using namespace hpl::deploy;

constexpr const char* kExitCodes =
    "Exit codes: 0 success; 1 AWS error, unreachable endpoint, missing credentials or a change\n"
    "that cannot be made in place; 2 bad command line; 3 invalid stack file; 4 a resource\n"
    "failed or a wait timed out; 5 plan --detailed-exitcode found changes; 130 interrupted\n"
    "(run apply again to resume).";

struct Flags {
  CommandOptions options;
  std::string output = "text";
  double poll_seconds = 2;
  double timeout_minutes = 240;
};

void add_connection(CLI::App* cmd, Flags& f) {
  cmd->add_option("-o,--output", f.output, "Output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--endpoint-url", f.options.connection.endpoint_url,
                  "One endpoint for every service (hyperpod-local); default: AWS_ENDPOINT_URL, "
                  "else the real regional endpoints");
  cmd->add_option("--profile", f.options.connection.profile,
                  "Named profile of ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE)");
  cmd->add_option("--region", f.options.connection.region,
                  "Region; overrides the stack file's `region` and AWS_REGION");
}

void add_waiting(CLI::App* cmd, Flags& f) {
  cmd->add_option("--poll-interval", f.poll_seconds, "Seconds between status polls")
      ->check(CLI::Range(0.05, 600.0))
      ->capture_default_str();
  cmd->add_option("--timeout", f.timeout_minutes, "Minutes to wait for any one resource")
      ->check(CLI::Range(0.01, 1440.0))
      ->capture_default_str();
}

CLI::App* stack_command(CLI::App& app, Flags& f, const std::string& name,
                        const std::string& description, bool connects) {
  auto* cmd = app.add_subcommand(name, description);
  cmd->add_option("-f,--file", f.options.file, "The stack file (YAML)")->required();
  if (connects)
    add_connection(cmd, f);
  else
    cmd->add_option("-o,--output", f.output, "Output format: text or json")
        ->check(CLI::IsMember({"text", "json"}));
  cmd->footer(kExitCodes);
  return cmd;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "hpctl: deploy SageMaker HyperPod on EKS stacks (IAM roles, VPC, lifecycle "
      "scripts, EKS cluster and add-ons, HyperPod cluster) to AWS or hyperpod-local"};
  app.require_subcommand(1);
  app.footer(kExitCodes);
  Flags f;

  auto* validate = stack_command(app, f, "validate",
                                 "Check a stack file offline: shapes, "
                                 "catalogs and cross-resource rules, each finding with "
                                 "file:line:column",
                                 false);
  auto* plan = stack_command(app, f, "plan",
                             "Show what apply would create, update (field by "
                             "field) or delete, from the live services",
                             true);
  plan->add_flag("--detailed-exitcode", f.options.detailed_exitcode,
                 "Exit 5 when there are changes to apply");
  plan->add_flag("--destroy", f.options.destroy, "Show what destroy would delete");
  auto* apply = stack_command(app, f, "apply",
                              "Create and update the stack's resources in "
                              "dependency order and wait until each is ready; idempotent and "
                              "resumable",
                              true);
  add_waiting(apply, f);
  auto* destroy = stack_command(app, f, "destroy",
                                "Delete the stack's resources in reverse "
                                "order and wait until each is gone",
                                true);
  add_waiting(destroy, f);
  auto* status = app.add_subcommand("status",
                                    "Show the stack's resources, instance groups and "
                                    "nodes");
  auto* file = status->add_option("-f,--file", f.options.file, "The stack file (YAML)");
  auto* cluster = status->add_option("--cluster", f.options.cluster,
                                     "A HyperPod cluster name, instead of a stack file");
  file->excludes(cluster);
  add_connection(status, f);
  status->footer(kExitCodes);

  try {
    app.parse(argc, argv);
    if (status->parsed() && f.options.file.empty() && f.options.cluster.empty()) {
      throw CLI::ValidationError("status needs -f STACK_FILE or --cluster NAME");
    }
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  f.options.format = f.output == "json" ? OutputFormat::Json : OutputFormat::Text;
  f.options.poll_interval = std::chrono::milliseconds(static_cast<long>(f.poll_seconds * 1000));
  f.options.timeout = std::chrono::seconds(static_cast<long>(f.timeout_minutes * 60));
  f.options.tty = isatty(STDERR_FILENO) != 0;
  install_interrupt_handlers();
  try {
    if (validate->parsed()) return run_validate(f.options, std::cout, std::cerr);
    if (plan->parsed()) return run_plan(f.options, std::cout, std::cerr);
    if (apply->parsed()) return run_apply(f.options, std::cout, std::cerr);
    if (destroy->parsed()) return run_destroy(f.options, std::cout, std::cerr);
    if (status->parsed()) return run_status(f.options, std::cout, std::cerr);
  } catch (const Error& e) {
    std::cout.flush();
    std::cerr << "hpctl: " << e.what() << "\n";
    if (!e.request_id().empty()) std::cerr << "       (request id " << e.request_id() << ")\n";
    return exit_code(e.kind());
  }
  return kExitOk;
}
