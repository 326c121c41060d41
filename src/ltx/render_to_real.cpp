#include "fal/ltx/render_to_real.hpp"

#include <algorithm>
#include <cmath>

#include "fal/ltx/defaults.hpp"
#include "fal/ltx/frame_budget.hpp"
#include "fal/ltx/trigger.hpp"
#include "ltx/budgets.hpp"
#include "ltx/clip_fit.hpp"
#include "ltx/quality_fields.hpp"

namespace fal {

using internal::BodyLoc;
using internal::F;
using ltx::RenderToRealInput;

namespace {

void ExtraRules(internal::Checks& c, const RenderToRealInput& in) {
  if (in.enable_detail_refine.value_or(false)) {
    c.Warn(BodyLoc({"enable_detail_refine"}), "price",
           "enable_detail_refine=true renders at 2x width and 2x height: about 4x the price and slower (121 "
           "frames at 720p: about $1.08 instead of $0.27); leave it off for drafts");
  } else if (in.detail_refine_strength) {
    c.Warn(BodyLoc({"detail_refine_strength"}), "ignored",
           "detail_refine_strength=" + internal::FormatNumber(*in.detail_refine_strength) +
               " is set but enable_detail_refine is not true: the server ignores it; set "
               "enable_detail_refine=true or leave detail_refine_strength unset");
  }
  internal::CheckIcLoraBudget(c, in.resolution, in.num_frames, in.frames_per_second);
}

}  // namespace

template <>
const internal::EndpointTable<RenderToRealInput>& internal::TableOf<RenderToRealInput>() {
  using In = RenderToRealInput;
  namespace d = ltx::defaults::render_to_real;
  static const auto* table = new EndpointTable<In>(MakeTable<In>(
      {EndpointTraits<In>::kEndpointId,
       "render-to-real",
       "a 3D / CG / game render made photoreal (3DREAL), keeping its layout and camera move",
       kIcLoraBudgetText,
       {}},
      Rows<In>(
          {
              F<In>(&In::video_url, "video_url", "the render to make photoreal").Flag("video"),
              F<In>(&In::image_url, "image_url", "a photoreal first frame to anchor the look").Flag("image"),
              F<In>(&In::prompt, "prompt", "the look; \"3DREAL. \" is prepended when missing")
                  .Default("\"3DREAL. \""),
              F<In>(&In::resolution, "resolution", "output short side; trades against length (budget)")
                  .Default(DefaultText(d::kResolution)),
              F<In>(&In::intensity, "intensity", "which 3DREAL adapter").Default(DefaultText(d::kIntensity)),
              F<In>(&In::enable_detail_refine, "enable_detail_refine", "2x each side, about 4x the price")
                  .Default(DefaultText(d::kEnableDetailRefine)),
              F<In>(&In::detail_refine_strength, "detail_refine_strength",
                    "used only with enable_detail_refine")
                  .Range(bounds::kDetailRefineStrength.min, bounds::kDetailRefineStrength.max)
                  .Default(DefaultText(d::kDetailRefineStrength)),
          },
          QualityRows<In>({d::kEnablePromptExpansion})),
      {}, &ExtraRules));
  return *table;
}

void EndpointTraits<RenderToRealInput>::Finalize(RenderToRealInput& input) {
  input.prompt = ltx::EnsureTrigger(input.prompt.value_or(""));
}

const File* EndpointTraits<RenderToRealInput>::Clip(const RenderToRealInput& input) {
  return &input.video_url;
}

ValidationReport EndpointTraits<RenderToRealInput>::FitToClip(RenderToRealInput& input,
                                                              const ClipInfo& clip) {
  return internal::FitFramesToClip(input.num_frames, input.frames_per_second,
                                   input.resolution.value_or(ltx::defaults::render_to_real::kResolution),
                                   clip, "render-to-real");
}

FALCPP_LTX_TABLE_TRAITS(RenderToRealInput, ParseQualityOutput)

namespace ltx {

ImageSize RenderToRealOutputSize(int source_width, int source_height, RenderResolution resolution,
                                 bool detail_refine) {
  const int short_side = resolution == RenderResolution::k480p ? 480 : 720;
  if (source_width <= 0 || source_height <= 0) {  // no shape: none to keep, so 16:9
    source_width = 16;
    source_height = 9;
  }
  const bool portrait = source_height > source_width;
  const double aspect = portrait ? static_cast<double>(source_height) / source_width
                                 : static_cast<double>(source_width) / source_height;
  const int long_side = std::max(short_side, static_cast<int>(std::lround(short_side * aspect / 16)) * 16);
  ImageSize size = portrait ? ImageSize{short_side, long_side} : ImageSize{long_side, short_side};
  if (detail_refine) size = ImageSize{size.width * 2, size.height * 2};
  return size;
}

}  // namespace ltx

}  // namespace fal
