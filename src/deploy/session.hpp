// What the commands share while they run (commands.cpp, status.cpp).
#pragma once

#include "deploy/commands.hpp"
#include "deploy/engine.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace hpl::deploy {

struct Session {
  std::unique_ptr<Stack> stack;
  Findings findings;
  std::unique_ptr<AwsClient> aws;
  std::unique_ptr<Progress> progress;
  std::unique_ptr<Context> ctx;
  std::vector<std::unique_ptr<Resource>> resources;
};

inline bool json_out(const CommandOptions& o) {
  return o.format == OutputFormat::Json;
}

// Loads and validates the stack; an invalid one is reported and ends the command (exit 3).
std::optional<int> load(const CommandOptions& o, Session& s, std::ostream& out, std::ostream& err);
// Resolves credentials, region and endpoint and checks them with STS GetCallerIdentity.
void connect(const CommandOptions& o, Session& s, std::ostream& err);

}  // namespace hpl::deploy
