#include "aws/protocols/protocols_impl.hpp"

namespace hpl::aws {

std::unique_ptr<Protocol> make_protocol(const model::ServiceModel& model) {
  const std::string& p = model.protocol();
  if (p == "json") return std::make_unique<JsonRpcProtocol>(model);
  if (p == "rest-json") return std::make_unique<RestJsonProtocol>(model);
  if (p == "rest-xml") return std::make_unique<RestXmlProtocol>(model);
  if (p == "ec2") return std::make_unique<QueryProtocol>(model, model::QueryFlavor::Ec2);
  return std::make_unique<QueryProtocol>(model, model::QueryFlavor::Query);
}

}  // namespace hpl::aws
