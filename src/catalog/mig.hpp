// GPU partitioning (MIG) layouts HyperPod accepts in the nvidia.com/mig.config label.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hpl::catalog {

// The layout names valid for an instance type ("all-disabled", "all-1g.5gb", ...); empty when
// the type does not support MIG.
std::vector<std::string> mig_layouts(std::string_view instance_type);

}  // namespace hpl::catalog
