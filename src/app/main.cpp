// hyperpod-local: the emulator's command line.
#include "app/admin_client.hpp"
#include "app/fleet_config.hpp"
#include "server/http_server.hpp"
#include "services/emulator.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

namespace {

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

int serve(const hpl::Config& config, const std::string& port_file, const hpl::HttpLimits& limits) {
  if (!is_loopback(config.host)) {
    spdlog::warn(
        "listening on {} (--allow-remote): anyone who can reach this address can use the "
        "emulator{}",
        config.host,
        config.auth == hpl::AuthMode::None ? " with any credentials; consider --auth sigv4" : "");
  }
  hpl::Emulator emu(config);
  hpl::HttpServer server(emu, config.host == "localhost" ? "127.0.0.1" : config.host, config.port,
                         limits);
  if (!port_file.empty()) {
    std::ofstream(port_file) << server.port() << "\n";
  }
  spdlog::info("listening=http://{}:{} data_dir={} clock={} speed={} account={}", config.host,
               server.port(), config.ephemeral ? "(ephemeral)" : config.data_dir.string(),
               hpl::sim::to_string(config.clock), emu.clock().speed(), config.account_id);
  server.run();
  emu.store().commit();
  spdlog::info("stopped=true");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hyperpod-local: a local stand-in for Amazon SageMaker HyperPod on Amazon EKS"};
  app.require_subcommand(1);
  app.fallthrough();

  hpl::Config config;
  std::string clock = "fast";
  std::string port_file;
  std::string data_dir = config.data_dir.string();
  auto* serve_cmd = app.add_subcommand("serve", "Serve the AWS APIs on one HTTP port");
  serve_cmd->add_option("--port", config.port, "Port to listen on (0 picks a free one)")
      ->envname("HYPERPOD_LOCAL_PORT")
      ->capture_default_str();
  serve_cmd->add_option("--host", config.host, "Address to listen on")
      ->envname("HYPERPOD_LOCAL_HOST")
      ->capture_default_str();
  serve_cmd
      ->add_flag("--allow-remote", config.allow_remote,
                 "Allow --host to be an address other than loopback")
      ->envname("HYPERPOD_LOCAL_ALLOW_REMOTE");
  std::string auth = "none";
  serve_cmd
      ->add_option("--auth", auth,
                   "none: any credentials; sigv4: a valid signature from a known key; iam: "
                   "sigv4 and the caller's IAM policies")
      ->envname("HYPERPOD_LOCAL_AUTH")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "sigv4", "iam"}));
  serve_cmd
      ->add_option("--root-access-key-id", config.root_access_key_id,
                   "The account root's access key id (--auth sigv4|iam)")
      ->envname("HYPERPOD_LOCAL_ROOT_ACCESS_KEY_ID")
      ->capture_default_str();
  serve_cmd
      ->add_option("--root-secret-access-key", config.root_secret_access_key,
                   "The account root's secret access key")
      ->envname("HYPERPOD_LOCAL_ROOT_SECRET_ACCESS_KEY");
  serve_cmd->add_option("--data-dir", data_dir, "Where the SQLite store lives")
      ->envname("HYPERPOD_LOCAL_DATA_DIR")
      ->capture_default_str();
  serve_cmd->add_flag("--ephemeral", config.ephemeral, "Keep all state in memory; write nothing")
      ->envname("HYPERPOD_LOCAL_EPHEMERAL");
  serve_cmd->add_option("--clock", clock, "realistic | fast | instant | manual")
      ->envname("HYPERPOD_LOCAL_CLOCK")
      ->capture_default_str()
      ->check(CLI::IsMember({"realistic", "fast", "instant", "manual"}));
  serve_cmd
      ->add_option("--clock-speed", config.clock_speed,
                   "Virtual seconds per wall second for the fast clock")
      ->envname("HYPERPOD_LOCAL_CLOCK_SPEED")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve_cmd->add_option("--seed", config.seed, "Seed for ids and the simulation")
      ->envname("HYPERPOD_LOCAL_SEED")
      ->capture_default_str();
  serve_cmd->add_option("--account-id", config.account_id, "The emulated AWS account")
      ->envname("HYPERPOD_LOCAL_ACCOUNT_ID")
      ->capture_default_str()
      ->check([](const std::string& v) {
        return v.size() == 12 && v.find_first_not_of("0123456789") == std::string::npos
                   ? std::string()
                   : std::string("account id must be 12 digits");
      });
  serve_cmd
      ->add_option("--region", config.default_region, "Region for requests that do not name one")
      ->envname("HYPERPOD_LOCAL_REGION")
      ->capture_default_str();
  serve_cmd->add_option("--log-level", config.log_level, "trace | debug | info | warn | error")
      ->envname("HYPERPOD_LOCAL_LOG_LEVEL")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
  serve_cmd->add_option("--port-file", port_file, "Write the bound port to this file");
  std::vector<std::string> quotas;
  serve_cmd
      ->add_option("--quota", quotas,
                   "A service quota, \"<name>=<value>\", e.g. "
                   "\"ml.p5.48xlarge for cluster usage=0\" (repeatable)")
      ->envname("HYPERPOD_LOCAL_QUOTAS")
      ->delimiter(';');

  std::string fleet_config;
  serve_cmd
      ->add_option("--fleet-config", fleet_config,
                   "YAML file with instance-type rows and capacity pools (see "
                   "examples/fleet-config.yaml)")
      ->envname("HYPERPOD_LOCAL_FLEET_CONFIG");
  serve_cmd
      ->add_option("--spot-interruptions-per-hour", config.spot_interruptions_per_hour,
                   "Spot interruptions per running Spot instance and hour (0: none)")
      ->envname("HYPERPOD_LOCAL_SPOT_INTERRUPTIONS")
      ->check(CLI::NonNegativeNumber);

  // What one client may do: connections, timeouts, and the queue beyond which requests are
  // answered with the service's throttling error.
  hpl::HttpLimits limits;
  std::int64_t idle_timeout_s = limits.idle_timeout.count();
  std::int64_t request_timeout_s = limits.request_timeout.count();
  serve_cmd->add_option("--max-connections", limits.max_connections, "Open connections at most")
      ->envname("HYPERPOD_LOCAL_MAX_CONNECTIONS")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve_cmd
      ->add_option("--max-pending-requests", limits.max_pending_requests,
                   "Requests waiting to be handled before the rest are throttled")
      ->envname("HYPERPOD_LOCAL_MAX_PENDING_REQUESTS")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve_cmd
      ->add_option("--idle-timeout", idle_timeout_s,
                   "Seconds a connection may wait between requests")
      ->envname("HYPERPOD_LOCAL_IDLE_TIMEOUT")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  serve_cmd
      ->add_option("--request-timeout", request_timeout_s,
                   "Seconds from a request's first byte to the end of its header")
      ->envname("HYPERPOD_LOCAL_REQUEST_TIMEOUT")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  // Subcommands that talk to a running emulator's admin API.
  std::string endpoint = "http://127.0.0.1:4596";
  std::string admin_method, admin_path, admin_body;
  auto admin = [&](const char* name, const char* help, const char* method, const char* path) {
    auto* cmd = app.add_subcommand(name, help);
    cmd->add_option("--endpoint", endpoint, "The emulator")
        ->envname("HYPERPOD_LOCAL_ENDPOINT")
        ->capture_default_str();
    cmd->callback([&, method, path] {
      admin_method = method;
      admin_path = path;
    });
    return cmd;
  };
  admin("health", "Show whether the emulator is up, and its clock", "GET", "/_hyperpod/health");
  admin("reset", "Drop all state", "POST", "/_hyperpod/reset");
  auto* advance_cmd =
      admin("advance", "Move the manual clock forward", "POST", "/_hyperpod/clock/advance");
  double minutes = 0;
  advance_cmd->add_option("minutes", minutes, "Virtual minutes")->required();
  auto* fault_cmd = admin("fault", "Inject a fault", "POST", "/_hyperpod/faults");
  std::string fault_type, cluster, node, zone, instance_type, capacity_type = "OnDemand";
  std::string region = "us-west-2";
  std::int64_t available = 0;
  fault_cmd
      ->add_option("type", fault_type,
                   "gpu-failure | nvlink-failure | efa-failure | health-check-failure | "
                   "spot-interruption | stuck | capacity")
      ->required();
  fault_cmd->add_option("--cluster", cluster, "HyperPod cluster name or ARN");
  fault_cmd->add_option("--node", node, "Instance id (i-...)");
  fault_cmd->add_option("--region", region)->capture_default_str();
  fault_cmd->add_option("--zone", zone, "Availability zone (capacity)");
  fault_cmd->add_option("--instance-type", instance_type, "ml.* type (capacity)");
  fault_cmd->add_option("--capacity-type", capacity_type, "OnDemand | Spot (capacity)");
  fault_cmd->add_option("--available", available, "Instances the pool can still hold");
  auto* demand_cmd = admin("demand", "Set the demand Karpenter sees for an instance group", "POST",
                           "/_hyperpod/demand");
  std::string group;
  std::int64_t accelerators = 0;
  demand_cmd->add_option("--cluster", cluster)->required();
  demand_cmd->add_option("--group", group)->required();
  demand_cmd->add_option("--accelerators", accelerators, "Pending accelerators")->required();
  demand_cmd->add_option("--region", region)->capture_default_str();

  CLI11_PARSE(app, argc, argv);

  if (!admin_path.empty()) {
    boost::json::object body;
    if (*advance_cmd) body = {{"minutes", minutes}};
    if (*fault_cmd) {
      body = {{"type", fault_type},
              {"region", region},
              {"cluster", cluster},
              {"nodeId", node},
              {"availabilityZone", zone},
              {"instanceType", instance_type},
              {"capacityType", capacity_type},
              {"available", available}};
    }
    if (*demand_cmd) {
      body = {{"cluster", cluster},
              {"instanceGroup", group},
              {"pendingAccelerators", accelerators},
              {"region", region}};
    }
    try {
      auto reply =
          hpl::app::admin_request(endpoint, admin_method, admin_path,
                                  admin_method == "GET" ? "" : boost::json::serialize(body));
      std::cout << reply.body << "\n";
      return reply.status == 200 ? 0 : 1;
    } catch (const std::exception& e) {
      std::cerr << e.what() << "\n";
      return 2;
    }
  }

  spdlog::set_default_logger(spdlog::stdout_logger_st("hyperpod-local"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  spdlog::flush_on(spdlog::level::info);
  config.data_dir = data_dir;
  limits.idle_timeout = std::chrono::seconds(idle_timeout_s);
  limits.request_timeout = std::chrono::seconds(request_timeout_s);
  for (const auto& q : quotas) {
    auto eq = q.rfind('=');
    try {
      if (eq == std::string::npos) throw std::invalid_argument("no '='");
      config.quotas[q.substr(0, eq)] = std::stoll(q.substr(eq + 1));
    } catch (const std::exception&) {
      std::cerr << "--quota expects \"<name>=<number>\", got \"" << q << "\"\n";
      return 2;
    }
  }
  config.clock = *hpl::sim::parse_clock_mode(clock);
  config.auth = auth == "iam"     ? hpl::AuthMode::Iam
                : auth == "sigv4" ? hpl::AuthMode::SigV4
                                  : hpl::AuthMode::None;
  if (*serve_cmd && !is_loopback(config.host) && !config.allow_remote) {
    std::cerr << "refusing to listen on " << config.host
              << ": only loopback addresses are allowed without --allow-remote "
                 "(or HYPERPOD_LOCAL_ALLOW_REMOTE=1)\n";
    return 2;
  }
  if (!fleet_config.empty()) {
    try {
      hpl::load_fleet_config(fleet_config, config);
    } catch (const std::exception& e) {
      std::cerr << "--fleet-config: " << e.what() << "\n";
      return 2;
    }
  }

  try {
    if (*serve_cmd) return serve(config, port_file, limits);
  } catch (const std::exception& e) {
    spdlog::error("fatal=\"{}\"", e.what());
    return 1;
  }
  return 0;
}
