// Offline validation of a stack: the shapes of every request it makes (the emulator's
// validator over the generated model tables), the catalogs HyperPod and EKS enforce (instance
// types, Kubernetes versions, MIG layouts, add-on versions), and checks across resources (the
// HyperPod cluster's EKS version, roles that trust the right service, subnets in two zones,
// lifecycle scripts that exist). Nothing here calls AWS.
#pragma once

#include "deploy/document.hpp"
#include "deploy/stack.hpp"

namespace hpl::deploy {

void validate_stack(const Stack& stack, Findings& findings);

}  // namespace hpl::deploy
