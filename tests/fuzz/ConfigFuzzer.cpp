// The TOML configuration file of `tessera serve --config` (README, configuration), read by CLI11
// into the same options as the flags: a bad file is a parse error, never a crash.
#include <sstream>

#include "FuzzInput.h"
#include "app/Config.h"

using namespace tessera;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    CLI::App command{"fuzz"};
    app::ServeConfig config;
    app::addServeOptions(command, config);
    std::istringstream in{std::string(fuzz::asText(data, size))};
    try {
        command.parse_from_stream(in);
        (void)app::parseListen(config.listen);
    } catch (const CLI::Error&) {
    } catch (const std::invalid_argument&) {  // parseListen's refusal
    }
    return 0;
}
