#pragma once

#include "services/service.hpp"

namespace hpl::ec2 {

class Ec2 : public Service {
 public:
  explicit Ec2(Emulator& emu) : Service(emu) {}
  std::string_view name() const override { return "ec2"; }
  void register_operations(aws::OperationTable&) override {}
  void load() override {}
  void reset() override {}
};

}  // namespace hpl::ec2
