#include "fal/ltx/ic_lora_effects.hpp"

#include "fal/ltx/defaults.hpp"
#include "ltx/budgets.hpp"
#include "ltx/quality_fields.hpp"

namespace fal {

using internal::F;
using ltx::IcLoraEffectInput;

namespace {

void ExtraRules(internal::Checks& c, const IcLoraEffectInput& in) {
  internal::CheckIcLoraBudget(c, in.resolution, in.num_frames, in.frames_per_second);
}

// One table for every effect; `In` is the effect's own type (the members are the base's).
template <class In>
internal::EndpointTable<In> EffectTable(const char* id, const char* summary) {
  return internal::MakeTable<In>(
      {id, "", summary, internal::kIcLoraBudgetText, {}},
      internal::Rows<In>(
          {
              F<In>(&In::video_url, "video_url", "the source video").Flag("video"),
              F<In>(&In::prompt, "prompt",
                    "a short description of the scene, woven into the effect's caption")
                  .Default("\"\""),
              F<In>(&In::resolution, "resolution", "output short side; trades against length (budget)")
                  .Default(internal::DefaultText(ltx::defaults::render_to_real::kResolution)),
          },
          internal::QualityRows<In>()),
      {}, [](internal::Checks& c, const In& in) { ExtraRules(c, in); });
}

}  // namespace

template <>
const internal::EndpointTable<IcLoraEffectInput>& internal::TableOf<IcLoraEffectInput>() {
  static const auto* table = new EndpointTable<IcLoraEffectInput>(
      EffectTable<IcLoraEffectInput>("fal-ai/ltx-2.3-quality/<effect>", ""));
  return *table;
}

namespace ltx {

void IcLoraEffectTraits::Finalize(IcLoraEffectInput& /*input*/) {}

ValidationReport IcLoraEffectTraits::Validate(const IcLoraEffectInput& in) {
  return internal::ValidateTable(in, internal::TableOf<IcLoraEffectInput>(), in.extra_json);
}

std::vector<File*> IcLoraEffectTraits::Files(IcLoraEffectInput& in) {
  return internal::FilesOf(in, internal::TableOf<IcLoraEffectInput>());
}

std::string IcLoraEffectTraits::ToJson(const IcLoraEffectInput& in) {
  return internal::BodyOf(in, internal::TableOf<IcLoraEffectInput>(), in.extra_json);
}

Result<QualityVideoOutput> IcLoraEffectTraits::ParseOutput(const std::string& json) {
  return internal::ParseQualityOutput(json, "ltx-2.3-quality IC-LoRA effect");
}

}  // namespace ltx

#define FALCPP_LTX_EFFECT(Input, summary)                                                  \
  template <>                                                                              \
  const internal::EndpointTable<ltx::Input>& internal::TableOf<ltx::Input>() {             \
    static const auto* table = new EndpointTable<ltx::Input>(                              \
        EffectTable<ltx::Input>(EndpointTraits<ltx::Input>::kEndpointId, summary));        \
    return *table;                                                                         \
  }                                                                                        \
  const ltx::EndpointDescription& EndpointTraits<ltx::Input>::Description() {              \
    return internal::TableOf<ltx::Input>().description;                                    \
  }                                                                                        \
  const std::vector<ltx::FieldBinding<ltx::Input>>& EndpointTraits<ltx::Input>::Fields() { \
    return internal::TableOf<ltx::Input>().fields;                                         \
  }

FALCPP_LTX_EFFECT(CleanPlateInput, "IC-LoRA effect: removes people and objects for a clean background plate")
FALCPP_LTX_EFFECT(ColorizationInput, "IC-LoRA effect: colorizes black-and-white video")
FALCPP_LTX_EFFECT(CrossEyedInput, "IC-LoRA effect: makes the people in the video cross-eyed")
FALCPP_LTX_EFFECT(DayToNightInput, "IC-LoRA effect: turns a daytime video into night")
FALCPP_LTX_EFFECT(DeblurInput, "IC-LoRA effect: deblurs and denoises a video")
FALCPP_LTX_EFFECT(DecompressionInput, "IC-LoRA effect: removes compression artefacts")
FALCPP_LTX_EFFECT(InstantShaveInput, "IC-LoRA effect: shaves the beards of the people in the video")
FALCPP_LTX_EFFECT(WaterSimulationInput, "IC-LoRA effect: adds simulated water to the scene")
#undef FALCPP_LTX_EFFECT

}  // namespace fal
