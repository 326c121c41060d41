// fal-ltx render-to-real --split chained|parallel: a clip longer than the budget rendered in segments and
// stitched (fal::ltx::RenderLongClip, falcpp::media). Without falcpp::media (no FFmpeg at build time) the
// flag is there and says why it cannot run (split_unavailable.cpp).
#pragma once

#include "command_options.hpp"
#include "context.hpp"
#include "fal/ltx/render_to_real.hpp"

namespace fal::cli {

// Runs a split render-to-real (or shows its plan and cost with --dry-run). `input` has every field flag
// applied (video_url a local file). Returns the exit code.
int RunSplitCommand(Context& ctx, const fal::ltx::RenderToRealInput& input, const CommandOptions& options);

}  // namespace fal::cli
