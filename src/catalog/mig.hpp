// GPU partitioning (MIG) layouts HyperPod accepts in the nvidia.com/mig.config label.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hpl::catalog {

// The layout names valid for an instance type ("all-disabled", "all-1g.5gb", ...); empty when
// the type does not support MIG.
std::vector<std::string> mig_layouts(std::string_view instance_type);

// Whether `layout` is valid for the type: one of mig_layouts(), or a mixed layout of the
// default configuration's form, "mixed-<count>-<profile>[-<count>-<profile>...]" with two or
// more of the GPU's profiles in ascending size that fit one GPU together (at most 7 compute
// and 8 memory slices), e.g. "mixed-3-1g.10gb-1-4g.40gb".
bool is_mig_layout(std::string_view instance_type, std::string_view layout);

}  // namespace hpl::catalog
