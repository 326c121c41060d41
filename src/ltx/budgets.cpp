#include "ltx/budgets.hpp"

#include <algorithm>
#include <string>

#include "fal/ltx/defaults.hpp"
#include "fal/ltx/frame_budget.hpp"
#include "ltx/json_mapping.hpp"

namespace fal::internal {

void CheckIcLoraBudget(Checks& c, const std::optional<ltx::RenderResolution>& resolution_in,
                       const std::optional<int>& num_frames, const std::optional<double>& fps_in) {
  const ltx::RenderResolution resolution = resolution_in.value_or(ltx::defaults::render_to_real::kResolution);
  const int frames = num_frames.value_or(ltx::defaults::quality::kNumFrames);
  double fps = fps_in.value_or(ltx::defaults::quality::kFramesPerSecond);
  if (!(fps >= bounds::kFps.min && fps <= bounds::kFps.max)) {
    fps = ltx::defaults::quality::kFramesPerSecond;  // the range error covers a broken fps
  }
  const int limit = ltx::RenderToRealMaxFrames(resolution);
  if (frames <= limit) return;
  const std::string res(ltx::ToString(resolution));
  std::string msg = "num_frames=" + std::to_string(frames) + " is over the " + res + " budget of " +
                    std::to_string(limit) + " frames (about " + FormatSeconds(limit / fps) + " s at " +
                    FormatNumber(fps) + " fps): lower num_frames to " + std::to_string(limit) + " or less";
  if (resolution == ltx::RenderResolution::k720p) {
    const int wide = ltx::kRenderToRealMaxFrames480p;
    msg += ", or use 480p, which allows up to " + std::to_string(wide) + " frames (about " +
           FormatSeconds(wide / fps) + " s)";
  }
  c.Error(BodyLoc({"num_frames"}), "budget_exceeded", std::move(msg));
}

// fal documents about 150 frames at a 720p-class size and has said both "capped" and "422" above it, so this
// is a warning: the request may still succeed with a shorter video.
void CheckReferenceVideoBudget(Checks& c, const std::optional<ltx::VideoSizeOrAuto>& resolution,
                               const std::optional<int>& num_frames) {
  const std::optional<ltx::ImageSize> size = NominalSize(resolution);
  if (!size || !num_frames) return;
  if (std::min(size->width, size->height) < soft::kClass720pShortSide) return;
  const int limit = ltx::kReferenceVideoMaxFrames720pClass;
  if (*num_frames <= limit) return;
  c.Warn(BodyLoc({"num_frames"}), "budget_exceeded",
         "num_frames=" + std::to_string(*num_frames) + " is over the budget of about " +
             std::to_string(limit) + " frames at a 720p-class size (" + ltx::ToString(*resolution) +
             "): the server may cap the video at about " + std::to_string(limit) +
             " frames or reject the request with a 422; lower num_frames to " +
             std::to_string(FloorToFrameGrid(limit)) + " or less, or use a smaller resolution");
}

int ExtendMaxFrames(const ltx::ImageSize& size) {
  const int short_side = std::min(size.width, size.height);
  if (short_side >= ltx::kExtendClass1080pShortSide) return ltx::kExtendMaxFrames1080pClass;
  if (short_side >= soft::kClass720pShortSide) return ltx::kExtendMaxFrames720pClass;
  return ltx::kExtendMaxFrames480pClass;
}

void CheckContextFrames(Checks& c, int frames, const std::optional<int>& num_context_frames) {
  if (num_context_frames && *num_context_frames >= bounds::kContextFrames.min &&
      *num_context_frames <= bounds::kContextFrames.max) {
    if ((*num_context_frames - 1) % 8 != 0) {
      const int below = FloorToFrameGrid(*num_context_frames);
      c.Warn(BodyLoc({"num_context_frames"}), "frame_grid",
             "num_context_frames=" + std::to_string(*num_context_frames) +
                 " is not of the form 8k+1: the server snaps it down to " + std::to_string(below) + "; use " +
                 std::to_string(below) + " or " + std::to_string(below + 8));
    }
    if (*num_context_frames >= frames) {
      c.Error(BodyLoc({"num_context_frames"}), "value_error",
              "num_context_frames=" + std::to_string(*num_context_frames) +
                  " is not below num_frames=" + std::to_string(frames) +
                  ": num_frames includes the overlap, so nothing new would be generated; raise num_frames or "
                  "lower num_context_frames");
    }
  }
}

void CheckExtendBudget(Checks& c, const std::optional<ltx::VideoSizeOrAuto>& resolution,
                       const std::optional<int>& num_frames, const std::optional<int>& num_context_frames) {
  const int frames = num_frames.value_or(ltx::defaults::quality::kNumFrames);
  CheckContextFrames(c, frames, num_context_frames);
  if (frames < bounds::kNumFrames.min || frames > bounds::kNumFrames.max) return;  // the range error says it
  const std::optional<ltx::ImageSize> size = NominalSize(resolution);
  const int limit = ExtendMaxFrames(size.value_or(ltx::ImageSize{1280, 720}));
  if (frames <= limit) return;
  const std::string where =
      size ? "at " + ltx::ToString(*resolution) : "at a 720p-class source (resolution auto)";
  const std::string msg = "num_frames=" + std::to_string(frames) + " is over the extend budget of about " +
                          std::to_string(limit) + " frames " + where + ": lower num_frames to " +
                          std::to_string(limit) + " or less, or use a smaller resolution";
  if (size) {
    c.Error(BodyLoc({"num_frames"}), "budget_exceeded", msg);
  } else {
    c.Warn(BodyLoc({"num_frames"}), "budget_exceeded", msg + " (the source's size decides)");
  }
}

}  // namespace fal::internal
