// Fuzz target: the model-driven validator. The first byte picks a service, the next two an
// operation of its model; the rest is a JSON request object checked against the operation's
// input shape (as every protocol does after decoding).
#include "model/validator.hpp"
#include "fuzz_common.hpp"
#include "model/model.hpp"

#include <boost/json.hpp>

#include <array>
#include <iterator>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static constexpr std::array<std::string_view, 6> kServices = {"sagemaker", "eks", "iam",
                                                                "sts",       "ec2", "s3"};
  if (size < 3) return 0;
  const auto& model = hpl::model::ServiceModel::get(kServices[data[0] % kServices.size()]);
  const auto& operations = model.operations();
  auto op = operations.begin();
  std::advance(op, ((data[1] << 8) | data[2]) % operations.size());
  if (!op->second.input) return 0;

  boost::json::error_code ec;
  boost::json::value value = boost::json::parse(hpl::fuzz::as_text(data + 3, size - 3), ec);
  if (ec || !value.is_object()) return 0;
  try {
    auto failures = hpl::model::validate(*op->second.input, value.as_object());
    if (!failures.empty()) {
      hpl::model::validation_error(model.service(), hpl::model::validation_message(failures));
    }
  } catch (const hpl::aws::ApiError&) {
    // A member of the wrong JSON type: SerializationException, as the services answer.
  }
  return 0;
}
