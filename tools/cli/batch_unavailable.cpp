// fal-ltx built without falcpp::journal (no SQLite, e.g. a MinGW cross build): `batch` exists and says why
// it cannot run, rather than being an unknown command.
#include "commands.hpp"
#include "exit_codes.hpp"

namespace fal::cli {

std::vector<Command> BatchCommands() {
  const std::string why =
      "fal-ltx batch: this fal-ltx was built without falcpp::journal (SQLite was not found at build time); "
      "build it with SQLite (Debian: libsqlite3-dev) to run batches";
  return {Command{"batch", "batch MANIFEST --state FILE", "run a manifest of jobs (not in this build)",
                  [why] { return why; },
                  [why](Context& ctx, const std::vector<std::string>&) {
                    ctx.console.Err(why);
                    return kExitInternal;
                  }}};
}

}  // namespace fal::cli
