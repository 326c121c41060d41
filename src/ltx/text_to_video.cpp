#include "fal/ltx/text_to_video.hpp"

#include "ltx/json_mapping.hpp"
#include "ltx/rules.hpp"

namespace fal {

using internal::BodyLoc;
using internal::Json;
using ltx::TextToVideoLoraInput;

namespace {

Json TypedBody(const TextToVideoLoraInput& in) {
  Json j = Json::object();
  internal::PutRequired(j, "prompt", in.prompt);
  internal::PutRequired(j, "loras", in.loras);
  internal::PutIfSet(j, "num_frames", in.num_frames);
  internal::PutIfSet(j, "video_size", in.video_size);
  internal::PutIfSet(j, "generate_audio", in.generate_audio);
  internal::PutIfSet(j, "use_multiscale", in.use_multiscale);
  internal::PutIfSet(j, "fps", in.fps);
  internal::PutIfSet(j, "num_inference_steps", in.num_inference_steps);
  internal::PutIfSet(j, "video_cfg_scale", in.video_cfg_scale);
  internal::PutIfSet(j, "video_stg_scale", in.video_stg_scale);
  internal::PutIfSet(j, "video_rescaling_scale", in.video_rescaling_scale);
  internal::PutIfSet(j, "video_modality_scale", in.video_modality_scale);
  internal::PutIfSet(j, "audio_cfg_scale", in.audio_cfg_scale);
  internal::PutIfSet(j, "audio_stg_scale", in.audio_stg_scale);
  internal::PutIfSet(j, "audio_rescaling_scale", in.audio_rescaling_scale);
  internal::PutIfSet(j, "audio_modality_scale", in.audio_modality_scale);
  internal::PutIfSet(j, "gradient_estimation_gamma", in.gradient_estimation_gamma);
  internal::PutIfSet(j, "use_restart_sampling", in.use_restart_sampling);
  internal::PutIfSet(j, "scheduler", in.scheduler);
  internal::PutIfSet(j, "acceleration", in.acceleration);
  internal::PutIfSet(j, "camera_lora", in.camera_lora);
  internal::PutIfSet(j, "camera_lora_scale", in.camera_lora_scale);
  internal::PutIfSet(j, "negative_prompt", in.negative_prompt);
  internal::PutIfSet(j, "seed", in.seed);
  internal::PutIfSet(j, "enable_prompt_expansion", in.enable_prompt_expansion);
  internal::PutIfSet(j, "enable_safety_checker", in.enable_safety_checker);
  internal::PutIfSet(j, "video_output_type", in.video_output_type);
  internal::PutIfSet(j, "video_quality", in.video_quality);
  internal::PutIfSet(j, "video_write_mode", in.video_write_mode);
  internal::PutIfSet(j, "sync_mode", in.sync_mode);
  internal::PutIfSet(j, "distill_lora_first_pass_scale", in.distill_lora_first_pass_scale);
  internal::PutIfSet(j, "distill_lora_second_pass_scale", in.distill_lora_second_pass_scale);
  return j;
}

}  // namespace

void EndpointTraits<TextToVideoLoraInput>::Finalize(TextToVideoLoraInput& /*input*/) {}

ValidationReport EndpointTraits<TextToVideoLoraInput>::Validate(const TextToVideoLoraInput& in) {
  namespace bounds = internal::bounds;
  internal::Checks c;
  internal::CheckRequiredText(c, BodyLoc({"prompt"}), in.prompt, "a prompt that describes the video");
  internal::CheckLoras(c, in.loras, internal::LoraFamily::k22b);
  internal::CheckTriggerForLoras(c, in.prompt, in.loras);
  internal::CheckFrames(c, in.num_frames, in.fps, "fps");
  internal::CheckSize(c, BodyLoc({"video_size"}), in.video_size, internal::soft::kAlign);
  internal::CheckRange(c, BodyLoc({"num_inference_steps"}), in.num_inference_steps, bounds::k22bSteps);
  // The guidance knobs, each with the range fal publishes for it.
  const std::pair<const char*, std::pair<const std::optional<double>*, internal::RealBound>> scales[] = {
      {"video_cfg_scale", {&in.video_cfg_scale, bounds::kCfg}},
      {"video_stg_scale", {&in.video_stg_scale, bounds::kStg}},
      {"video_rescaling_scale", {&in.video_rescaling_scale, bounds::kUnit}},
      {"video_modality_scale", {&in.video_modality_scale, bounds::kTen}},
      {"audio_cfg_scale", {&in.audio_cfg_scale, bounds::kCfg}},
      {"audio_stg_scale", {&in.audio_stg_scale, bounds::kStg}},
      {"audio_rescaling_scale", {&in.audio_rescaling_scale, bounds::kUnit}},
      {"audio_modality_scale", {&in.audio_modality_scale, bounds::kTen}},
      {"gradient_estimation_gamma", {&in.gradient_estimation_gamma, bounds::kTen}},
      {"camera_lora_scale", {&in.camera_lora_scale, bounds::kUnit}},
      {"distill_lora_first_pass_scale", {&in.distill_lora_first_pass_scale, bounds::kUnit}},
      {"distill_lora_second_pass_scale", {&in.distill_lora_second_pass_scale, bounds::kUnit}},
  };
  for (const auto& [key, field] : scales) internal::CheckRange(c, BodyLoc({key}), *field.first, field.second);
  const std::vector<internal::ExtraEnum> enums = {internal::SizeKey("video_size", /*allow_auto=*/false),
                                                  internal::EnumKey<ltx::Scheduler>(),
                                                  internal::EnumKey<ltx::Acceleration>(),
                                                  internal::EnumKey<ltx::CameraLora>(),
                                                  internal::EnumKey<ltx::VideoOutputType>(),
                                                  internal::EnumKey<ltx::VideoQuality>(),
                                                  internal::EnumKey<ltx::VideoWriteMode>()};
  internal::CheckExtraJson(c, TypedBody(in), in.extra_json, enums);
  return c.Take();
}

std::vector<File*> EndpointTraits<TextToVideoLoraInput>::Files(TextToVideoLoraInput& /*input*/) { return {}; }

std::string EndpointTraits<TextToVideoLoraInput>::ToJson(const TextToVideoLoraInput& input) {
  Json body = TypedBody(input);
  internal::MergeExtraJson(body, input.extra_json);
  return internal::DumpBody(body);
}

Result<ltx::TextToVideoLoraOutput> EndpointTraits<TextToVideoLoraInput>::ParseOutput(
    const std::string& json) {
  return internal::Parse22bOutput(json, kEndpointId);
}

}  // namespace fal
