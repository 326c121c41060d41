#pragma once
// Fitting a request to its probed clip (fal/prepare.hpp, step 3): the rule for the endpoints with
// render-to-real's 480p/720p frame budget. render-to-real uses it; the IC-LoRA effects that share the
// budget can too. docs/validation.md, "Fit the clip", is the user's view.

#include <optional>
#include <string_view>

#include "fal/clip_info.hpp"
#include "fal/ltx/enums.hpp"
#include "fal/validation.hpp"

namespace fal::internal {

// num_frames unset: the clip's length snapped down to 8k+1 and within the budget of `resolution` (a
// warning that says so), or, for a clip over the budget, the budget itself and an error finding that says
// how long the clip is, what fits (480p, a split with `fal-ltx <command> --split chained|parallel`) and how
// to ask for it. num_frames set above the clip's length: a warning. frames_per_second unset and the clip's
// rate not 24: the clip's rate (a warning). A clip under 9 frames: an error.
ValidationReport FitFramesToClip(std::optional<int>& num_frames, std::optional<double>& frames_per_second,
                                 ltx::RenderResolution resolution, const ClipInfo& clip,
                                 std::string_view command);

}  // namespace fal::internal
