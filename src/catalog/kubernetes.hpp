// Kubernetes versions: what EKS offers and what HyperPod accepts of them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hpl::catalog {

struct KubernetesVersion {
  std::string_view version;       // "1.33"
  std::string_view platform;      // the newest EKS platform version, "eks.9"
  std::string_view released;      // EKS release date
  std::string_view end_standard;  // end of standard support
};

// Versions EKS CreateCluster accepts, oldest first.
const std::vector<KubernetesVersion>& eks_versions();
const KubernetesVersion* find_eks_version(std::string_view version);
// The version EKS picks when CreateCluster names none.
std::string_view default_eks_version();
// Whether HyperPod accepts an EKS cluster of this version as its orchestrator. The spec lists
// 1.28 to 1.33 as supported.
bool hyperpod_supports(std::string_view version);

}  // namespace hpl::catalog
