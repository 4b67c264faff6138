#include "fuzz_common.hpp"

#include "aws/protocols/protocol.hpp"
#include "server/http_server.hpp"
#include "services/emulator.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <typeinfo>

namespace hpl::fuzz {

Emulator& emulator() {
  static Emulator* emu = [] {
    spdlog::set_level(spdlog::level::off);
    Config config;
    config.ephemeral = true;
    config.clock = sim::ClockMode::Instant;
    return new Emulator(config);  // lives as long as the process
  }();
  return *emu;
}

static std::string_view next_line(std::string_view& text) {
  auto nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

aws::HttpRequest read_request(std::string_view text) {
  std::string_view request_line = next_line(text);
  auto space = request_line.find(' ');
  std::string method(request_line.substr(0, space));
  std::string_view target =
      space == std::string_view::npos ? std::string_view("/") : request_line.substr(space + 1);
  if (auto version = target.rfind(" HTTP/"); version != std::string_view::npos) {
    target = target.substr(0, version);
  }
  aws::Headers headers;
  while (!text.empty()) {
    std::string_view line = next_line(text);
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    headers[std::string(line.substr(0, colon))] = std::string(value);
  }
  return make_request(std::move(method), target, std::move(headers), std::string(text));
}

namespace {

// A service's codec and a dispatch table that knows every modeled operation but does nothing.
struct Decoder {
  std::unique_ptr<aws::Protocol> protocol;
  aws::OperationTable table;
};

const Decoder& decoder_for(std::string_view service) {
  static std::map<std::string, Decoder, std::less<>> decoders;
  auto it = decoders.find(service);
  if (it != decoders.end()) return it->second;
  const auto& model = model::ServiceModel::get(service);
  Decoder d{aws::make_protocol(model), {}};
  for (const auto& [name, op] : model.operations()) {
    d.table[name] = [](aws::Call&, boost::json::object&) { return boost::json::object{}; };
  }
  return decoders.emplace(std::string(service), std::move(d)).first->second;
}

}  // namespace

void decode(std::string_view service, const aws::HttpRequest& request) {
  const Decoder& d = decoder_for(service);
  aws::Call call{emulator(),
                 request,
                 std::string(service),
                 "",
                 "us-west-2",
                 "123456789012",
                 "00000000-0000-0000-0000-000000000000",
                 0,
                 {}};
  try {
    d.protocol->handle(call, d.table);
  } catch (const aws::ApiError& e) {
    d.protocol->error(e, call);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s decoder threw %s: %s\n", std::string(service).c_str(),
                 typeid(e).name(), e.what());
    std::abort();
  }
}

}  // namespace hpl::fuzz
