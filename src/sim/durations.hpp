// How long the services take, in virtual milliseconds, on the realistic clock
// (../shared/reference/hyperpod-facts.md §2.6). The fast clock divides them by its speed.
#pragma once

#include <cstdint>

namespace hpl::sim::durations {

constexpr std::int64_t kMinute = 60'000;

// EKS control plane: "several minutes"; community reports say 8 to 15.
constexpr std::int64_t kEksCreate = 9 * kMinute;
constexpr std::int64_t kEksDelete = 3 * kMinute;
constexpr std::int64_t kEksConfigUpdate = 4 * kMinute;  // access, logging, endpoint changes
constexpr std::int64_t kAddonCreate = 1 * kMinute;
constexpr std::int64_t kAddonUpdate = 1 * kMinute;
constexpr std::int64_t kAddonDelete = kMinute / 2;

// HyperPod: a cluster takes 10 to 25 minutes without deep health checks.
constexpr std::int64_t kNodeLaunch = 7 * kMinute;          // Pending: EC2 launch and boot
constexpr std::int64_t kLifecycleScript = 3 * kMinute;     // OnCreate runs (still Pending)
constexpr std::int64_t kStressCheck = 60 * kMinute;        // InstanceStress: DCGM diag level 4
constexpr std::int64_t kConnectivityCheck = 10 * kMinute;  // InstanceConnectivity: NCCL tests
constexpr std::int64_t kClusterDelete = 5 * kMinute;
constexpr std::int64_t kNodeShutdown = 2 * kMinute;
constexpr std::int64_t kNodeSoftwareUpdate = 15 * kMinute;  // new root volume + scripts
constexpr std::int64_t kNodeReboot = 5 * kMinute;           // "a few minutes"
constexpr std::int64_t kRecoveryDelay = 1 * kMinute;        // fault detected -> action starts
constexpr std::int64_t kSpotNotice = 2 * kMinute;           // interruption notice
constexpr std::int64_t kStuckTimeout = 60 * kMinute;        // a phase that never finishes
constexpr std::int64_t kMaxRetryBackoff = 30 * kMinute;     // continuous provisioning retries

}  // namespace hpl::sim::durations
