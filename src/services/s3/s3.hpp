#pragma once

#include "services/service.hpp"

namespace hpl::s3 {

class S3 : public Service {
 public:
  explicit S3(Emulator& emu) : Service(emu) {}
  std::string_view name() const override { return "s3"; }
  void register_operations(aws::OperationTable&) override {}
  void load() override {}
  void reset() override {}
};

}  // namespace hpl::s3
