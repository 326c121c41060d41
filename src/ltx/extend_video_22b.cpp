#include "fal/ltx/extend_video_22b.hpp"

#include "ltx/budgets.hpp"
#include "ltx/fields_22b.hpp"

namespace fal {

using internal::F;
using ltx::Ltx22bExtendVideoInput;
using ltx::Ltx22bExtendVideoLoraInput;

namespace {

template <class In>
void ExtraRules(internal::Checks& c, const In& in) {
  internal::CheckContextFrames(c, in.num_frames.value_or(ltx::defaults::text_to_video_lora::kNumFrames),
                               in.num_context_frames);
}

// The rows of 22b extend-video, with or without `loras` (the /lora endpoint's only extra field): the
// source and its overlap first, then the rows every 22b endpoint shares.
template <class In>
internal::EndpointTable<In> Extend22bTable(ltx::EndpointDescription endpoint,
                                           std::vector<ltx::FieldBinding<In>> loras) {
  namespace bounds = internal::bounds;
  auto unit = [](internal::Row<In> row) {
    return std::move(row).Range(bounds::kUnit.min, bounds::kUnit.max).Default("1");
  };
  std::vector<ltx::FieldBinding<In>> head = {
      F<In>(&In::prompt, "prompt", "how the video continues"),
      F<In>(&In::video_url, "video_url", "the video to extend").Flag("video"),
  };
  std::vector<ltx::FieldBinding<In>> source = {
      F<In>(&In::extend_direction, "extend_direction",
            "forward continues after the end, backward makes a new start")
          .Default("forward"),
      F<In>(&In::num_context_frames, "num_context_frames", "source frames used as overlap (8k+1)")
          .Range(bounds::kContextFrames.min, bounds::kContextFrames.max)
          .Default("25"),
      F<In>(&In::end_image_url, "end_image_url", "a keyframe for the far end of the extension")
          .Flag("end-image"),
      unit(F<In>(&In::end_image_strength, "end_image_strength", "1 matches the end keyframe exactly")),
      unit(F<In>(&In::video_strength, "video_strength", "1 locks the overlap to the source")),
      unit(F<In>(&In::audio_strength, "audio_strength", "1 keeps the source's audio in the overlap")),
      F<In>(&In::match_input_fps, "match_input_fps", "use the source's fps instead of fps").Default("true"),
  };
  return internal::MakeTable<In>(
      std::move(endpoint),
      internal::Rows<In>(
          internal::Rows<In>(internal::Rows<In>(std::move(head), std::move(loras)), std::move(source)),
          internal::Ltx22bRows<In>(
              F<In>(&In::video_size, "video_size", "auto (the source's size), a named size or WxH")
                  .Default("auto"))),
      {internal::soft::kAlign, internal::LoraFamily::k22b}, &ExtraRules<In>);
}

constexpr const char* kExtend22bBudgetText =
    "fal publishes no frame budget for the 22b extend endpoints; falcpp warns above about 20 s, as for the "
    "other 22b endpoints. num_frames includes num_context_frames of overlap (snapped down to 8k+1). Only the "
    "generated frames are billed, not the source's.";

}  // namespace

template <>
const internal::EndpointTable<Ltx22bExtendVideoInput>& internal::TableOf<Ltx22bExtendVideoInput>() {
  using In = Ltx22bExtendVideoInput;
  static const auto* table =
      new EndpointTable<In>(Extend22bTable<In>({EndpointTraits<In>::kEndpointId,
                                                "",
                                                "a source video continued by the 22B model",
                                                kExtend22bBudgetText,
                                                {}},
                                               {}));
  return *table;
}

template <>
const internal::EndpointTable<Ltx22bExtendVideoLoraInput>& internal::TableOf<Ltx22bExtendVideoLoraInput>() {
  using In = Ltx22bExtendVideoLoraInput;
  static const auto* table = new EndpointTable<In>(Extend22bTable<In>(
      {EndpointTraits<In>::kEndpointId,
       "",
       "a source video continued by the 22B model, with LoRAs",
       kExtend22bBudgetText,
       {}},
      {F<In>(&In::loras, "loras", "LoRAs: URL, HF repo id or local file, optional :SCALE (0..4)")
           .Flag("lora")}));
  return *table;
}

void EndpointTraits<Ltx22bExtendVideoInput>::Finalize(Ltx22bExtendVideoInput& /*input*/) {}
void EndpointTraits<Ltx22bExtendVideoLoraInput>::Finalize(Ltx22bExtendVideoLoraInput& /*input*/) {}

FALCPP_LTX_TABLE_TRAITS(Ltx22bExtendVideoInput, Parse22bOutput)
FALCPP_LTX_TABLE_TRAITS(Ltx22bExtendVideoLoraInput, Parse22bOutput)

}  // namespace fal
