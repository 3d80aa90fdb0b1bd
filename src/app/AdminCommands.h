#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace tessera::app {

// `tessera admin …`: operator commands on the store. A running server sees their changes
// through the change log within a second (README, operator commands).
// Returns the action to run once the command line is parsed.
void addAdminCommands(CLI::App& admin, std::function<int()>& action);

}  // namespace tessera::app
