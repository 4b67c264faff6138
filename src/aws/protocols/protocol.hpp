// One codec per AWS wire protocol. Each finds the operation a request names, decodes its
// input with the service model, runs the handler from the service's dispatch table, and
// encodes the output or the error in the protocol's own format.
#pragma once

#include "aws/call.hpp"
#include "aws/error.hpp"
#include "aws/http.hpp"
#include "model/model.hpp"

#include <memory>
#include <string>

namespace hpl::aws {

class Protocol {
 public:
  virtual ~Protocol() = default;

  // Names the operation (sets call.operation) and runs it. Throws ApiError.
  virtual HttpResponse handle(Call& call, const OperationTable& table) = 0;
  virtual HttpResponse error(const ApiError& error, const Call& call) const = 0;
};

std::unique_ptr<Protocol> make_protocol(const model::ServiceModel& model);

}  // namespace hpl::aws
