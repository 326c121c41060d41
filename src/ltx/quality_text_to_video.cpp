#include "fal/ltx/quality_text_to_video.hpp"

#include "ltx/quality_fields.hpp"

namespace fal {

using internal::F;
using ltx::QualityTextToVideoInput;
using ltx::QualityTextToVideoLoraInput;

namespace {

template <class In>
internal::EndpointTable<In> TextToVideoTable(ltx::EndpointDescription endpoint,
                                             std::vector<ltx::FieldBinding<In>> loras) {
  std::vector<ltx::FieldBinding<In>> rows = {
      F<In>(&In::prompt, "prompt", "what the video shows"),
      F<In>(&In::resolution, "resolution", "a named size or WxH"),
  };
  return internal::MakeTable<In>(
      std::move(endpoint),
      internal::Rows<In>(internal::Rows<In>(std::move(rows), std::move(loras)), internal::QualityRows<In>()));
}

}  // namespace

template <>
const internal::EndpointTable<QualityTextToVideoInput>& internal::TableOf<QualityTextToVideoInput>() {
  using In = QualityTextToVideoInput;
  static const auto* table = new EndpointTable<In>(TextToVideoTable<In>(
      {EndpointTraits<In>::kEndpointId, "", "a video with audio from a prompt (quality model)", "", {}}, {}));
  return *table;
}

template <>
const internal::EndpointTable<QualityTextToVideoLoraInput>& internal::TableOf<QualityTextToVideoLoraInput>() {
  using In = QualityTextToVideoLoraInput;
  static const auto* table = new EndpointTable<In>(TextToVideoTable<In>(
      {EndpointTraits<In>::kEndpointId, "", "quality text-to-video with up to 3 custom LoRAs", "", {}},
      {F<In>(&In::loras, "loras", "1 to 3 LoRAs: .safetensors URL or local file, optional :SCALE")
           .Flag("lora")}));
  return *table;
}

void EndpointTraits<QualityTextToVideoInput>::Finalize(QualityTextToVideoInput& /*input*/) {}
void EndpointTraits<QualityTextToVideoLoraInput>::Finalize(QualityTextToVideoLoraInput& /*input*/) {}

FALCPP_LTX_TABLE_TRAITS(QualityTextToVideoInput, ParseQualityOutput)
FALCPP_LTX_TABLE_TRAITS(QualityTextToVideoLoraInput, ParseQualityOutput)

}  // namespace fal
