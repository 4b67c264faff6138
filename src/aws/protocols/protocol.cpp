#include "aws/protocols/protocols_impl.hpp"

#include "model/validator.hpp"

namespace hpl::aws {

std::unique_ptr<Protocol> make_protocol(const model::ServiceModel& model) {
  const std::string& p = model.protocol();
  if (p == "json") return std::make_unique<JsonRpcProtocol>(model);
  if (p == "rest-json") return std::make_unique<RestJsonProtocol>(model);
  if (p == "rest-xml") return std::make_unique<RestXmlProtocol>(model);
  if (p == "ec2") return std::make_unique<QueryProtocol>(model, model::QueryFlavor::Ec2);
  return std::make_unique<QueryProtocol>(model, model::QueryFlavor::Query);
}

void validate_input(const model::ServiceModel& model, const model::Operation& op,
                    const boost::json::object& input) {
  if (!op.input) return;
  auto failures = model::validate(*op.input, input);
  if (failures.empty()) return;
  // EC2 names a missing parameter rather than listing constraint failures.
  if (model.service() == "ec2" && failures.front().constraint == "Member must not be null") {
    throw ApiError("MissingParameter", 400,
                   "The request must contain the parameter " + failures.front().path);
  }
  throw model::validation_error(model.service(), model::validation_message(failures));
}

}  // namespace hpl::aws
