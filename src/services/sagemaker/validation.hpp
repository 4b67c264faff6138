// Checks CreateCluster and UpdateCluster share (cluster_validation.cpp).
#pragma once

#include <boost/json.hpp>

#include <string>

namespace hpl {
class Emulator;
}

namespace hpl::sagemaker {

// One instance group's type, role, counts, capacity, MIG labels and override VPC.
void validate_instance_group(Emulator& emu, const std::string& region,
                             const boost::json::object& group, bool continuous,
                             const std::string& eks_vpc);

}  // namespace hpl::sagemaker
