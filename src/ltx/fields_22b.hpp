#pragma once
// The rows the ltx-2.3-22b generation endpoints share (text-to-video and image-to-video, with or without
// loras): num_frames through distill_lora_second_pass_scale, written once. Only video_size differs between
// them (text-to-video has no `auto`), so the caller passes that row. Templates rather than a base struct, so
// that each input stays a flat aggregate whose header lists every field.

#include <utility>
#include <vector>

#include "fal/ltx/defaults.hpp"
#include "ltx/field_table.hpp"
#include "ltx/quality_fields.hpp"

namespace fal::internal {

template <class In>
std::vector<ltx::FieldBinding<In>> Ltx22bRows(Row<In> video_size) {
  namespace d = ltx::defaults::text_to_video_lora;
  auto unit = [](Row<In> row) { return std::move(row).Range(bounds::kUnit.min, bounds::kUnit.max); };
  auto cfg = [](Row<In> row) { return std::move(row).Range(bounds::kCfg.min, bounds::kCfg.max); };
  auto stg = [](Row<In> row) { return std::move(row).Range(bounds::kStg.min, bounds::kStg.max); };
  auto ten = [](Row<In> row) { return std::move(row).Range(bounds::kTen.min, bounds::kTen.max); };
  return {
      F<In>(&In::num_frames, "num_frames", "frames to generate")
          .Range(bounds::kNumFrames.min, bounds::kNumFrames.max)
          .Default(DefaultText(d::kNumFrames)),
      std::move(video_size),
      F<In>(&In::generate_audio, "generate_audio", "add an audio track")
          .Default(DefaultText(d::kGenerateAudio)),
      F<In>(&In::use_multiscale, "use_multiscale", "a small-scale pass first, then the full size")
          .Default(DefaultText(d::kUseMultiscale)),
      F<In>(&In::fps, "fps", "frames per second")
          .Range(bounds::kFps.min, bounds::kFps.max)
          .Default(DefaultText(d::kFps)),
      F<In>(&In::num_inference_steps, "num_inference_steps", "denoising steps")
          .Range(bounds::k22bSteps.min, bounds::k22bSteps.max)
          .Default(DefaultText(d::kNumInferenceSteps)),
      cfg(F<In>(&In::video_cfg_scale, "video_cfg_scale", "video guidance")
              .Default(DefaultText(d::kVideoCfgScale))),
      stg(F<In>(&In::video_stg_scale, "video_stg_scale", "video spatio-temporal guidance")
              .Default(DefaultText(d::kVideoStgScale))),
      unit(F<In>(&In::video_rescaling_scale, "video_rescaling_scale", "video guidance rescaling")
               .Default(DefaultText(d::kVideoRescalingScale))),
      ten(F<In>(&In::video_modality_scale, "video_modality_scale", "video cross-modality guidance")
              .Default(DefaultText(d::kVideoModalityScale))),
      cfg(F<In>(&In::audio_cfg_scale, "audio_cfg_scale", "audio guidance")
              .Default(DefaultText(d::kAudioCfgScale))),
      stg(F<In>(&In::audio_stg_scale, "audio_stg_scale", "audio spatio-temporal guidance")
              .Default(DefaultText(d::kAudioStgScale))),
      unit(F<In>(&In::audio_rescaling_scale, "audio_rescaling_scale", "audio guidance rescaling")
               .Default(DefaultText(d::kAudioRescalingScale))),
      ten(F<In>(&In::audio_modality_scale, "audio_modality_scale", "audio cross-modality guidance")
              .Default(DefaultText(d::kAudioModalityScale))),
      ten(F<In>(&In::gradient_estimation_gamma, "gradient_estimation_gamma", "0 disables")
              .Default(DefaultText(d::kGradientEstimationGamma))),
      F<In>(&In::use_restart_sampling, "use_restart_sampling", "inject a little noise per step")
          .Default(DefaultText(d::kUseRestartSampling)),
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
      unit(F<In>(&In::distill_lora_first_pass_scale, "distill_lora_first_pass_scale", "0 disables")
               .Default(DefaultText(d::kDistillLoraFirstPassScale))),
      unit(F<In>(&In::distill_lora_second_pass_scale, "distill_lora_second_pass_scale",
                 "second-pass distill LoRA")
               .Default(DefaultText(d::kDistillLoraSecondPassScale))),
  };
}

}  // namespace fal::internal
