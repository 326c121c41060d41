#pragma once
/// @file
/// fal-ai/ltx-2.3-22b/extend-video and extend-video/lora: a source video continued forward (or given a new
/// beginning) by the 22B model, with its full set of guidance knobs; the /lora endpoint adds custom LoRAs.
///
/// fal publishes no frame budget for the 22b extend endpoints (the quality extend-video's volume budget is
/// not theirs), so falcpp applies the 22b family's rules: num_frames 9..481, a clip longer than about 20 s
/// warned. num_frames includes the num_context_frames of overlap; only the generated frames are billed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fal/endpoint.hpp"
#include "fal/export.hpp"
#include "fal/file.hpp"
#include "fal/ltx/common.hpp"
#include "fal/ltx/describe.hpp"
#include "fal/ltx/enums.hpp"

namespace fal::ltx {

/// The input of 22b extend-video. Unset optionals are left out of the JSON.
///
/// Checked in ValidationMode::kStrict: prompt and video_url given; num_frames 9..481, num_context_frames
/// 9..121 and below num_frames; video_strength, audio_strength, end_image_strength 0..1; the 22b family's
/// guidance bounds (as TextToVideoLoraInput). Warned: a blank prompt, num_context_frames or num_frames not
/// 8k+1, sizes not a multiple of 32, a clip longer than about 20 s.
///
/// @code
/// fal::ltx::Ltx22bExtendVideoInput input;
/// input.prompt = "Continue the scene naturally, maintaining the same style and motion.";
/// input.video_url = fal::File::FromPath("shot.mp4");
/// input.num_frames = 121;         // includes the overlap
/// input.num_context_frames = 25;  // source frames the extension continues from
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT Ltx22bExtendVideoInput {
  std::string prompt;                                   ///< Required: how the video continues.
  File video_url;                                       ///< Required. The video to extend.
  std::optional<ExtendDirection> extend_direction;      ///< forward (default) or backward.
  std::optional<int> num_context_frames;                ///< 9..121 source frames of overlap.
  std::optional<File> end_image_url;                    ///< A keyframe for the far end of the extension.
  std::optional<double> end_image_strength;             ///< 0..1.
  std::optional<double> video_strength;                 ///< 0..1: 1 locks the overlap to the source.
  std::optional<double> audio_strength;                 ///< 0..1: 1 keeps the source's audio.
  std::optional<bool> match_input_fps;                  ///< Use the source's fps (default true).
  std::optional<int> num_frames;                        ///< 9..481, including the overlap.
  std::optional<VideoSizeOrAuto> video_size;            ///< auto (the source's size), a named size or {w, h}.
  std::optional<bool> generate_audio;                   ///< Server default true.
  std::optional<bool> use_multiscale;                   ///< Small-scale pass first, then the full size.
  std::optional<double> fps;                            ///< 1..60; used when match_input_fps is false.
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

/// The input of 22b extend-video/lora: every field of Ltx22bExtendVideoInput plus `loras` (each scale 0..4;
/// LoRA paths are URLs, Hugging Face repo ids or local files), at the /lora price.
///
/// @code
/// fal::ltx::Ltx22bExtendVideoLoraInput input;
/// input.prompt = "Continue the chase into the alley.";
/// input.video_url = fal::File::FromPath("shot.mp4");
/// input.loras = {{"https://example.com/style.safetensors", 0.8, std::nullopt, std::nullopt}};
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT Ltx22bExtendVideoLoraInput : Ltx22bExtendVideoInput {
  std::vector<LoraInput> loras;  ///< Required (may be empty, as fal's own example sends).
};

}  // namespace fal::ltx

namespace fal {

/// Ties Ltx22bExtendVideoInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::Ltx22bExtendVideoInput> {
  using Output = ltx::Ltx22bVideoOutput;  ///< The typed output: the whole stitched video.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-22b/extend-video";
  static void Finalize(ltx::Ltx22bExtendVideoInput& input);  ///< Nothing to rewrite.
  /// Every finding (bounds, context frames, files); pure, no network.
  static ValidationReport Validate(const ltx::Ltx22bExtendVideoInput& input);
  /// The set File fields (video_url, end_image_url).
  static std::vector<File*> Files(ltx::Ltx22bExtendVideoInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::Ltx22bExtendVideoInput& input);
  /// Lenient parse of the output.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help.
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members.
  static const std::vector<ltx::FieldBinding<ltx::Ltx22bExtendVideoInput>>& Fields();
};

/// Ties Ltx22bExtendVideoLoraInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::Ltx22bExtendVideoLoraInput> {
  using Output = ltx::Ltx22bVideoOutput;  ///< The typed output: the whole stitched video.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-22b/extend-video/lora";
  static void Finalize(ltx::Ltx22bExtendVideoLoraInput& input);  ///< Nothing to rewrite.
  /// Every finding (bounds, context frames, files, LoRAs); pure, no network.
  static ValidationReport Validate(const ltx::Ltx22bExtendVideoLoraInput& input);
  /// The set File fields (video_url, end_image_url).
  static std::vector<File*> Files(ltx::Ltx22bExtendVideoLoraInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::Ltx22bExtendVideoLoraInput& input);
  /// Lenient parse of the output.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help.
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members.
  static const std::vector<ltx::FieldBinding<ltx::Ltx22bExtendVideoLoraInput>>& Fields();
};

}  // namespace fal
