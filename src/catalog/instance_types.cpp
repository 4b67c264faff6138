#include "catalog/instance_types.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <string>

// Sources for the rows below:
// - vCPU, memory, accelerator count and EFA count come from the HyperPod CLI's
//   INSTANCE_RESOURCES table (aws/sagemaker-hyperpod-cli, src/sagemaker/hyperpod/training/
//   constants.py), which HyperPod tooling uses to size pods. It covers every type but
//   ml.r5d.16xlarge, which uses the public EC2 r5d.16xlarge specs.
// - Accelerator model and memory per accelerator are public EC2 specs.
// - MIG support follows the HyperPod GPU-partitioning guide, which lists instance types, not
//   families: ml.p4d.24xlarge, ml.p4de.24xlarge, ml.p5.48xlarge, ml.p5e.48xlarge,
//   ml.p5en.48xlarge and ml.p6-b200.48xlarge. Neither that page nor the CLI's MIG profile table
//   names ml.p5.4xlarge, so it stays false here although its H100 is MIG-capable.
// - Deep health checks run on GPU and Trainium nodes only (the DHC guide); HyperPod skips
//   them on CPU types. Which of the newer GPU families the service really accepts them on is
//   not documented per type, so every GPU and Trainium type says yes.
//
// Prices: AWS publishes no HyperPod price list we could verify. Each price is the EC2 on-demand
// Linux rate in us-east-1 as best known (mid 2025, after the June 2025 P4/P5 price cut) times
// kSageMakerMarkup, since SageMaker ml.* rates run about 15-40% above EC2. They are estimates
// and a configurable default, never a quote. Rows marked "guess" had no EC2 list price we could
// find and are extrapolated from neighbouring types.

namespace hpl::catalog {

namespace {

constexpr double kSageMakerMarkup = 1.25;

constexpr InstanceType cpu(std::string_view name, int vcpus, int memory_gib, int efa,
                           double ec2_usd) {
  return {name,
          vcpus,
          memory_gib,
          AcceleratorKind::None,
          "",
          0,
          0,
          efa,
          /*deep_health_checks=*/false,
          /*mig=*/false,
          ec2_usd * kSageMakerMarkup};
}

constexpr InstanceType gpu(std::string_view name, int vcpus, int memory_gib, std::string_view model,
                           int count, int memory_each, int efa, double ec2_usd) {
  return {name,
          vcpus,
          memory_gib,
          AcceleratorKind::NvidiaGpu,
          model,
          count,
          memory_each,
          efa,
          /*deep_health_checks=*/true,
          /*mig=*/false,
          ec2_usd * kSageMakerMarkup};
}

// A GPU type that HyperPod can partition with MIG.
constexpr InstanceType mig_gpu(std::string_view name, int vcpus, int memory_gib,
                               std::string_view model, int count, int memory_each, int efa,
                               double ec2_usd) {
  InstanceType type = gpu(name, vcpus, memory_gib, model, count, memory_each, efa, ec2_usd);
  type.mig = true;
  return type;
}

constexpr InstanceType trainium(std::string_view name, int vcpus, int memory_gib,
                                std::string_view chip, int count, int memory_each, int efa,
                                double ec2_usd) {
  return {name,
          vcpus,
          memory_gib,
          AcceleratorKind::Trainium,
          chip,
          count,
          memory_each,
          efa,
          /*deep_health_checks=*/true,
          /*mig=*/false,
          ec2_usd * kSageMakerMarkup};
}

// Sorted by name (byte order) so lookups can bisect; the static_assert below keeps it so.
constexpr std::array kTable = {
    // c5: no EFA on any size.
    cpu("ml.c5.12xlarge", 48, 96, 0, 2.04),
    cpu("ml.c5.18xlarge", 72, 144, 0, 3.06),
    cpu("ml.c5.24xlarge", 96, 192, 0, 4.08),
    cpu("ml.c5.2xlarge", 8, 16, 0, 0.34),
    cpu("ml.c5.4xlarge", 16, 32, 0, 0.68),
    cpu("ml.c5.9xlarge", 36, 72, 0, 1.53),
    cpu("ml.c5.large", 2, 4, 0, 0.085),
    cpu("ml.c5.xlarge", 4, 8, 0, 0.17),
    // c5n: EC2 offers EFA on 9xlarge and 18xlarge. c5n.large has 5.25 GiB, rounded down.
    cpu("ml.c5n.18xlarge", 72, 192, 1, 3.888),
    cpu("ml.c5n.2xlarge", 8, 21, 0, 0.432),
    cpu("ml.c5n.4xlarge", 16, 42, 0, 0.864),
    cpu("ml.c5n.9xlarge", 36, 96, 1, 1.944),
    cpu("ml.c5n.large", 2, 5, 0, 0.108),
    // c6i: EFA only on 32xlarge.
    cpu("ml.c6i.12xlarge", 48, 96, 0, 2.04),
    cpu("ml.c6i.16xlarge", 64, 128, 0, 2.72),
    cpu("ml.c6i.24xlarge", 96, 192, 0, 4.08),
    cpu("ml.c6i.2xlarge", 8, 16, 0, 0.34),
    cpu("ml.c6i.32xlarge", 128, 256, 1, 5.44),
    cpu("ml.c6i.4xlarge", 16, 32, 0, 0.68),
    cpu("ml.c6i.8xlarge", 32, 64, 0, 1.36),
    cpu("ml.c6i.large", 2, 4, 0, 0.085),
    cpu("ml.c6i.xlarge", 4, 8, 0, 0.17),
    // g5: NVIDIA A10G, 24 GB. EFA from 8xlarge up.
    gpu("ml.g5.12xlarge", 48, 192, "A10G", 4, 24, 1, 5.672),
    gpu("ml.g5.16xlarge", 64, 256, "A10G", 1, 24, 1, 4.096),
    gpu("ml.g5.24xlarge", 96, 384, "A10G", 4, 24, 1, 8.144),
    gpu("ml.g5.2xlarge", 8, 32, "A10G", 1, 24, 0, 1.212),
    gpu("ml.g5.48xlarge", 192, 768, "A10G", 8, 24, 1, 16.288),
    gpu("ml.g5.4xlarge", 16, 64, "A10G", 1, 24, 0, 1.624),
    gpu("ml.g5.8xlarge", 32, 128, "A10G", 1, 24, 1, 2.448),
    gpu("ml.g5.xlarge", 4, 16, "A10G", 1, 24, 0, 1.006),
    // g6: NVIDIA L4, 24 GB. EFA from 8xlarge up.
    gpu("ml.g6.12xlarge", 48, 192, "L4", 4, 24, 1, 4.6016),
    gpu("ml.g6.16xlarge", 64, 256, "L4", 1, 24, 1, 3.3968),
    gpu("ml.g6.24xlarge", 96, 384, "L4", 4, 24, 1, 6.6752),
    gpu("ml.g6.2xlarge", 8, 32, "L4", 1, 24, 0, 0.9776),
    gpu("ml.g6.48xlarge", 192, 768, "L4", 8, 24, 1, 13.3504),
    gpu("ml.g6.4xlarge", 16, 64, "L4", 1, 24, 0, 1.3232),
    gpu("ml.g6.8xlarge", 32, 128, "L4", 1, 24, 1, 2.0144),
    gpu("ml.g6.xlarge", 4, 16, "L4", 1, 24, 0, 0.8048),
    // g6e: NVIDIA L40S, 48 GB. The larger sizes carry up to four EFA interfaces.
    gpu("ml.g6e.12xlarge", 48, 384, "L40S", 4, 48, 1, 10.49264),
    gpu("ml.g6e.16xlarge", 64, 512, "L40S", 1, 48, 1, 7.57719),
    gpu("ml.g6e.24xlarge", 96, 768, "L40S", 4, 48, 2, 15.06559),
    gpu("ml.g6e.2xlarge", 8, 64, "L40S", 1, 48, 0, 2.24208),
    gpu("ml.g6e.48xlarge", 192, 1536, "L40S", 8, 48, 4, 30.13118),
    gpu("ml.g6e.4xlarge", 16, 128, "L40S", 1, 48, 0, 3.00424),
    gpu("ml.g6e.8xlarge", 32, 256, "L40S", 1, 48, 1, 4.52856),
    gpu("ml.g6e.xlarge", 4, 32, "L40S", 1, 48, 0, 1.861),
    // g7e: NVIDIA RTX PRO 6000 Blackwell Server Edition, 96 GB (the GPU product label HyperPod
    // nodes report). The GPU is MIG-capable and the CLI once shipped g7e MIG profiles, but it
    // removed them again and the partitioning guide does not list g7e. Prices: only g7e.2xlarge
    // was seen (about $3.36 an hour, us-east-2); the other sizes are guesses from ~$4.14 per GPU.
    gpu("ml.g7e.12xlarge", 48, 512, "RTX PRO 6000", 2, 96, 1, 8.29),
    gpu("ml.g7e.24xlarge", 96, 1024, "RTX PRO 6000", 4, 96, 2, 16.57),
    gpu("ml.g7e.2xlarge", 8, 64, "RTX PRO 6000", 1, 96, 0, 3.36),
    gpu("ml.g7e.48xlarge", 192, 2048, "RTX PRO 6000", 8, 96, 4, 33.14),
    gpu("ml.g7e.4xlarge", 16, 128, "RTX PRO 6000", 1, 96, 0, 3.80),
    gpu("ml.g7e.8xlarge", 32, 256, "RTX PRO 6000", 1, 96, 1, 4.69),
    // gr6: one NVIDIA L4 with twice g6's memory per vCPU.
    gpu("ml.gr6.4xlarge", 16, 128, "L4", 1, 24, 0, 1.5392),
    gpu("ml.gr6.8xlarge", 32, 256, "L4", 1, 24, 1, 2.4464),
    // i3en: EFA on 12xlarge and 24xlarge.
    cpu("ml.i3en.12xlarge", 48, 384, 1, 5.424),
    cpu("ml.i3en.24xlarge", 96, 768, 1, 10.848),
    cpu("ml.i3en.2xlarge", 8, 64, 0, 0.904),
    cpu("ml.i3en.3xlarge", 12, 96, 0, 1.356),
    cpu("ml.i3en.6xlarge", 24, 192, 0, 2.712),
    cpu("ml.i3en.large", 2, 16, 0, 0.226),
    cpu("ml.i3en.xlarge", 4, 32, 0, 0.452),
    // m5: no EFA on any size.
    cpu("ml.m5.12xlarge", 48, 192, 0, 2.304),
    cpu("ml.m5.16xlarge", 64, 256, 0, 3.072),
    cpu("ml.m5.24xlarge", 96, 384, 0, 4.608),
    cpu("ml.m5.2xlarge", 8, 32, 0, 0.384),
    cpu("ml.m5.4xlarge", 16, 64, 0, 0.768),
    cpu("ml.m5.8xlarge", 32, 128, 0, 1.536),
    cpu("ml.m5.large", 2, 8, 0, 0.096),
    cpu("ml.m5.xlarge", 4, 16, 0, 0.192),
    // m6i: EFA only on 32xlarge.
    cpu("ml.m6i.12xlarge", 48, 192, 0, 2.304),
    cpu("ml.m6i.16xlarge", 64, 256, 0, 3.072),
    cpu("ml.m6i.24xlarge", 96, 384, 0, 4.608),
    cpu("ml.m6i.2xlarge", 8, 32, 0, 0.384),
    cpu("ml.m6i.32xlarge", 128, 512, 1, 6.144),
    cpu("ml.m6i.4xlarge", 16, 64, 0, 0.768),
    cpu("ml.m6i.8xlarge", 32, 128, 0, 1.536),
    cpu("ml.m6i.large", 2, 8, 0, 0.096),
    cpu("ml.m6i.xlarge", 4, 16, 0, 0.192),
    // m7i: EFA only on 48xlarge.
    cpu("ml.m7i.12xlarge", 48, 192, 0, 2.4192),
    cpu("ml.m7i.16xlarge", 64, 256, 0, 3.2256),
    cpu("ml.m7i.24xlarge", 96, 384, 0, 4.8384),
    cpu("ml.m7i.2xlarge", 8, 32, 0, 0.4032),
    cpu("ml.m7i.48xlarge", 192, 768, 1, 9.6768),
    cpu("ml.m7i.4xlarge", 16, 64, 0, 0.8064),
    cpu("ml.m7i.8xlarge", 32, 128, 0, 1.6128),
    cpu("ml.m7i.large", 2, 8, 0, 0.1008),
    cpu("ml.m7i.xlarge", 4, 16, 0, 0.2016),
    // p4d: A100 40 GB. p4de: A100 80 GB. Prices are the cut rates as remembered, unconfirmed
    // (before the cut EC2 charged about $32.77 and $40.97).
    mig_gpu("ml.p4d.24xlarge", 96, 1152, "A100", 8, 40, 4, 21.96),
    mig_gpu("ml.p4de.24xlarge", 96, 1152, "A100", 8, 80, 4, 27.45),
    // p5: H100 80 GB. The 48xlarge has 32 EFA interfaces, the single-GPU 4xlarge one.
    mig_gpu("ml.p5.48xlarge", 192, 2048, "H100", 8, 80, 32, 55.04),
    gpu("ml.p5.4xlarge", 16, 256, "H100", 1, 80, 1, 6.88),
    // p5e and p5en: H200 141 GB; p5en has 16 EFAv3 interfaces where p5e keeps p5's 32.
    // Both prices are guesses.
    mig_gpu("ml.p5e.48xlarge", 192, 2048, "H200", 8, 141, 32, 63.30),
    mig_gpu("ml.p5en.48xlarge", 192, 2048, "H200", 8, 141, 16, 63.30),
    // p6-b200: B200 with 180 GB usable each (1,440 GB per instance on EC2).
    mig_gpu("ml.p6-b200.48xlarge", 192, 2048, "B200", 8, 180, 8, 113.93),
    // p6-b300: B300, 288 GB nominal, about 268 GB usable each (the CLI's largest MIG profile
    // is 7g.269gb). No MIG per the partitioning guide, and the model's MIG profile enum has no
    // B300 profiles. Price is a guess.
    gpu("ml.p6-b300.48xlarge", 192, 4096, "B300", 8, 268, 16, 142.42),
    // p6e-gb200: one instance holds two Grace CPUs and four B200 GPUs of a GB200 NVL72 rack,
    // 186 GB each. EC2 gives it EFA (even network cards efa, odd ones efa-only), but the CLI
    // table lists 0; 8 is our guess at the interface count. Price is a guess as well: EC2 sells
    // it only inside UltraServers.
    gpu("ml.p6e-gb200.36xlarge", 144, 960, "GB200", 4, 186, 8, 56.97),
    // r5d.16xlarge: public EC2 specs; unlike r5dn it has no EFA.
    cpu("ml.r5d.16xlarge", 64, 512, 0, 4.608),
    // r6i: EFA only on 32xlarge.
    cpu("ml.r6i.12xlarge", 48, 384, 0, 3.024),
    cpu("ml.r6i.16xlarge", 64, 512, 0, 4.032),
    cpu("ml.r6i.24xlarge", 96, 768, 0, 6.048),
    cpu("ml.r6i.2xlarge", 8, 64, 0, 0.504),
    cpu("ml.r6i.32xlarge", 128, 1024, 1, 8.064),
    cpu("ml.r6i.4xlarge", 16, 128, 0, 1.008),
    cpu("ml.r6i.8xlarge", 32, 256, 0, 2.016),
    cpu("ml.r6i.large", 2, 16, 0, 0.126),
    cpu("ml.r6i.xlarge", 4, 32, 0, 0.252),
    // r7i: EFA only on 48xlarge.
    cpu("ml.r7i.12xlarge", 48, 384, 0, 3.1752),
    cpu("ml.r7i.16xlarge", 64, 512, 0, 4.2336),
    cpu("ml.r7i.24xlarge", 96, 768, 0, 6.3504),
    cpu("ml.r7i.2xlarge", 8, 64, 0, 0.5292),
    cpu("ml.r7i.48xlarge", 192, 1536, 1, 12.7008),
    cpu("ml.r7i.4xlarge", 16, 128, 0, 1.0584),
    cpu("ml.r7i.8xlarge", 32, 256, 0, 2.1168),
    cpu("ml.r7i.large", 2, 16, 0, 0.1323),
    cpu("ml.r7i.xlarge", 4, 32, 0, 0.2646),
    // t3: burstable, no EFA.
    cpu("ml.t3.2xlarge", 8, 32, 0, 0.3328),
    cpu("ml.t3.large", 2, 8, 0, 0.0832),
    cpu("ml.t3.medium", 2, 4, 0, 0.0416),
    cpu("ml.t3.xlarge", 4, 16, 0, 0.1664),
    // trn1: 16 Trainium chips of 32 GB; trn1n doubles the EFA interfaces.
    trainium("ml.trn1.32xlarge", 128, 512, "Trainium", 16, 32, 8, 21.50),
    trainium("ml.trn1n.32xlarge", 128, 512, "Trainium", 16, 32, 16, 24.78),
    // trn2: Trainium2 with 96 GB each. Both prices are guesses (the 3xlarge as 1/16 of the
    // 48xlarge).
    trainium("ml.trn2.3xlarge", 12, 128, "Trainium2", 1, 96, 1, 2.79),
    trainium("ml.trn2.48xlarge", 192, 2048, "Trainium2", 16, 96, 16, 44.70),
};

static_assert(std::ranges::adjacent_find(kTable, [](const auto& a,
                                                    const auto& b) { return a.name >= b.name; }) ==
                  kTable.end(),
              "kTable must be sorted by name with no duplicates");

}  // namespace

static std::vector<InstanceType>& mutable_types() {
  static std::vector<InstanceType> types(kTable.begin(), kTable.end());
  return types;
}

const std::vector<InstanceType>& instance_types() {
  return mutable_types();
}

bool override_instance_type(const InstanceType& type) {
  auto& types = mutable_types();
  auto it = std::ranges::lower_bound(types, type.name, {}, &InstanceType::name);
  if (it == types.end() || it->name != type.name) return false;
  // Overrides happen a handful of times at start-up; the copies live as long as the process.
  static std::deque<std::string> strings;
  std::string_view name = it->name;
  *it = type;
  it->name = name;
  it->accelerator = strings.emplace_back(type.accelerator);
  return true;
}

std::string_view to_string(AcceleratorKind kind) {
  switch (kind) {
    case AcceleratorKind::None:
      return "None";
    case AcceleratorKind::NvidiaGpu:
      return "NvidiaGpu";
    case AcceleratorKind::Trainium:
      return "Trainium";
    case AcceleratorKind::Inferentia:
      return "Inferentia";
  }
  return "None";
}

const InstanceType* find_instance_type(std::string_view name) {
  const auto& types = instance_types();
  auto it = std::ranges::lower_bound(types, name, {}, &InstanceType::name);
  return it != types.end() && it->name == name ? &*it : nullptr;
}

}  // namespace hpl::catalog
