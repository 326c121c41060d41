// The options of fal-ltx's commands that are not endpoint fields (submit, wait, output), as one struct and
// the flag tables that set it. Each command binds the tables it uses.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fal/queue.hpp"
#include "fal/validation.hpp"
#include "flags.hpp"

namespace fal::cli {

struct CommandOptions {
  // Endpoint commands.
  std::string endpoint;                                    // --endpoint: overrides the endpoint id
  std::string preset;                                      // --preset
  std::vector<std::pair<std::string, std::string>> extra;  // --extra key=json (json text as given)
  bool dry_run = false;
  fal::ValidationMode validation = fal::ValidationMode::kStrict;
  std::optional<double> max_cost;  // --max-cost: the request's cost limit in dollars
  bool no_wait = false;
  fal::SubmitOptions submit;  // --webhook, --priority, --hint, --start-timeout, --expires-in, --header
  std::optional<fal::ObjectLifecycle> lifecycle;  // --expires-in, also for uploads
  // render-to-real's long clips (split_command.cpp).
  std::string split;        // --split chained|parallel
  bool keep_parts = false;  // --keep-parts

  // Waiting.
  std::optional<std::chrono::milliseconds> timeout;  // --timeout
  std::chrono::milliseconds poll_interval{500};      // --poll-ms
  bool stream = false;                               // --stream (the default; kept so scripts still run)
  bool poll = false;                                 // --poll, or --poll-ms

  // Output.
  std::string out;     // --out
  bool json = false;   // --json
  bool quiet = false;  // --quiet

  // Job and file commands.
  bool wait = false;         // result --wait
  bool logs = false;         // status --logs
  std::string content_type;  // upload --content-type
  std::string file_name;     // upload --file-name

  // The WaitOptions these settings give (without callbacks or cancellation).
  fal::WaitOptions Wait() const;
};

// --endpoint, for the job commands (default: render-to-real) and to override an endpoint command's id.
const std::vector<Flag<CommandOptions>>& EndpointFlags();
// --extra, --dry-run, --validation, --max-cost.
const std::vector<Flag<CommandOptions>>& RequestFlags();
// --no-wait, --webhook, --priority, --hint, --start-timeout, --expires-in, --header.
const std::vector<Flag<CommandOptions>>& SubmitFlags();
// --timeout, --poll, --poll-ms, --stream.
const std::vector<Flag<CommandOptions>>& WaitFlags();
// --out, --json, --quiet.
const std::vector<Flag<CommandOptions>>& OutputFlags();
// --quiet alone (for commands without other output flags).
const std::vector<Flag<CommandOptions>>& QuietFlag();
// status: --logs, --json.
const std::vector<Flag<CommandOptions>>& StatusFlags();
// result: --wait.
const std::vector<Flag<CommandOptions>>& ResultFlags();
// upload: --content-type, --file-name, --expires-in.
const std::vector<Flag<CommandOptions>>& UploadFlags();
// render-to-real: --split, --keep-parts (--max-cost, a request flag, is then the total).
const std::vector<Flag<CommandOptions>>& SplitFlags();
// --preset with the endpoint's choices.
Flag<CommandOptions> PresetFlag(std::string choices, std::string help);

}  // namespace fal::cli
