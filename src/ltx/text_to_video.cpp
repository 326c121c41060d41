#include "fal/ltx/text_to_video.hpp"

#include "fal/ltx/defaults.hpp"
#include "ltx/fields_22b.hpp"
#include "ltx/quality_fields.hpp"

namespace fal {

using internal::F;
using ltx::Ltx22bTextToVideoInput;
using ltx::TextToVideoLoraInput;

namespace {

// The rows of 22b text-to-video, with or without `loras` (the /lora endpoint's only extra field).
template <class In>
internal::EndpointTable<In> TextToVideo22bTable(ltx::EndpointDescription endpoint,
                                                std::vector<ltx::FieldBinding<In>> loras) {
  namespace d = ltx::defaults::text_to_video_lora;
  std::vector<ltx::FieldBinding<In>> rows = {F<In>(&In::prompt, "prompt", "what the video shows")};
  for (auto& row : loras) rows.push_back(std::move(row));
  return internal::MakeTable<In>(
      std::move(endpoint),
      internal::Rows<In>(
          std::move(rows),
          internal::Ltx22bRows<In>(F<In>(&In::video_size, "video_size", "a named size or WxH (no auto)")
                                       .Default(internal::DefaultText(d::kVideoSize)))),
      {internal::soft::kAlign, internal::LoraFamily::k22b});
}

}  // namespace

template <>
const internal::EndpointTable<TextToVideoLoraInput>& internal::TableOf<TextToVideoLoraInput>() {
  using In = TextToVideoLoraInput;
  static const auto* table = new EndpointTable<In>(TextToVideo22bTable<In>(
      {EndpointTraits<In>::kEndpointId,
       "text-to-video",
       "a video with audio from a prompt (22B model, with LoRAs)",
       "",
       {}},
      {F<In>(&In::loras, "loras", "LoRAs: URL, HF repo id or local file, optional :SCALE (0..4)")
           .Flag("lora")}));
  return *table;
}

template <>
const internal::EndpointTable<Ltx22bTextToVideoInput>& internal::TableOf<Ltx22bTextToVideoInput>() {
  using In = Ltx22bTextToVideoInput;
  static const auto* table = new EndpointTable<In>(TextToVideo22bTable<In>(
      {EndpointTraits<In>::kEndpointId, "", "a video with audio from a prompt (22B model)", "", {}}, {}));
  return *table;
}

void EndpointTraits<TextToVideoLoraInput>::Finalize(TextToVideoLoraInput& /*input*/) {}
void EndpointTraits<Ltx22bTextToVideoInput>::Finalize(Ltx22bTextToVideoInput& /*input*/) {}

FALCPP_LTX_TABLE_TRAITS(TextToVideoLoraInput, Parse22bOutput)
FALCPP_LTX_TABLE_TRAITS(Ltx22bTextToVideoInput, Parse22bOutput)

}  // namespace fal
