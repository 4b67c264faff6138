#include "server/admin.hpp"

#include "aws/time.hpp"
#include "catalog/instance_types.hpp"
#include "services/emulator.hpp"
#include "services/sagemaker/sagemaker.hpp"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <cmath>
#include <string>

namespace hpl {

namespace json = boost::json;

static aws::HttpResponse reply(int status, const json::object& body) {
  aws::HttpResponse r;
  r.status = status;
  r.headers["Content-Type"] = "application/json";
  r.body = json::serialize(body);
  return r;
}

static json::object clock_state(Emulator& emu) {
  auto now = emu.clock().now();
  json::object out{{"mode", std::string(sim::to_string(emu.clock().mode()))},
                   {"speed", emu.clock().speed()},
                   {"now", aws::iso8601(now)},
                   {"nowEpochMs", now},
                   {"pendingTransitions", emu.scheduler().pending()}};
  if (auto next = emu.scheduler().next_due()) out["nextTransition"] = aws::iso8601(*next);
  return out;
}

// The instance catalog in effect (compiled in, or as --fleet-config replaced it) and the
// configured capacity pools.
static json::object fleet_catalog(const Emulator& emu) {
  json::array types;
  for (const auto& t : catalog::instance_types()) {
    types.push_back(json::object{{"name", t.name},
                                 {"vcpus", t.vcpus},
                                 {"memoryGiB", t.memory_gib},
                                 {"acceleratorKind", catalog::to_string(t.accelerator_kind)},
                                 {"accelerator", t.accelerator},
                                 {"accelerators", t.accelerators},
                                 {"acceleratorMemoryGiB", t.accelerator_memory_gib},
                                 {"efaInterfaces", t.efa_interfaces},
                                 {"deepHealthChecks", t.deep_health_checks},
                                 {"mig", t.mig},
                                 {"usdPerHour", t.on_demand_usd_per_hour}});
  }
  const Config& config = emu.config();
  json::object pools;
  for (const auto& [key, available] : config.capacity_pools) pools[key] = available;
  return {{"instanceTypes", std::move(types)},
          {"capacity", json::object{{"onDemandDefault", config.default_on_demand_pool},
                                    {"spotDefault", config.default_spot_pool},
                                    {"pools", std::move(pools)}}}};
}

// POST clock/advance takes {"seconds": N} (or "minutes", "hours") in the body or the query.
static aws::EpochMs advance_amount(const aws::HttpRequest& request) {
  double seconds = 0;
  json::object body;
  if (!request.body.empty()) {
    json::error_code ec;
    auto v = json::parse(request.body, ec);
    if (ec || !v.is_object()) throw std::invalid_argument("body is not a JSON object");
    body = v.as_object();
  }
  auto read = [&](std::string_view key, double scale) {
    if (auto it = body.find(key); it != body.end()) {
      if (!it->value().is_number()) {
        throw std::invalid_argument(std::string(key) + " must be a number");
      }
      seconds += it->value().to_number<double>() * scale;
    }
    if (const auto* q = request.query_param(key)) {
      size_t used = 0;
      double value = 0;
      try {
        value = std::stod(*q, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used == 0 || used != q->size()) {
        throw std::invalid_argument(std::string(key) + " must be a number");
      }
      seconds += value * scale;
    }
  };
  read("seconds", 1);
  read("minutes", 60);
  read("hours", 3600);
  // Ten years at a time: enough for any scenario, and timestamps stay in range for clients.
  constexpr double kMaxSeconds = 10.0 * 366 * 24 * 3600;
  if (!std::isfinite(seconds)) throw std::invalid_argument("the amount must be a finite number");
  if (seconds < 0) throw std::invalid_argument("cannot move the clock backwards");
  if (seconds > kMaxSeconds) {
    throw std::invalid_argument("cannot move the clock more than ten years at a time");
  }
  return static_cast<aws::EpochMs>(seconds * 1000.0);
}

aws::HttpResponse handle_admin(Emulator& emu, const aws::HttpRequest& request) {
  std::string_view path = request.path;
  path.remove_prefix(std::string_view("/_hyperpod/").size());
  try {
    if (path == "health" && request.method == "GET") {
      return reply(
          200,
          {{"status", "ok"}, {"accountId", emu.config().account_id}, {"clock", clock_state(emu)}});
    }
    if (path == "clock" && request.method == "GET") return reply(200, clock_state(emu));
    if (path == "catalog" && request.method == "GET") return reply(200, fleet_catalog(emu));
    if (path == "clock/advance" && request.method == "POST") {
      emu.advance(advance_amount(request));
      return reply(200, clock_state(emu));
    }
    if (path == "faults" && request.method == "POST") {
      json::error_code ec;
      auto body = json::parse(request.body, ec);
      if (ec || !body.is_object()) throw std::invalid_argument("body is not a JSON object");
      json::object result = emu.sagemaker().inject_fault(body.as_object());
      emu.settle();
      return reply(200, result);
    }
    if (path == "demand" && request.method == "POST") {
      json::error_code ec;
      auto body = json::parse(request.body, ec);
      if (ec || !body.is_object()) throw std::invalid_argument("body is not a JSON object");
      json::object result = emu.sagemaker().set_demand(body.as_object());
      emu.settle();
      return reply(200, result);
    }
    if (path == "reset" && request.method == "POST") {
      emu.reset();
      spdlog::info("admin=reset");
      return reply(200, {{"status", "reset"}});
    }
  } catch (const std::exception& e) {
    return reply(400, {{"error", "BadRequest"}, {"message", e.what()}});
  }
  return reply(404, {{"error", "NotFound"},
                     {"message", "no admin endpoint " + request.method + " " + request.path}});
}

}  // namespace hpl
