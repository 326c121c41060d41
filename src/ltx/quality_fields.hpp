#pragma once
// The rows the ltx-2.3-quality endpoints share (num_frames, frames_per_second, steps, guidance, audio,
// negative prompt, seed, expansion, safety checker, encoder settings, sync_mode), written once. Templates
// rather than a base struct, so that each input stays a flat aggregate whose header lists every field.

#include <string>
#include <vector>

#include "fal/ltx/defaults.hpp"
#include "ltx/field_table.hpp"

namespace fal::internal {

// A documented default as the docs show it.
inline std::string DefaultText(int v) { return std::to_string(v); }
inline std::string DefaultText(double v) { return FormatNumber(v); }
inline std::string DefaultText(bool v) { return v ? "true" : "false"; }
inline std::string DefaultText(std::string_view v) { return std::string(v); }
template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
std::string DefaultText(E v) {
  return std::string(WireName(v));
}

// How an endpoint's shared rows differ: render-to-real's expansion is off by default.
struct QualityRowOptions {
  bool prompt_expansion_default = ltx::defaults::quality::kEnablePromptExpansion;
};

// The IC-LoRA effects have no enable_prompt_expansion: the row follows the struct.
template <class In, class = void>
struct HasPromptExpansion : std::false_type {};
template <class In>
struct HasPromptExpansion<In, std::void_t<decltype(&In::enable_prompt_expansion)>> : std::true_type {};

template <class In>
std::vector<ltx::FieldBinding<In>> QualityRows(QualityRowOptions options = {}) {
  namespace q = ltx::defaults::quality;
  std::vector<ltx::FieldBinding<In>> rows = {
      F<In>(&In::num_frames, "num_frames", "frames to generate (8k+1 counts: 73, 121, 241)")
          .Range(bounds::kNumFrames.min, bounds::kNumFrames.max)
          .Default(DefaultText(q::kNumFrames)),
      F<In>(&In::frames_per_second, "frames_per_second", "frames per second of the video")
          .Range(bounds::kFps.min, bounds::kFps.max)
          .Default(DefaultText(q::kFramesPerSecond)),
      F<In>(&In::num_inference_steps, "num_inference_steps", "denoising steps: more is slower")
          .Range(bounds::kQualitySteps.min, bounds::kQualitySteps.max)
          .Default(DefaultText(q::kNumInferenceSteps)),
      F<In>(&In::guidance_scale, "guidance_scale", "classifier-free guidance")
          .Range(bounds::kCfg.min, bounds::kCfg.max)
          .Default(DefaultText(q::kGuidanceScale)),
      F<In>(&In::generate_audio, "generate_audio", "add an audio track")
          .Default(DefaultText(q::kGenerateAudio)),
      F<In>(&In::negative_prompt, "negative_prompt", "what to steer away from")
          .Default("a long list (defaults::kQualityNegativePrompt)"),
      F<In>(&In::seed, "seed", "for reproducible results (with expansion off)").Default("random"),
  };
  if constexpr (HasPromptExpansion<In>::value) {
    rows.push_back(
        F<In>(&In::enable_prompt_expansion, "enable_prompt_expansion", "let fal rewrite the prompt")
            .Default(DefaultText(options.prompt_expansion_default)));
  }
  std::vector<ltx::FieldBinding<In>> tail = {
      F<In>(&In::enable_safety_checker, "enable_safety_checker", "fal's safety checker")
          .Default(DefaultText(q::kEnableSafetyChecker)),
      F<In>(&In::video_quality, "video_quality", "encoder quality").Default(DefaultText(q::kVideoQuality)),
      F<In>(&In::video_write_mode, "video_write_mode", "encoder speed against file size")
          .Default(DefaultText(q::kVideoWriteMode)),
      F<In>(&In::sync_mode, "sync_mode", "return the video inline as a data URI")
          .Default(DefaultText(q::kSyncMode)),
  };
  for (auto& row : tail) rows.push_back(std::move(row));
  return rows;
}

template <class In>
std::vector<ltx::FieldBinding<In>> Rows(std::vector<ltx::FieldBinding<In>> a,
                                        std::vector<ltx::FieldBinding<In>> b) {
  for (auto& row : b) a.push_back(std::move(row));
  return a;
}

}  // namespace fal::internal
