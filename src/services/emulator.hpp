// The whole emulator: configuration, store, virtual clock, scheduler, id generator, and the
// AWS services acting on them. Single-threaded: the server calls it from one io_context.
#pragma once

#include "aws/call.hpp"
#include "aws/http.hpp"
#include "aws/ids.hpp"
#include "services/service.hpp"
#include "sim/clock.hpp"
#include "sim/scheduler.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hpl {

namespace iam {
class Iam;
}
namespace sts {
class Sts;
}
namespace ec2 {
class Ec2;
}
namespace s3 {
class S3;
}
namespace eks {
class Eks;
}
namespace sagemaker {
class SageMaker;
}

// How requests prove who sends them (README, "Security"): not at all, by a SigV4 signature from
// a known key, or by a signature and the caller's IAM policies.
enum class AuthMode { None, SigV4, Iam };

struct Config {
  std::string host = "127.0.0.1";
  bool allow_remote = false;  // listening on a non-loopback address needs it
  AuthMode auth = AuthMode::None;
  // The account root's key pair (--auth sigv4|iam); the SDK documentation's example pair, so
  // the dummy keys scripts/run.sh writes keep working.
  std::string root_access_key_id = "AKIAIOSFODNN7EXAMPLE";
  std::string root_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  int port = 4596;
  std::filesystem::path data_dir = ".hyperpod-local";
  bool ephemeral = false;
  sim::ClockMode clock = sim::ClockMode::Fast;
  double clock_speed = 120.0;  // fast clock: virtual seconds per wall second
  std::uint64_t seed = 0;
  std::string account_id = "123456789012";
  std::string default_region = "us-east-1";
  std::string log_level = "info";
  // Service quotas by their Service Quotas names; unnamed ones use the defaults in
  // services/sagemaker/quotas.cpp.
  std::map<std::string, std::int64_t> quotas;
  // Spot interruptions per running Spot instance and hour (0: only injected ones). The instant
  // clock ignores it: an endless chain of interruptions would never settle.
  double spot_interruptions_per_hour = 0;
  // Instances each capacity pool holds, by "<zone>/<instance type>/<OnDemand|Spot>"; a pool
  // not named holds the default of its capacity type (negative: no limit). Faults of type
  // "capacity" change a pool while the emulator runs.
  std::map<std::string, std::int64_t> capacity_pools;
  std::int64_t default_on_demand_pool = -1;
  std::int64_t default_spot_pool = 32;
};

class Emulator {
 public:
  explicit Emulator(Config config);
  ~Emulator();

  const Config& config() const { return config_; }
  store::Store& store() { return *store_; }
  sim::Clock& clock() { return *clock_; }
  sim::Scheduler& scheduler() { return *scheduler_; }
  aws::IdGenerator& ids() { return ids_; }

  iam::Iam& iam() { return *iam_; }
  sts::Sts& sts() { return *sts_; }
  ec2::Ec2& ec2() { return *ec2_; }
  s3::S3& s3() { return *s3_; }
  eks::Eks& eks() { return *eks_; }
  sagemaker::SageMaker& sagemaker() { return *sagemaker_; }

  const std::vector<Service*>& services() const { return services_; }
  const aws::OperationTable* operations(std::string_view service) const;

  // Runs due transitions and makes everything durable; called after every request and
  // every timer tick. A stopped clock (instant, manual) is stepped from one due time to the
  // next, so each transition happens at its own time; the instant clock runs until nothing
  // is left to do.
  void settle();
  // Moves the clock forward by `delta` through every transition on the way (manual clock, or
  // any clock from the admin API).
  void advance(aws::EpochMs delta);
  // Drops what is not committed: the services load again from the store, so memory holds
  // exactly what the store does (after a failed commit or an internal error).
  void reload();
  // Drops all state and starts over as a new account.
  void reset();

 private:
  void persist_clock();
  void run_until(aws::EpochMs target);

  Config config_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<sim::Clock> clock_;
  std::unique_ptr<sim::Scheduler> scheduler_;
  aws::IdGenerator ids_;
  std::unique_ptr<iam::Iam> iam_;
  std::unique_ptr<sts::Sts> sts_;
  std::unique_ptr<ec2::Ec2> ec2_;
  std::unique_ptr<s3::S3> s3_;
  std::unique_ptr<eks::Eks> eks_;
  std::unique_ptr<sagemaker::SageMaker> sagemaker_;
  std::vector<Service*> services_;
  std::map<std::string, aws::OperationTable, std::less<>> tables_;
};

}  // namespace hpl
