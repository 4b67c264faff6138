// What every AWS service of the emulator provides to the router and to the emulator's
// lifecycle. The domain state lives in the service; handlers are thin wrappers around it.
#pragma once

#include "aws/call.hpp"

#include <string_view>

namespace hpl {

class Emulator;

class Service {
 public:
  explicit Service(Emulator& emu) : emu_(emu) {}
  virtual ~Service() = default;
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // The SigV4 signing name ("iam", "eks", ...), which is also the model's name.
  virtual std::string_view name() const = 0;
  virtual void register_operations(aws::OperationTable& table) = 0;
  // Rebuilds the in-memory state from the store and re-arms pending transitions.
  virtual void load() = 0;
  // Forgets every resource (the store is cleared by the caller), then creates what a new
  // account has from the start (default VPC, managed policies, ...).
  virtual void reset() = 0;
  // Runs after each batch of due transitions (and after each request): a place to fold many
  // node-level changes into one cluster-level update.
  virtual void after_transitions() {}

 protected:
  Emulator& emu_;
};

}  // namespace hpl
