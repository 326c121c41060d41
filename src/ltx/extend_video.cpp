#include "fal/ltx/extend_video.hpp"

#include "ltx/budgets.hpp"
#include "ltx/quality_fields.hpp"

namespace fal {

using internal::F;
using ltx::ExtendVideoInput;
using ltx::ExtendVideoLoraInput;

namespace {

template <class In>
void ExtraRules(internal::Checks& c, const In& in) {
  internal::CheckExtendBudget(c, in.resolution, in.num_frames, in.num_context_frames);
}

// The rows of extend-video, with or without `loras` (the /lora endpoint's only extra field).
template <class In>
internal::EndpointTable<In> ExtendTable(ltx::EndpointDescription endpoint,
                                        std::vector<ltx::FieldBinding<In>> loras) {
  namespace bounds = internal::bounds;
  std::vector<ltx::FieldBinding<In>> head = {
      F<In>(&In::prompt, "prompt", "how the video continues"),
      F<In>(&In::video_url, "video_url", "the video to extend").Flag("video"),
  };
  std::vector<ltx::FieldBinding<In>> rest = {
      F<In>(&In::extend_direction, "extend_direction",
            "forward continues after the end, backward makes a new start")
          .Default("forward"),
      F<In>(&In::num_context_frames, "num_context_frames",
            "source frames used as overlap; snapped down to 8k+1")
          .Range(bounds::kContextFrames.min, bounds::kContextFrames.max)
          .Default("25"),
      F<In>(&In::end_image_url, "end_image_url", "a keyframe for the far end of the extension")
          .Flag("end-image"),
      F<In>(&In::end_image_strength, "end_image_strength", "1 matches the end keyframe exactly")
          .Range(bounds::kUnit.min, bounds::kUnit.max)
          .Default("1"),
      F<In>(&In::resolution, "resolution", "auto (the source's size), a named size or WxH (32-aligned)")
          .Default("auto"),
      F<In>(&In::match_input_fps, "match_input_fps", "use the source's fps instead of frames_per_second")
          .Default("true"),
      F<In>(&In::video_strength, "video_strength", "1 locks the overlap to the source for a seamless seam")
          .Range(bounds::kUnit.min, bounds::kUnit.max)
          .Default("1"),
  };
  return internal::MakeTable<In>(
      std::move(endpoint),
      internal::Rows<In>(
          internal::Rows<In>(internal::Rows<In>(std::move(head), std::move(loras)), std::move(rest)),
          internal::QualityRows<In>()),
      {}, &ExtraRules<In>);
}

}  // namespace

template <>
const internal::EndpointTable<ExtendVideoInput>& internal::TableOf<ExtendVideoInput>() {
  using In = ExtendVideoInput;
  static const auto* table = new EndpointTable<In>(
      ExtendTable<In>({EndpointTraits<In>::kEndpointId,
                       "extend-video",
                       "a video continued forward (or given a new beginning) from a source video",
                       kExtendBudgetText,
                       {}},
                      {}));
  return *table;
}

template <>
const internal::EndpointTable<ExtendVideoLoraInput>& internal::TableOf<ExtendVideoLoraInput>() {
  using In = ExtendVideoLoraInput;
  static const auto* table = new EndpointTable<In>(ExtendTable<In>(
      {EndpointTraits<In>::kEndpointId, "", "extend-video with up to 3 custom LoRAs", kExtendBudgetText, {}},
      {F<In>(&In::loras, "loras", "1 to 3 LoRAs: .safetensors URL or local file, optional :SCALE")
           .Flag("lora")}));
  return *table;
}

void EndpointTraits<ExtendVideoInput>::Finalize(ExtendVideoInput& /*input*/) {}
void EndpointTraits<ExtendVideoLoraInput>::Finalize(ExtendVideoLoraInput& /*input*/) {}

FALCPP_LTX_TABLE_TRAITS(ExtendVideoInput, ParseQualityOutput)
FALCPP_LTX_TABLE_TRAITS(ExtendVideoLoraInput, ParseQualityOutput)

}  // namespace fal
