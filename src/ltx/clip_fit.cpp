#include "ltx/clip_fit.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "fal/ltx/defaults.hpp"
#include "fal/ltx/frame_budget.hpp"
#include "ltx/rules.hpp"

namespace fal::internal {
namespace {

constexpr int kMinFrames = 9;  // the schema's minimum, and the smallest 8k+1 count above 1

std::string Frames(std::int64_t n) { return std::to_string(n) + " frames"; }

// "361 frames (15 s at 24 fps)".
std::string Span(std::int64_t frames, double fps) {
  return Frames(frames) + " (" + FormatSeconds(static_cast<double>(frames) / fps) + " s at " +
         FormatNumber(fps) + " fps)";
}

// What fits a clip over the budget at `resolution`, and how to ask for it.
std::string WhatFits(std::int64_t frames, double fps, ltx::RenderResolution resolution,
                     std::string_view command) {
  std::string fits;
  const int wide = ltx::kRenderToRealMaxFrames480p;
  if (resolution == ltx::RenderResolution::k720p) {
    if (frames <= wide) {
      const int whole = FloorToFrameGrid(static_cast<int>(frames));
      fits = "at 480p the whole clip fits (resolution=480p, --resolution 480p: num_frames " +
             std::to_string(whole) + ", up to " + Span(wide, fps) + "); ";
    } else {
      fits = "480p allows up to " + Span(wide, fps) + ", also too short; ";
    }
  }
  const std::string split = "fal-ltx " + std::string(command) + " --split chained|parallel";
  return fits + "to render all of it, split it into segments that fit (" + split +
         ", or the library's long-clip run: docs/long-clips.md); to render only the start, set num_frames";
}

}  // namespace

ValidationReport FitFramesToClip(std::optional<int>& num_frames, std::optional<double>& frames_per_second,
                                 ltx::RenderResolution resolution, const ClipInfo& clip,
                                 std::string_view command) {
  Checks c;
  const double clip_fps = clip.FramesPerSecond();
  const bool clip_fps_usable = clip_fps >= bounds::kFps.min && clip_fps <= bounds::kFps.max;
  if (!frames_per_second && clip_fps_usable && clip_fps != ltx::defaults::quality::kFramesPerSecond) {
    frames_per_second = clip_fps;
    c.Warn(BodyLoc({"frames_per_second"}), "fitted_to_clip",
           "frames_per_second unset: set to the clip's " + FormatNumber(clip_fps) +
               " fps, so that the output plays at the clip's speed; set frames_per_second to choose another");
  }
  const double fps =
      clip_fps_usable ? clip_fps : frames_per_second.value_or(ltx::defaults::quality::kFramesPerSecond);
  const std::int64_t frames = clip.frame_count;
  const std::string clip_text = "the clip is " + Span(frames, fps);
  if (frames < kMinFrames) {
    c.Error(BodyLoc({"video_url"}), "clip_too_short",
            clip_text + ": the endpoint needs at least " + Frames(kMinFrames) + "; give a longer clip");
    return c.Take();
  }
  const int budget = ltx::RenderToRealMaxFrames(resolution);
  const std::string res(ltx::ToString(resolution));
  if (!num_frames) {
    if (frames > budget) {
      num_frames = budget;  // what Warn sends: the first `budget` frames, said in the finding
      c.Error(BodyLoc({"num_frames"}), "clip_over_budget",
              "num_frames unset and " + clip_text + ", over the " + res + " budget of " + Span(budget, fps) +
                  ": " + WhatFits(frames, fps, resolution, command) + " to " + std::to_string(budget) +
                  " or less (validation in warn mode sends it as num_frames=" + std::to_string(budget) + ")");
      return c.Take();
    }
    const int fitted = FloorToFrameGrid(static_cast<int>(frames));
    num_frames = fitted;
    std::string msg =
        "num_frames unset: set to " + std::to_string(fitted) + " from the clip, " + Span(frames, fps);
    msg += fitted < frames
               ? ", snapped down to 8k+1: its last " + Frames(frames - fitted) + " are not rendered"
               : ": the whole clip";
    c.Warn(BodyLoc({"num_frames"}), "fitted_to_clip", msg + "; set num_frames to choose another length");
    return c.Take();
  }
  if (*num_frames > frames) {
    const int fitted = FloorToFrameGrid(static_cast<int>(std::min<std::int64_t>(frames, budget)));
    c.Warn(BodyLoc({"num_frames"}), "longer_than_clip",
           "num_frames=" + std::to_string(*num_frames) + " is more than the clip has: " + clip_text +
               "; lower num_frames to " + std::to_string(fitted) +
               ", or leave it unset to use the clip's length");
  }
  return c.Take();
}

}  // namespace fal::internal
