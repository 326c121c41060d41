#include "fal/ltx/image_to_video.hpp"

#include "fal/ltx/defaults.hpp"
#include "ltx/quality_fields.hpp"

namespace fal {

using internal::F;
using ltx::ImageToVideoInput;
using ltx::ImageToVideoLoraInput;

namespace {

// The rows of quality image-to-video, with or without `loras` (the /lora endpoint's only extra field).
template <class In>
internal::EndpointTable<In> ImageToVideoTable(ltx::EndpointDescription endpoint,
                                              std::vector<ltx::FieldBinding<In>> loras) {
  namespace bounds = internal::bounds;
  std::vector<ltx::FieldBinding<In>> rows = {
      F<In>(&In::prompt, "prompt", "what happens in the video"),
      F<In>(&In::image_url, "image_url", "the starting image").Flag("image"),
      F<In>(&In::resolution, "resolution", "auto (the image's aspect), a named size or WxH").Default("auto"),
      F<In>(&In::image_strength, "image_strength", "1 keeps the first frame exactly")
          .Range(bounds::kUnit.min, bounds::kUnit.max)
          .Default(internal::DefaultText(ltx::defaults::image_to_video::kImageStrength)),
  };
  return internal::MakeTable<In>(
      std::move(endpoint),
      internal::Rows<In>(internal::Rows<In>(std::move(rows), std::move(loras)), internal::QualityRows<In>()));
}

}  // namespace

template <>
const internal::EndpointTable<ImageToVideoInput>& internal::TableOf<ImageToVideoInput>() {
  using In = ImageToVideoInput;
  static const auto* table =
      new EndpointTable<In>(ImageToVideoTable<In>({EndpointTraits<In>::kEndpointId,
                                                   "image-to-video",
                                                   "a video with audio from a starting image and a prompt",
                                                   "",
                                                   {}},
                                                  {}));
  return *table;
}

template <>
const internal::EndpointTable<ImageToVideoLoraInput>& internal::TableOf<ImageToVideoLoraInput>() {
  using In = ImageToVideoLoraInput;
  static const auto* table = new EndpointTable<In>(ImageToVideoTable<In>(
      {EndpointTraits<In>::kEndpointId, "", "image-to-video with up to 3 custom LoRAs", "", {}},
      {F<In>(&In::loras, "loras", "1 to 3 LoRAs: .safetensors URL or local file, optional :SCALE")
           .Flag("lora")}));
  return *table;
}

void EndpointTraits<ImageToVideoInput>::Finalize(ImageToVideoInput& /*input*/) {}
void EndpointTraits<ImageToVideoLoraInput>::Finalize(ImageToVideoLoraInput& /*input*/) {}

FALCPP_LTX_TABLE_TRAITS(ImageToVideoInput, ParseQualityOutput)
FALCPP_LTX_TABLE_TRAITS(ImageToVideoLoraInput, ParseQualityOutput)

}  // namespace fal
