#pragma once
/// @file
/// fal-ai/ltx-2.3-22b/text-to-video/lora: a video (with audio) from a prompt on the 22B model, with custom
/// LoRAs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fal/endpoint.hpp"
#include "fal/export.hpp"
#include "fal/ltx/common.hpp"
#include "fal/ltx/describe.hpp"
#include "fal/ltx/enums.hpp"

namespace fal::ltx {

/// The input of 22b text-to-video/lora. Unset optionals are left out of the JSON; the 22b defaults have
/// drifted on fal's side, which is why falcpp never fills them in.
///
/// Checked in ValidationMode::kStrict: prompt given; num_frames 9..481, fps 1..60, num_inference_steps 8..50,
/// video_cfg_scale and audio_cfg_scale 1..20, video_stg_scale and audio_stg_scale 0..20, the rescaling scales
/// 0..1, the modality scales 0..10, gradient_estimation_gamma 0..10, camera_lora_scale 0..1, the distill LoRA
/// scales 0..1, each LoRA's scale 0..4, custom sizes 1..14142 px. Warned: num_frames not 8k+1, sizes not a
/// multiple of 32, an axis above 2048 px, a clip longer than about 20 s, a LoRA `transformer` (not a field of
/// this endpoint), a 3DREAL LoRA with a prompt that lacks the trigger.
///
/// @code
/// fal::ltx::TextToVideoLoraInput input;
/// input.prompt = "A cowboy walking through a dusty town at high noon, camera following from behind.";
/// input.loras = {{"https://example.com/western.safetensors", 0.8, std::nullopt, std::nullopt}};
/// input.video_size = fal::ltx::SizePreset::kLandscape16x9;
/// input.camera_lora = fal::ltx::CameraLora::kDollyIn;
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT TextToVideoLoraInput {
  std::string prompt;                                   ///< Required.
  std::vector<LoraInput> loras;                         ///< Required (fal's own example sends an empty path).
  std::optional<int> num_frames;                        ///< 9..481.
  std::optional<VideoSize> video_size;                  ///< A named size or {width, height}; no `auto` here.
  std::optional<bool> generate_audio;                   ///< Server default true.
  std::optional<bool> use_multiscale;                   ///< Small-scale pass first, then the full size.
  std::optional<double> fps;                            ///< 1..60.
  std::optional<int> num_inference_steps;               ///< 8..50.
  std::optional<double> video_cfg_scale;                ///< 1..20.
  std::optional<double> video_stg_scale;                ///< 0..20.
  std::optional<double> video_rescaling_scale;          ///< 0..1.
  std::optional<double> video_modality_scale;           ///< 0..10.
  std::optional<double> audio_cfg_scale;                ///< 1..20.
  std::optional<double> audio_stg_scale;                ///< 0..20.
  std::optional<double> audio_rescaling_scale;          ///< 0..1.
  std::optional<double> audio_modality_scale;           ///< 0..10.
  std::optional<double> gradient_estimation_gamma;      ///< 0..10; 0 disables.
  std::optional<bool> use_restart_sampling;             ///< Injects a little noise per step.
  std::optional<Scheduler> scheduler;                   ///< ltx2, linear_quadratic, beta.
  std::optional<Acceleration> acceleration;             ///< none, regular, high, full.
  std::optional<CameraLora> camera_lora;                ///< A built-in camera move.
  std::optional<double> camera_lora_scale;              ///< 0..1; used only with a camera LoRA.
  std::optional<std::string> negative_prompt;           ///< What to steer away from.
  std::optional<std::int64_t> seed;                     ///< For reproducibility (with expansion off).
  std::optional<bool> enable_prompt_expansion;          ///< Server default true.
  std::optional<bool> enable_safety_checker;            ///< Server default true.
  std::optional<VideoOutputType> video_output_type;     ///< Container and codec.
  std::optional<VideoQuality> video_quality;            ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;       ///< Encoder speed against size.
  std::optional<bool> sync_mode;                        ///< true returns the video inline as a data URI.
  std::optional<double> distill_lora_first_pass_scale;  ///< 0..1; 0 disables.
  std::optional<double> distill_lora_second_pass_scale;  ///< 0..1.
  /// A JSON object merged into the body, for fields falcpp does not know yet. On a key clash the typed field
  /// wins. Must be empty or a JSON object ("{...}").
  std::string extra_json;
};

/// The input of fal-ai/ltx-2.3-22b/text-to-video: TextToVideoLoraInput without `loras`, at the 22b price.
/// Same fields, bounds and rules.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT Ltx22bTextToVideoInput {
  std::string prompt;                                    ///< Required.
  std::optional<int> num_frames;                         ///< 9..481.
  std::optional<VideoSize> video_size;                   ///< A named size or {width, height}; no `auto` here.
  std::optional<bool> generate_audio;                    ///< Server default true.
  std::optional<bool> use_multiscale;                    ///< Small-scale pass first, then the full size.
  std::optional<double> fps;                             ///< 1..60.
  std::optional<int> num_inference_steps;                ///< 8..50.
  std::optional<double> video_cfg_scale;                 ///< 1..20.
  std::optional<double> video_stg_scale;                 ///< 0..20.
  std::optional<double> video_rescaling_scale;           ///< 0..1.
  std::optional<double> video_modality_scale;            ///< 0..10.
  std::optional<double> audio_cfg_scale;                 ///< 1..20.
  std::optional<double> audio_stg_scale;                 ///< 0..20.
  std::optional<double> audio_rescaling_scale;           ///< 0..1.
  std::optional<double> audio_modality_scale;            ///< 0..10.
  std::optional<double> gradient_estimation_gamma;       ///< 0..10; 0 disables.
  std::optional<bool> use_restart_sampling;              ///< Injects a little noise per step.
  std::optional<Scheduler> scheduler;                    ///< ltx2, linear_quadratic, beta.
  std::optional<Acceleration> acceleration;              ///< none, regular, high, full.
  std::optional<CameraLora> camera_lora;                 ///< A built-in camera move.
  std::optional<double> camera_lora_scale;               ///< 0..1; used only with a camera LoRA.
  std::optional<std::string> negative_prompt;            ///< What to steer away from.
  std::optional<std::int64_t> seed;                      ///< For reproducibility (with expansion off).
  std::optional<bool> enable_prompt_expansion;           ///< Server default true.
  std::optional<bool> enable_safety_checker;             ///< Server default true.
  std::optional<VideoOutputType> video_output_type;      ///< Container and codec.
  std::optional<VideoQuality> video_quality;             ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;        ///< Encoder speed against size.
  std::optional<bool> sync_mode;                         ///< true returns the video inline as a data URI.
  std::optional<double> distill_lora_first_pass_scale;   ///< 0..1; 0 disables.
  std::optional<double> distill_lora_second_pass_scale;  ///< 0..1.
  /// A JSON object merged into the body, for fields falcpp does not know yet. On a key clash the typed field
  /// wins. Must be empty or a JSON object ("{...}").
  std::string extra_json;
};

/// The output of 22b text-to-video/lora: a VideoFile with the width, height, fps, duration and frame count
/// the server reports (they need not match the request).
using TextToVideoLoraOutput = Ltx22bVideoOutput;

}  // namespace fal::ltx

namespace fal {

/// Ties TextToVideoLoraInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::TextToVideoLoraInput> {
  using Output = ltx::TextToVideoLoraOutput;  ///< The typed output.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-22b/text-to-video/lora";
  /// Nothing to rewrite.
  static void Finalize(ltx::TextToVideoLoraInput& input);
  /// Every finding (schema bounds, required fields, LoRAs, warnings); pure, no network.
  static ValidationReport Validate(const ltx::TextToVideoLoraInput& input);
  /// No File fields: LoRA paths are URLs or repo ids, sent as written.
  static std::vector<File*> Files(ltx::TextToVideoLoraInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::TextToVideoLoraInput& input);
  /// Lenient parse; kMalformedResponse when the body is not a JSON object with a `video` object with a `url`.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help (fal/ltx/describe.hpp).
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members, for generic code such as fal-ltx's flags.
  static const std::vector<ltx::FieldBinding<ltx::TextToVideoLoraInput>>& Fields();
};

/// Ties Ltx22bTextToVideoInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::Ltx22bTextToVideoInput> {
  using Output = ltx::Ltx22bVideoOutput;  ///< The typed output.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-22b/text-to-video";
  static void Finalize(ltx::Ltx22bTextToVideoInput& input);  ///< Nothing to rewrite.
  /// Every finding; pure, no network.
  static ValidationReport Validate(const ltx::Ltx22bTextToVideoInput& input);
  /// No File fields.
  static std::vector<File*> Files(ltx::Ltx22bTextToVideoInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::Ltx22bTextToVideoInput& input);
  /// Lenient parse of the output.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help.
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members.
  static const std::vector<ltx::FieldBinding<ltx::Ltx22bTextToVideoInput>>& Fields();
};

}  // namespace fal
