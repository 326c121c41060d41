#include "fal/ltx/distilled.hpp"

#include "fal/ltx/defaults.hpp"
#include "ltx/quality_fields.hpp"

namespace fal {

using internal::F;
using ltx::Ltx22bDistilledImageToVideoLoraInput;
using ltx::Ltx22bDistilledTextToVideoLoraInput;

namespace {

// How the two distilled /lora endpoints differ around their shared rows: the image endpoint's files after
// the prompt, its `auto` size, and its strengths at the end (fal lists them in that order).
template <class In>
struct DistilledShape {
  std::vector<ltx::FieldBinding<In>> after_prompt;  // before num_frames
  std::string size_help;
  std::string size_default;
  std::vector<ltx::FieldBinding<In>> tail;  // after distill_lora_second_pass_scale
};

// The rows of the distilled 22b /lora endpoints, in the order fal's pages (llms.txt) list them (`loras`
// after sync_mode). The ranges are those pages'; the LoRA scale range is the 22b family's (fal-js
// zLoRaInput, 0..4), as on 22b text-to-video/lora.
template <class In>
internal::EndpointTable<In> Distilled22bTable(ltx::EndpointDescription endpoint, DistilledShape<In> shape) {
  using internal::DefaultText;
  namespace bounds = internal::bounds;
  namespace d = ltx::defaults::distilled_lora;
  auto unit = [](internal::Row<In> row) {
    return std::move(row).Range(bounds::kUnit.min, bounds::kUnit.max);
  };
  std::vector<ltx::FieldBinding<In>> rows = {F<In>(&In::prompt, "prompt", "what the video shows")};
  for (auto& row : shape.after_prompt) rows.push_back(std::move(row));
  std::vector<ltx::FieldBinding<In>> shared = {
      F<In>(&In::num_frames, "num_frames", "frames to generate")
          .Range(bounds::kNumFrames.min, bounds::kNumFrames.max)
          .Default(DefaultText(d::kNumFrames)),
      F<In>(&In::video_size, "video_size", std::move(shape.size_help)).Default(std::move(shape.size_default)),
      F<In>(&In::generate_audio, "generate_audio", "add an audio track")
          .Default(DefaultText(d::kGenerateAudio)),
      F<In>(&In::use_multiscale, "use_multiscale", "a small-scale pass first, then the full size")
          .Default(DefaultText(d::kUseMultiscale)),
      F<In>(&In::fps, "fps", "frames per second")
          .Range(bounds::kFps.min, bounds::kFps.max)
          .Default(DefaultText(d::kFps)),
      F<In>(&In::scheduler, "scheduler", "sampling schedule").Default(DefaultText(d::kScheduler)),
      F<In>(&In::acceleration, "acceleration", "speed against quality")
          .Default(DefaultText(d::kAcceleration)),
      F<In>(&In::camera_lora, "camera_lora", "a built-in camera move").Default(DefaultText(d::kCameraLora)),
      unit(F<In>(&In::camera_lora_scale, "camera_lora_scale", "used only with a camera LoRA")
               .Default(DefaultText(d::kCameraLoraScale))),
      F<In>(&In::negative_prompt, "negative_prompt", "what to steer away from")
          .Default("a list (defaults::k22bNegativePrompt)"),
      F<In>(&In::seed, "seed", "for reproducible results (with expansion off)").Default("random"),
      F<In>(&In::enable_prompt_expansion, "enable_prompt_expansion", "let fal rewrite the prompt")
          .Default(DefaultText(d::kEnablePromptExpansion)),
      F<In>(&In::enable_safety_checker, "enable_safety_checker", "fal's safety checker")
          .Default(DefaultText(d::kEnableSafetyChecker)),
      F<In>(&In::video_output_type, "video_output_type", "container and codec")
          .Default(DefaultText(d::kVideoOutputType)),
      F<In>(&In::video_quality, "video_quality", "encoder quality").Default(DefaultText(d::kVideoQuality)),
      F<In>(&In::video_write_mode, "video_write_mode", "encoder speed against file size")
          .Default(DefaultText(d::kVideoWriteMode)),
      F<In>(&In::sync_mode, "sync_mode", "return the video inline as a data URI")
          .Default(DefaultText(d::kSyncMode)),
      F<In>(&In::loras, "loras", "LoRAs: URL, HF repo id or local file, optional :SCALE (0..4)").Flag("lora"),
      unit(F<In>(&In::distill_lora_second_pass_scale, "distill_lora_second_pass_scale",
                 "second-pass distill LoRA")
               .Default(DefaultText(d::kDistillLoraSecondPassScale))),
  };
  return internal::MakeTable<In>(
      std::move(endpoint),
      internal::Rows<In>(internal::Rows<In>(std::move(rows), std::move(shared)), std::move(shape.tail)),
      {internal::soft::kAlign, internal::LoraFamily::k22b});
}

}  // namespace

template <>
const internal::EndpointTable<Ltx22bDistilledTextToVideoLoraInput>&
internal::TableOf<Ltx22bDistilledTextToVideoLoraInput>() {
  using In = Ltx22bDistilledTextToVideoLoraInput;
  static const auto* table = new EndpointTable<In>(Distilled22bTable<In>(
      {EndpointTraits<In>::kEndpointId,
       "",
       "a video with audio from a prompt (22B distilled, with LoRAs)",
       "",
       {}},
      {{}, "a named size or WxH (no auto)", DefaultText(ltx::defaults::distilled_lora::kVideoSize), {}}));
  return *table;
}

template <>
const internal::EndpointTable<Ltx22bDistilledImageToVideoLoraInput>&
internal::TableOf<Ltx22bDistilledImageToVideoLoraInput>() {
  using In = Ltx22bDistilledImageToVideoLoraInput;
  namespace d = ltx::defaults::distilled_lora;
  auto unit = [](Row<In> row) { return std::move(row).Range(bounds::kUnit.min, bounds::kUnit.max); };
  static const auto* table = new EndpointTable<In>(Distilled22bTable<In>(
      {EndpointTraits<In>::kEndpointId,
       "",
       "a video with audio from a start (and end) image (22B distilled, with LoRAs)",
       "",
       {}},
      {{
           F<In>(&In::image_url, "image_url", "the starting image").Flag("image"),
           F<In>(&In::end_image_url, "end_image_url", "the image the video ends on").Flag("end-image"),
       },
       "auto (the image's aspect), a named size or WxH",
       "auto",
       {
           F<In>(&In::interpolation_direction, "interpolation_direction",
                 "forward: start to end image; backward: the reverse")
               .Default(DefaultText(d::kInterpolationDirection)),
           unit(F<In>(&In::image_strength, "image_strength", "1 keeps the start image exactly")
                    .Default(DefaultText(d::kImageStrength))),
           unit(F<In>(&In::end_image_strength, "end_image_strength", "1 keeps the end image exactly")
                    .Default(DefaultText(d::kEndImageStrength))),
       }}));
  return *table;
}

void EndpointTraits<Ltx22bDistilledTextToVideoLoraInput>::Finalize(
    Ltx22bDistilledTextToVideoLoraInput& /*input*/) {}
void EndpointTraits<Ltx22bDistilledImageToVideoLoraInput>::Finalize(
    Ltx22bDistilledImageToVideoLoraInput& /*input*/) {}

FALCPP_LTX_TABLE_TRAITS(Ltx22bDistilledTextToVideoLoraInput, Parse22bOutput)
FALCPP_LTX_TABLE_TRAITS(Ltx22bDistilledImageToVideoLoraInput, Parse22bOutput)

}  // namespace fal
