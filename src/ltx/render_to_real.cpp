#include "fal/ltx/render_to_real.hpp"

#include <algorithm>
#include <cmath>

#include "fal/ltx/defaults.hpp"
#include "fal/ltx/frame_budget.hpp"
#include "fal/ltx/trigger.hpp"
#include "ltx/clip_fit.hpp"
#include "ltx/json_mapping.hpp"
#include "ltx/quality_fields.hpp"
#include "ltx/rules.hpp"

namespace fal {

using internal::BodyLoc;
using internal::Json;
using ltx::RenderToRealInput;

namespace {

Json TypedBody(const RenderToRealInput& in) {
  Json j = Json::object();
  internal::PutRequired(j, "video_url", in.video_url);
  internal::PutIfSet(j, "image_url", in.image_url);
  internal::PutIfSet(j, "prompt", in.prompt);
  internal::PutIfSet(j, "resolution", in.resolution);
  internal::PutIfSet(j, "intensity", in.intensity);
  internal::PutIfSet(j, "enable_detail_refine", in.enable_detail_refine);
  internal::PutIfSet(j, "detail_refine_strength", in.detail_refine_strength);
  internal::PutQualityFields(j, in);
  return j;
}

// The budget is a volume of frames (resolution x frames), so the frame limit is fixed per resolution and only
// the seconds in the message follow the request's fps. fal answers 422 above it.
void CheckBudget(internal::Checks& c, const RenderToRealInput& in) {
  const ltx::RenderResolution resolution = in.resolution.value_or(ltx::defaults::render_to_real::kResolution);
  const int frames = in.num_frames.value_or(ltx::defaults::quality::kNumFrames);
  double fps = in.frames_per_second.value_or(ltx::defaults::quality::kFramesPerSecond);
  if (!(fps >= internal::bounds::kFps.min && fps <= internal::bounds::kFps.max)) {
    fps = ltx::defaults::quality::kFramesPerSecond;  // the range error covers a broken fps
  }
  const int limit = ltx::RenderToRealMaxFrames(resolution);
  if (frames <= limit) return;
  const std::string res(ltx::ToString(resolution));
  std::string msg = "num_frames=" + std::to_string(frames) + " is over the " + res + " budget of " +
                    std::to_string(limit) + " frames (about " + internal::FormatSeconds(limit / fps) +
                    " s at " + internal::FormatNumber(fps) + " fps): lower num_frames to " +
                    std::to_string(limit) + " or less";
  if (resolution == ltx::RenderResolution::k720p) {
    const int wide = ltx::kRenderToRealMaxFrames480p;
    msg += ", or use 480p, which allows up to " + std::to_string(wide) + " frames (about " +
           internal::FormatSeconds(wide / fps) + " s)";
  }
  c.Error(BodyLoc({"num_frames"}), "budget_exceeded", std::move(msg));
}

}  // namespace

void EndpointTraits<RenderToRealInput>::Finalize(RenderToRealInput& input) {
  input.prompt = ltx::EnsureTrigger(input.prompt.value_or(""));
}

ValidationReport EndpointTraits<RenderToRealInput>::Validate(const RenderToRealInput& in) {
  internal::Checks c;
  internal::CheckFile(c, BodyLoc({"video_url"}), in.video_url, /*required=*/true);
  internal::CheckOptionalFile(c, BodyLoc({"image_url"}), in.image_url);
  internal::CheckRange(c, BodyLoc({"detail_refine_strength"}), in.detail_refine_strength,
                       internal::bounds::kDetailRefineStrength);
  if (in.enable_detail_refine.value_or(false)) {
    c.Warn(BodyLoc({"enable_detail_refine"}), "price",
           "enable_detail_refine=true renders at 2x width and 2x height: about 4x the price and slower (121 "
           "frames "
           "at 720p: about $1.08 instead of $0.27); leave it off for drafts");
  } else if (in.detail_refine_strength) {
    c.Warn(BodyLoc({"detail_refine_strength"}), "ignored",
           "detail_refine_strength=" + internal::FormatNumber(*in.detail_refine_strength) +
               " is set but enable_detail_refine is not true: the server ignores it; set "
               "enable_detail_refine=true "
               "or leave detail_refine_strength unset");
  }
  internal::CheckQualityFields(c, in);
  CheckBudget(c, in);
  std::vector<internal::ExtraEnum> enums = internal::QualityExtraEnums();
  enums.push_back(internal::EnumKey<ltx::RenderResolution>());
  enums.push_back(internal::EnumKey<ltx::Intensity>());
  internal::CheckExtraJson(c, TypedBody(in), in.extra_json, enums);
  return c.Take();
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

std::vector<File*> EndpointTraits<RenderToRealInput>::Files(RenderToRealInput& input) {
  std::vector<File*> files{&input.video_url};
  if (input.image_url) files.push_back(&*input.image_url);
  return files;
}

std::string EndpointTraits<RenderToRealInput>::ToJson(const RenderToRealInput& input) {
  Json body = TypedBody(input);
  internal::MergeExtraJson(body, input.extra_json);
  return internal::DumpBody(body);
}

Result<ltx::RenderToRealOutput> EndpointTraits<RenderToRealInput>::ParseOutput(const std::string& json) {
  return internal::ParseQualityOutput(json, kEndpointId);
}

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
