#pragma once

#include "services/service.hpp"

namespace hpl::eks {

class Eks : public Service {
 public:
  explicit Eks(Emulator& emu) : Service(emu) {}
  std::string_view name() const override { return "eks"; }
  void register_operations(aws::OperationTable&) override {}
  void load() override {}
  void reset() override {}
};

}  // namespace hpl::eks
