#pragma once
// The frame budgets of the LTX-2.3 quality endpoints, each written once: the IC-LoRA control path
// (render-to-real and the eight effects: 145 frames at 720p, 361 at 480p, rejected above), the reference
// video's ~150 frames at a 720p-class size (warned), and extend-video's volume budget (rejected above).

#include <optional>

#include "fal/ltx/common.hpp"
#include "fal/ltx/enums.hpp"
#include "ltx/rules.hpp"

namespace fal::internal {

inline constexpr const char* kIcLoraBudgetText =
    "720p allows at most 145 frames (about 6 s at 24 fps), 480p at most 361 (about 15 s). Over it fal "
    "answers "
    "422; falcpp rejects it in Strict before anything is uploaded. The budget is a volume of frames, so the "
    "frame limits do not change with fps; only the seconds do.";

inline constexpr const char* kReferenceVideoBudgetText =
    "About 150 frames at a 720p-class size (short side of 704 px or more). fal has documented both an "
    "automatic "
    "cap (a shorter video comes back) and a 422; falcpp warns and does not reject.";

inline constexpr const char* kExtendBudgetText =
    "The generated segment (num_frames, which includes num_context_frames of overlap) is capped by volume: "
    "at 24 fps about 20 s at a 480p-class size, 11 s at 720p-class and 5 s at 1080p-class (481, 265 and 121 "
    "frames). Over it fal answers 422; falcpp rejects it in Strict for a known size and warns for `auto` "
    "(the source's size decides). Sizes are 32-aligned; num_context_frames is snapped down to 8k+1. Only the "
    "generated segment is billed, not the source's frames.";

// render-to-real and the IC-LoRA effects: over the resolution's frame budget is an error
// ("budget_exceeded"), with the unset values at their documented defaults (720p, 121 frames, 24 fps).
void CheckIcLoraBudget(Checks& c, const std::optional<ltx::RenderResolution>& resolution,
                       const std::optional<int>& num_frames, const std::optional<double>& fps);

// reference-video-to-video(/lora): above ~150 frames at a 720p-class size is a warning.
void CheckReferenceVideoBudget(Checks& c, const std::optional<ltx::VideoSizeOrAuto>& resolution,
                               const std::optional<int>& num_frames);

// The most frames extend-video generates at `size` (24 fps budgets: about 20 s at 480p-class, 11 s at
// 720p-class, 5 s at 1080p-class, floored to 8k+1).
int ExtendMaxFrames(const ltx::ImageSize& size);

// The extend endpoints' overlap: num_context_frames not 8k+1 is warned (the server snaps it down), and at
// or above `frames` (num_frames, or its default) is an error.
void CheckContextFrames(Checks& c, int frames, const std::optional<int>& num_context_frames);

// extend-video(/lora): over the budget of a known size is an error; with `auto` (or unset) the source
// decides the size, so a request above the 720p-class budget is a warning. Then CheckContextFrames.
void CheckExtendBudget(Checks& c, const std::optional<ltx::VideoSizeOrAuto>& resolution,
                       const std::optional<int>& num_frames, const std::optional<int>& num_context_frames);

}  // namespace fal::internal
