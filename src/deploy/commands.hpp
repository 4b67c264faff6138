// The hpctl commands behind the command line: validate, plan, apply, destroy and status.
// Each returns the process exit code (error.hpp) and writes its result to `out`, as text or
// as one JSON document; progress and warnings go to `err`.
#pragma once

#include "deploy/output.hpp"
#include "deploy/settings.hpp"

#include <chrono>
#include <ostream>
#include <string>

namespace hpl::deploy {

struct CommandOptions {
  std::string file;     // -f, the stack file
  std::string cluster;  // status --cluster NAME
  OutputFormat format = OutputFormat::Text;
  ConnectionOptions connection;
  std::chrono::milliseconds poll_interval{2000};
  std::chrono::seconds timeout{std::chrono::hours(4)};
  bool detailed_exitcode = false;  // plan: exit 5 when there are changes
  bool destroy = false;            // plan --destroy
  bool tty = false;                // draw the live progress view
};

int run_validate(const CommandOptions& options, std::ostream& out, std::ostream& err);
int run_plan(const CommandOptions& options, std::ostream& out, std::ostream& err);
int run_apply(const CommandOptions& options, std::ostream& out, std::ostream& err);
int run_destroy(const CommandOptions& options, std::ostream& out, std::ostream& err);
int run_status(const CommandOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hpl::deploy
