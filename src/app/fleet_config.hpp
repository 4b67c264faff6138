// The fleet configuration file of `hyperpod-local serve --fleet-config`: instance-type rows
// that replace the compiled-in catalog's, and the capacity of each pool. The format is shown
// in examples/fleet-config.yaml.
#pragma once

#include "services/emulator.hpp"

#include <filesystem>

namespace hpl {

// Applies `file` to the instance catalog and to `config`. Throws std::runtime_error that names
// the file, the line and what is wrong; nothing is applied from a file with an error in it.
void load_fleet_config(const std::filesystem::path& file, Config& config);

}  // namespace hpl
