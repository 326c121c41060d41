#include "fal/ltx/image_to_video_22b.hpp"

#include "fal/ltx/defaults.hpp"
#include "ltx/fields_22b.hpp"
#include "ltx/quality_fields.hpp"

namespace fal {

using internal::F;
using ltx::Ltx22bImageToVideoInput;
using ltx::Ltx22bImageToVideoLoraInput;

namespace {

// The rows of 22b image-to-video, with or without `loras` (the /lora endpoint's only extra field): 22b
// text-to-video's rows with an `auto` video_size, plus the images, their strengths and the direction. The
// strengths' 0..1 range is fal's published schema (fal-js zod types).
template <class In>
internal::EndpointTable<In> ImageToVideo22bTable(ltx::EndpointDescription endpoint,
                                                 std::vector<ltx::FieldBinding<In>> loras) {
  namespace bounds = internal::bounds;
  namespace d = ltx::defaults::image_to_video_22b;
  std::vector<ltx::FieldBinding<In>> head = {
      F<In>(&In::prompt, "prompt", "what happens in the video"),
      F<In>(&In::image_url, "image_url", "the starting image").Flag("image"),
      F<In>(&In::end_image_url, "end_image_url", "an image for the video to end on").Flag("end-image"),
  };
  std::vector<ltx::FieldBinding<In>> tail = {
      F<In>(&In::image_strength, "image_strength", "1 keeps the first frame exactly")
          .Range(bounds::kUnit.min, bounds::kUnit.max)
          .Default(internal::DefaultText(d::kImageStrength)),
      F<In>(&In::end_image_strength, "end_image_strength", "1 keeps the last frame exactly")
          .Range(bounds::kUnit.min, bounds::kUnit.max)
          .Default(internal::DefaultText(d::kEndImageStrength)),
      F<In>(&In::interpolation_direction, "interpolation_direction",
            "forward runs start image to end image, backward the reverse")
          .Default(internal::DefaultText(d::kInterpolationDirection)),
  };
  return internal::MakeTable<In>(
      std::move(endpoint),
      internal::Rows<In>(
          internal::Rows<In>(internal::Rows<In>(std::move(head), std::move(loras)),
                             internal::Ltx22bRows<In>(F<In>(&In::video_size, "video_size",
                                                            "auto (the image's aspect), a named size or WxH")
                                                          .Default("auto"))),
          std::move(tail)),
      {internal::soft::kAlign, internal::LoraFamily::k22b});
}

}  // namespace

template <>
const internal::EndpointTable<Ltx22bImageToVideoInput>& internal::TableOf<Ltx22bImageToVideoInput>() {
  using In = Ltx22bImageToVideoInput;
  static const auto* table = new EndpointTable<In>(ImageToVideo22bTable<In>(
      {EndpointTraits<In>::kEndpointId, "", "a video with audio from a starting image (22B model)", "", {}},
      {}));
  return *table;
}

template <>
const internal::EndpointTable<Ltx22bImageToVideoLoraInput>& internal::TableOf<Ltx22bImageToVideoLoraInput>() {
  using In = Ltx22bImageToVideoLoraInput;
  static const auto* table = new EndpointTable<In>(ImageToVideo22bTable<In>(
      {EndpointTraits<In>::kEndpointId, "", "22B image-to-video with custom LoRAs", "", {}},
      {F<In>(&In::loras, "loras", "LoRAs: URL, HF repo id or local file, optional :SCALE (0..4)")
           .Flag("lora")}));
  return *table;
}

void EndpointTraits<Ltx22bImageToVideoInput>::Finalize(Ltx22bImageToVideoInput& /*input*/) {}
void EndpointTraits<Ltx22bImageToVideoLoraInput>::Finalize(Ltx22bImageToVideoLoraInput& /*input*/) {}

FALCPP_LTX_TABLE_TRAITS(Ltx22bImageToVideoInput, Parse22bOutput)
FALCPP_LTX_TABLE_TRAITS(Ltx22bImageToVideoLoraInput, Parse22bOutput)

}  // namespace fal
