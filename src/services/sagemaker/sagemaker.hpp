#pragma once

#include "services/service.hpp"

namespace hpl::sagemaker {

class SageMaker : public Service {
 public:
  explicit SageMaker(Emulator& emu) : Service(emu) {}
  std::string_view name() const override { return "sagemaker"; }
  void register_operations(aws::OperationTable&) override {}
  void load() override {}
  void reset() override {}
};

}  // namespace hpl::sagemaker
