#pragma once
/// @file
/// fal-ai/ltx-2.3-22b/image-to-video and fal-ai/ltx-2.3-22b/image-to-video/lora: a video (with audio) on the
/// 22B model from a starting image (and optionally an end image) and a prompt.

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

/// The input of 22b image-to-video: the fields of 22b text-to-video plus the start and end images, their
/// strengths and the interpolation direction. Unset optionals are left out of the JSON (the server applies
/// its own defaults, which have drifted before).
///
/// Checked in ValidationMode::kStrict: prompt and image_url given; num_frames 9..481, fps 1..60,
/// num_inference_steps 8..50, video_cfg_scale and audio_cfg_scale 1..20, video_stg_scale and audio_stg_scale
/// 0..20, the rescaling scales 0..1, the modality scales 0..10, gradient_estimation_gamma 0..10,
/// camera_lora_scale 0..1, the distill LoRA scales 0..1, image_strength and end_image_strength 0..1, custom
/// sizes 1..14142 px, well-formed file URLs. Warned: num_frames not 8k+1, sizes not a multiple of 32, an axis
/// above 2048 px, a clip longer than about 20 s.
///
/// @code
/// fal::ltx::Ltx22bImageToVideoInput input;
/// input.prompt = "The camera slowly dollies in toward her face as people blur past.";
/// input.image_url = fal::File::FromPath("street.jpg");    // uploaded before submit
/// input.end_image_url = fal::File::FromPath("close.jpg");  // optional
/// input.video_size = fal::ltx::AutoSize{};                 // the image's aspect (the default)
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT Ltx22bImageToVideoInput {
  std::string prompt;                                ///< Required.
  File image_url;                                    ///< Required. The starting image.
  std::optional<File> end_image_url;                 ///< The image the video ends on.
  std::optional<int> num_frames;                     ///< 9..481.
  std::optional<VideoSizeOrAuto> video_size;         ///< auto (the image's aspect), a named size or {w, h}.
  std::optional<bool> generate_audio;                ///< Server default true.
  std::optional<bool> use_multiscale;                ///< Small-scale pass first, then the full size.
  std::optional<double> fps;                         ///< 1..60.
  std::optional<int> num_inference_steps;            ///< 8..50.
  std::optional<double> video_cfg_scale;             ///< 1..20.
  std::optional<double> video_stg_scale;             ///< 0..20.
  std::optional<double> video_rescaling_scale;       ///< 0..1.
  std::optional<double> video_modality_scale;        ///< 0..10.
  std::optional<double> audio_cfg_scale;             ///< 1..20.
  std::optional<double> audio_stg_scale;             ///< 0..20.
  std::optional<double> audio_rescaling_scale;       ///< 0..1.
  std::optional<double> audio_modality_scale;        ///< 0..10.
  std::optional<double> gradient_estimation_gamma;   ///< 0..10; 0 disables.
  std::optional<bool> use_restart_sampling;          ///< Injects a little noise per step.
  std::optional<Scheduler> scheduler;                ///< ltx2, linear_quadratic, beta.
  std::optional<Acceleration> acceleration;          ///< none, regular, high, full.
  std::optional<CameraLora> camera_lora;             ///< A built-in camera move.
  std::optional<double> camera_lora_scale;           ///< 0..1; used only with a camera LoRA.
  std::optional<std::string> negative_prompt;        ///< What to steer away from.
  std::optional<std::int64_t> seed;                  ///< For reproducibility (with expansion off).
  std::optional<bool> enable_prompt_expansion;       ///< Server default true.
  std::optional<bool> enable_safety_checker;         ///< Server default true.
  std::optional<VideoOutputType> video_output_type;  ///< Container and codec.
  std::optional<VideoQuality> video_quality;         ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;    ///< Encoder speed against size.
  std::optional<bool> sync_mode;                     ///< true returns the video inline as a data URI.
  std::optional<double> distill_lora_first_pass_scale;            ///< 0..1; 0 disables.
  std::optional<double> distill_lora_second_pass_scale;           ///< 0..1.
  std::optional<double> image_strength;                           ///< 0..1: 1 keeps the first frame exactly.
  std::optional<double> end_image_strength;                       ///< 0..1: 1 keeps the last frame exactly.
  std::optional<InterpolationDirection> interpolation_direction;  ///< forward (start to end) or backward.
  /// A JSON object merged into the body, for fields falcpp does not know yet. On a key clash the typed field
  /// wins. Must be empty or a JSON object ("{...}").
  std::string extra_json;
};

/// The input of fal-ai/ltx-2.3-22b/image-to-video/lora: Ltx22bImageToVideoInput plus `loras`, at the /lora
/// price. Same fields, bounds and rules, and the 22b LoRA rules (each scale 0..4; a `transformer` key is
/// warned, it is not a field of this endpoint; a 3DREAL LoRA with a prompt that lacks the trigger is warned).
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT Ltx22bImageToVideoLoraInput {
  std::string prompt;                                ///< Required.
  File image_url;                                    ///< Required. The starting image.
  std::optional<File> end_image_url;                 ///< The image the video ends on.
  std::vector<LoraInput> loras;                      ///< Required: URL, HF repo id or local file.
  std::optional<int> num_frames;                     ///< 9..481.
  std::optional<VideoSizeOrAuto> video_size;         ///< auto (the image's aspect), a named size or {w, h}.
  std::optional<bool> generate_audio;                ///< Server default true.
  std::optional<bool> use_multiscale;                ///< Small-scale pass first, then the full size.
  std::optional<double> fps;                         ///< 1..60.
  std::optional<int> num_inference_steps;            ///< 8..50.
  std::optional<double> video_cfg_scale;             ///< 1..20.
  std::optional<double> video_stg_scale;             ///< 0..20.
  std::optional<double> video_rescaling_scale;       ///< 0..1.
  std::optional<double> video_modality_scale;        ///< 0..10.
  std::optional<double> audio_cfg_scale;             ///< 1..20.
  std::optional<double> audio_stg_scale;             ///< 0..20.
  std::optional<double> audio_rescaling_scale;       ///< 0..1.
  std::optional<double> audio_modality_scale;        ///< 0..10.
  std::optional<double> gradient_estimation_gamma;   ///< 0..10; 0 disables.
  std::optional<bool> use_restart_sampling;          ///< Injects a little noise per step.
  std::optional<Scheduler> scheduler;                ///< ltx2, linear_quadratic, beta.
  std::optional<Acceleration> acceleration;          ///< none, regular, high, full.
  std::optional<CameraLora> camera_lora;             ///< A built-in camera move.
  std::optional<double> camera_lora_scale;           ///< 0..1; used only with a camera LoRA.
  std::optional<std::string> negative_prompt;        ///< What to steer away from.
  std::optional<std::int64_t> seed;                  ///< For reproducibility (with expansion off).
  std::optional<bool> enable_prompt_expansion;       ///< Server default true.
  std::optional<bool> enable_safety_checker;         ///< Server default true.
  std::optional<VideoOutputType> video_output_type;  ///< Container and codec.
  std::optional<VideoQuality> video_quality;         ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;    ///< Encoder speed against size.
  std::optional<bool> sync_mode;                     ///< true returns the video inline as a data URI.
  std::optional<double> distill_lora_first_pass_scale;            ///< 0..1; 0 disables.
  std::optional<double> distill_lora_second_pass_scale;           ///< 0..1.
  std::optional<double> image_strength;                           ///< 0..1: 1 keeps the first frame exactly.
  std::optional<double> end_image_strength;                       ///< 0..1: 1 keeps the last frame exactly.
  std::optional<InterpolationDirection> interpolation_direction;  ///< forward (start to end) or backward.
  std::string extra_json;  ///< A JSON object merged into the body (typed fields win a clash).
};

}  // namespace fal::ltx

namespace fal {

/// Ties Ltx22bImageToVideoInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::Ltx22bImageToVideoInput> {
  using Output = ltx::Ltx22bVideoOutput;  ///< The typed output.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-22b/image-to-video";
  static void Finalize(ltx::Ltx22bImageToVideoInput& input);  ///< Nothing to rewrite.
  /// Every finding (schema bounds, required fields, files, warnings); pure, no network.
  static ValidationReport Validate(const ltx::Ltx22bImageToVideoInput& input);
  /// The set File fields (image_url, and end_image_url when given).
  static std::vector<File*> Files(ltx::Ltx22bImageToVideoInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::Ltx22bImageToVideoInput& input);
  /// Lenient parse; kMalformedResponse when the body is not a JSON object with a `video` object with a `url`.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help (fal/ltx/describe.hpp).
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members, for generic code such as fal-ltx's flags.
  static const std::vector<ltx::FieldBinding<ltx::Ltx22bImageToVideoInput>>& Fields();
};

/// Ties Ltx22bImageToVideoLoraInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::Ltx22bImageToVideoLoraInput> {
  using Output = ltx::Ltx22bVideoOutput;  ///< The typed output.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-22b/image-to-video/lora";
  static void Finalize(ltx::Ltx22bImageToVideoLoraInput& input);  ///< Nothing to rewrite.
  /// Every finding (schema bounds, required fields, files, warnings); pure, no network.
  static ValidationReport Validate(const ltx::Ltx22bImageToVideoLoraInput& input);
  /// The set File fields (image_url, and end_image_url when given).
  static std::vector<File*> Files(ltx::Ltx22bImageToVideoLoraInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::Ltx22bImageToVideoLoraInput& input);
  /// Lenient parse; kMalformedResponse when the body is not a JSON object with a `video` object with a `url`.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help (fal/ltx/describe.hpp).
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members, for generic code such as fal-ltx's flags.
  static const std::vector<ltx::FieldBinding<ltx::Ltx22bImageToVideoLoraInput>>& Fields();
};

}  // namespace fal
