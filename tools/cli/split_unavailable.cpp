// fal-ltx built without falcpp::media (no FFmpeg, e.g. a MinGW cross build): --split says why it cannot run.
#include "exit_codes.hpp"
#include "split_command.hpp"

namespace fal::cli {

int RunSplitCommand(Context& ctx, const fal::ltx::RenderToRealInput&, const CommandOptions&) {
  ctx.console.Err(
      "fal-ltx render-to-real: --split needs falcpp::media, and this fal-ltx was built without it (FFmpeg's "
      "development packages were not found at build time); build it with FFmpeg (Debian: libavformat-dev "
      "libavcodec-dev libswscale-dev libavutil-dev), or render the clip in pieces of at most the budget");
  return kExitInternal;
}

}  // namespace fal::cli
