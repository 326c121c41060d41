// fal-ltx's subcommands: a name, a summary for the tool's --help, the command's own --help, and what
// it runs. main() dispatches on this list.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"

namespace fal::cli {

struct Command {
  std::string name;
  std::string usage;    // "status ID"
  std::string summary;  // one line
  std::function<std::string()> help;
  std::function<int(Context&, const std::vector<std::string>& args)> run;
};

// The short-named endpoint commands (render-to-real, ...) and `endpoints` (endpoint_tables.cpp).
std::vector<Command> EndpointCommands();
// One command per typed endpoint, named by its id: fal-ltx fal-ai/ltx-2.3-quality/deblur
// (endpoint_tables.cpp).
std::vector<Command> EndpointIdCommands();
// status, result, cancel (job_commands.cpp).
std::vector<Command> JobCommands();
// upload, download (file_commands.cpp).
std::vector<Command> FileCommands();
// batch (batch_command.cpp).
std::vector<Command> BatchCommands();

// An endpoint id for --endpoint: a command name ("image-to-video") gives its endpoint's id; anything else
// is taken as an id and checked when used.
std::string ResolveEndpoint(std::string_view name_or_id);

// The endpoint the job commands use without --endpoint.
std::string DefaultJobEndpoint();

}  // namespace fal::cli
