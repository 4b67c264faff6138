// STS: who the caller is. Any credentials are the account's root for now.
#pragma once

#include "services/service.hpp"

namespace hpl::sts {

class Sts : public Service {
 public:
  explicit Sts(Emulator& emu) : Service(emu) {}
  std::string_view name() const override { return "sts"; }
  void register_operations(aws::OperationTable& table) override;
  void load() override {}
  void reset() override {}
};

}  // namespace hpl::sts
