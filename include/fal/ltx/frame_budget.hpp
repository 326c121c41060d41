#pragma once
/// @file
/// The frame budgets of the LTX-2.3 endpoints (the most frames fal accepts at a size) and the test for an
/// error that rejects a request over one. Validation itself runs in each input's
/// EndpointTraits<Input>::Validate; fal::ApplyValidationMode (fal/validation.hpp) turns a report into a pass
/// or a kInvalidArgument error. docs/validation.md lists every rule.
///
/// @par Thread safety
/// Constants and pure functions.

#include "fal/error.hpp"
#include "fal/export.hpp"
#include "fal/ltx/enums.hpp"

namespace fal::ltx {

/// render-to-real at 720p: the most frames the server accepts (about 6 s at 24 fps; the largest 8k+1 count
/// within fal's budget).
inline constexpr int kRenderToRealMaxFrames720p = 145;

/// render-to-real at 480p: the most frames the server accepts (about 15 s at 24 fps).
inline constexpr int kRenderToRealMaxFrames480p = 361;

/// reference-video-to-video/lora at a 720p-class size (short side of 704 px or more): above this many frames
/// the server caps the video or answers 422. Validation warns; it does not reject.
inline constexpr int kReferenceVideoMaxFrames720pClass = 150;

/// extend-video(/lora): the most frames of the generated segment at a 480p-class size (about 20 s at 24 fps).
inline constexpr int kExtendMaxFrames480pClass = 481;
/// extend-video(/lora) at a 720p-class size (short side of 704 px or more): about 11 s at 24 fps.
inline constexpr int kExtendMaxFrames720pClass = 265;
/// extend-video(/lora) at a 1080p-class size (short side of kExtendClass1080pShortSide px or more): about 5
/// s.
inline constexpr int kExtendMaxFrames1080pClass = 121;
/// The short side from which extend-video counts a size as 1080p-class (1920x1080 is delivered as 1888x1056;
/// fal names no threshold, so this is falcpp's reading).
inline constexpr int kExtendClass1080pShortSide = 1024;

/// The render-to-real frame budget of a resolution: 145 for 720p, 361 for 480p. The budget is a volume of
/// frames, so it does not change with fps; only the seconds do.
FALCPP_EXPORT int RenderToRealMaxFrames(RenderResolution resolution);

/// True for an error that rejects a request over a frame budget, from the server (a 422 whose field errors
/// point at num_frames or resolution) or from local validation (type "budget_exceeded"). Lets callers of
/// render-to-real and reference-video-to-video/lora react to both with one branch (say, retry at 480p).
FALCPP_EXPORT bool IsFrameBudgetRejection(const Error& error);

}  // namespace fal::ltx
