// The instance types a HyperPod instance group may use: every value of the SageMaker model's
// ClusterInstanceType enum, with the hardware each one brings to a node.
#pragma once

#include <string_view>
#include <vector>

namespace hpl::catalog {

enum class AcceleratorKind { None, NvidiaGpu, Trainium, Inferentia };

struct InstanceType {
  std::string_view name;  // "ml.p4d.24xlarge"
  int vcpus;
  int memory_gib;
  AcceleratorKind accelerator_kind;
  std::string_view accelerator;   // "A100", "H100", "Trainium2", "" for none
  int accelerators;               // count per instance
  int accelerator_memory_gib;     // per accelerator, 0 for none
  int efa_interfaces;             // 0 when the type has no EFA
  bool deep_health_checks;        // OnStartDeepHealthChecks apply (GPU and Trainium types)
  bool mig;                       // MIG partitioning (p4d, p4de, p5.48xl, p5e, p5en, p6-b200)
  double on_demand_usd_per_hour;  // a configurable default; an estimate, see instance_types.cpp
};

// Every HyperPod instance type, sorted by name, each exactly once.
const std::vector<InstanceType>& instance_types();

// The type with this exact name ("ml.g5.xlarge"), or nullptr when HyperPod does not offer it.
const InstanceType* find_instance_type(std::string_view name);

// Replaces the compiled-in row of an existing type (same name) by `type`, at start-up, before
// any request is served; strings are copied. Returns false when no type has that name: the
// catalog holds exactly the model's types, so a file cannot add one.
bool override_instance_type(const InstanceType& type);

std::string_view to_string(AcceleratorKind kind);

}  // namespace hpl::catalog
