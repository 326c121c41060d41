#pragma once
/// @file
/// The distilled 22B endpoints with custom LoRAs: fal-ai/ltx-2.3-22b/distilled/text-to-video/lora and
/// fal-ai/ltx-2.3-22b/distilled/image-to-video/lora. The distilled model has fewer knobs than 22b
/// text-to-video: no inference steps, no guidance or rescaling scales, no restart sampling, no first-pass
/// distill LoRA scale.

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

/// The input of 22b distilled text-to-video/lora. Unset optionals are left out of the JSON.
///
/// Checked in ValidationMode::kStrict: prompt given; num_frames 9..481, fps 1..60, camera_lora_scale 0..1,
/// distill_lora_second_pass_scale 0..1, each LoRA's scale 0..4, custom sizes 1..14142 px. Warned: a blank
/// prompt, no LoRA, num_frames not 8k+1, sizes not a multiple of 32, an axis above 2048 px, a clip longer
/// than about 20 s, a LoRA `transformer` (not a field of the 22b family), a 3DREAL LoRA with a prompt that
/// lacks the trigger.
///
/// @code
/// fal::ltx::Ltx22bDistilledTextToVideoLoraInput input;
/// input.prompt = "A cowboy walking through a dusty town at high noon.";
/// input.loras = {{"https://example.com/western.safetensors", 0.8, std::nullopt, std::nullopt}};
/// input.camera_lora = fal::ltx::CameraLora::kDollyIn;
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT Ltx22bDistilledTextToVideoLoraInput {
  std::string prompt;                                ///< Required.
  std::optional<int> num_frames;                     ///< 9..481.
  std::optional<VideoSize> video_size;               ///< A named size or {width, height}; no `auto` here.
  std::optional<bool> generate_audio;                ///< Server default true.
  std::optional<bool> use_multiscale;                ///< Small-scale pass first, then the full size.
  std::optional<double> fps;                         ///< 1..60.
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
  std::vector<LoraInput> loras;                      ///< Required (fal's own example sends an empty path).
  std::optional<double> distill_lora_second_pass_scale;  ///< 0..1.
  /// A JSON object merged into the body, for fields falcpp does not know yet. On a key clash the typed field
  /// wins. Must be empty or a JSON object ("{...}").
  std::string extra_json;
};

/// The input of 22b distilled image-to-video/lora: the distilled text-to-video/lora fields with a start
/// image (and an optional end image), `auto` sizes, and the image strengths.
///
/// Checked in ValidationMode::kStrict: as Ltx22bDistilledTextToVideoLoraInput, plus image_url given,
/// image_strength and end_image_strength 0..1, well-formed file URLs. Warned: as the text-to-video input.
///
/// @code
/// fal::ltx::Ltx22bDistilledImageToVideoLoraInput input;
/// input.prompt = "The camera slowly dollies in toward her face as people blur past.";
/// input.image_url = fal::File::FromPath("street.jpg");  // uploaded before submit
/// input.loras = {{"https://example.com/neon.safetensors", 1, std::nullopt, std::nullopt}};
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT Ltx22bDistilledImageToVideoLoraInput {
  std::string prompt;                                ///< Required.
  File image_url;                                    ///< Required. The starting image.
  std::optional<File> end_image_url;                 ///< The image the video ends on.
  std::optional<int> num_frames;                     ///< 9..481.
  std::optional<VideoSizeOrAuto> video_size;         ///< auto (from the image), a named size or {w, h}.
  std::optional<bool> generate_audio;                ///< Server default true.
  std::optional<bool> use_multiscale;                ///< Small-scale pass first, then the full size.
  std::optional<double> fps;                         ///< 1..60.
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
  std::vector<LoraInput> loras;                      ///< Required (fal's own example sends an empty path).
  std::optional<double> distill_lora_second_pass_scale;           ///< 0..1.
  std::optional<InterpolationDirection> interpolation_direction;  ///< Start to end image, or the reverse.
  std::optional<double> image_strength;                           ///< 0..1: 1 keeps the start image exactly.
  std::optional<double> end_image_strength;                       ///< 0..1: 1 keeps the end image exactly.
  /// A JSON object merged into the body, for fields falcpp does not know yet. On a key clash the typed field
  /// wins. Must be empty or a JSON object ("{...}").
  std::string extra_json;
};

}  // namespace fal::ltx

namespace fal {

/// Ties Ltx22bDistilledTextToVideoLoraInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::Ltx22bDistilledTextToVideoLoraInput> {
  using Output = ltx::Ltx22bVideoOutput;  ///< The typed output (a VideoFile with its metadata).
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-22b/distilled/text-to-video/lora";
  static void Finalize(ltx::Ltx22bDistilledTextToVideoLoraInput& input);  ///< Nothing to rewrite.
  /// Every finding (schema bounds, required fields, LoRAs, warnings); pure, no network.
  static ValidationReport Validate(const ltx::Ltx22bDistilledTextToVideoLoraInput& input);
  /// No File fields: LoRA paths are URLs or repo ids, sent as written.
  static std::vector<File*> Files(ltx::Ltx22bDistilledTextToVideoLoraInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::Ltx22bDistilledTextToVideoLoraInput& input);
  /// Lenient parse; kMalformedResponse when the body is not a JSON object with a `video` object with a `url`.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help (fal/ltx/describe.hpp).
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members, for generic code such as fal-ltx's flags.
  static const std::vector<ltx::FieldBinding<ltx::Ltx22bDistilledTextToVideoLoraInput>>& Fields();
};

/// Ties Ltx22bDistilledImageToVideoLoraInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::Ltx22bDistilledImageToVideoLoraInput> {
  using Output = ltx::Ltx22bVideoOutput;  ///< The typed output (a VideoFile with its metadata).
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-22b/distilled/image-to-video/lora";
  static void Finalize(ltx::Ltx22bDistilledImageToVideoLoraInput& input);  ///< Nothing to rewrite.
  /// Every finding (schema bounds, required fields, files, LoRAs, warnings); pure, no network.
  static ValidationReport Validate(const ltx::Ltx22bDistilledImageToVideoLoraInput& input);
  /// The set File fields (image_url, and end_image_url when set).
  static std::vector<File*> Files(ltx::Ltx22bDistilledImageToVideoLoraInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::Ltx22bDistilledImageToVideoLoraInput& input);
  /// Lenient parse; kMalformedResponse when the body is not a JSON object with a `video` object with a `url`.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help (fal/ltx/describe.hpp).
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members, for generic code such as fal-ltx's flags.
  static const std::vector<ltx::FieldBinding<ltx::Ltx22bDistilledImageToVideoLoraInput>>& Fields();
};

}  // namespace fal
