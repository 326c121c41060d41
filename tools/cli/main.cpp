// fal-ltx: fal's LTX-2.3 video endpoints from the command line, through falcpp.
#include <algorithm>
#include <string>
#include <vector>

#include "commands.hpp"
#include "context.hpp"
#include "exit_codes.hpp"
#include "fal/version.hpp"
#include "flags.hpp"
#include "os.hpp"

namespace fal::cli {
namespace {

std::vector<Command> AllCommands() {
  std::vector<Command> all = EndpointCommands();
  for (auto* more : {JobCommands, FileCommands, BatchCommands}) {
    for (Command& c : more()) all.push_back(std::move(c));
  }
  return all;
}

std::string ToolHelp(const std::vector<Command>& commands) {
  std::string text =
      "Usage: fal-ltx COMMAND [options]\n"
      "\n"
      "fal's LTX-2.3 video models from the command line: local files are uploaded, progress is shown while "
      "the\n"
      "job runs, and --out downloads the video.\n"
      "\n"
      "Commands:\n";
  for (const Command& c : commands) {
    std::string usage = "  " + c.usage;
    usage.resize(std::max<std::size_t>(usage.size() + 2, 36), ' ');
    text += usage + c.summary + "\n";
  }
  text +=
      "\n"
      "Example:\n"
      "  fal-ltx render-to-real --video examples/data/blockout_720p.mp4 --resolution 480p --out "
      "out/video.mp4\n"
      "\n"
      "Every typed endpoint also runs by its id: fal-ltx ENDPOINT_ID [flags] ('fal-ltx endpoints' lists "
      "them).\n"
      "\n"
      "Run 'fal-ltx COMMAND --help' for a command's flags: every field of a request is a flag named after "
      "its\n"
      "JSON key with dashes (--num-frames 241, --generate-audio false), files are --video, --image, "
      "--mid-image,\n"
      "--end-image and --control-video (a local path or a URL), LoRAs --lora PATH_OR_URL[:SCALE].\n"
      "\n"
      "Environment:\n"
      "  FAL_KEY        the fal API key (or FAL_KEY_ID and FAL_KEY_SECRET)\n"
      "  FAL_BASE_URL   one base URL for every fal host, e.g. a local fal-emulator: http://127.0.0.1:PORT\n"
      "\n"
      "  XDG_STATE_HOME where fal-ltx remembers the endpoint of each job it submits (fal-ltx/jobs;\n"
      "                 default ~/.local/state), so status, result and cancel need no --endpoint\n"
      "\n"
      "Exit codes: 0 success, 2 invalid input, 3 API error, 4 job failed, 5 network or timeout,\n"
      "6 not finished yet (result without --wait), 130 interrupted (Ctrl-C cancels the job on fal first).\n";
  return text;
}

bool WantsHelp(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "--") return false;
    if (a == "--help" || a == "-h") return true;
  }
  return false;
}

}  // namespace

int Main(const std::vector<std::string>& arguments) {
  Context ctx;  // first: blocks SIGINT/SIGTERM before any thread exists
  const std::vector<Command> commands = AllCommands();
  std::vector<std::string> args = arguments;
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    if (args.size() < 2) {
      ctx.console.Out(ToolHelp(commands));
      return args.empty() ? kExitInvalidInput : kExitOk;
    }
    args = {args[1], "--help"};  // "fal-ltx help status"
  }
  if (args[0] == "--version") {
    ctx.console.Out(std::string("fal-ltx ") + fal::kVersionString);
    return kExitOk;
  }
  // Every typed endpoint also runs by its id; the tool's help lists the short names (and `endpoints`).
  const std::vector<Command> by_id = EndpointIdCommands();
  const Command* command = nullptr;
  for (const std::vector<Command>* list : {&commands, &by_id}) {
    for (const Command& c : *list) {
      if (command == nullptr && c.name == args[0]) command = &c;
    }
  }
  if (command == nullptr) {
    std::vector<std::string> names;
    for (const Command& c : commands) names.push_back(c.name);
    for (const Command& c : by_id) names.push_back(c.name);
    const std::string closest = ClosestName(args[0], names);
    ctx.console.Err("fal-ltx: unknown command '" + args[0] + "'" +
                    (closest.empty() ? "" : " (did you mean " + closest + "?)"));
    ctx.console.Err("  see: fal-ltx --help");
    return kExitInvalidInput;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (WantsHelp(rest)) {
    ctx.console.Out(command->help());
    return kExitOk;
  }
  return command->run(ctx, rest);
}

}  // namespace fal::cli
