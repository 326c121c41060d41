#pragma once
/// @file
/// fal-ai/ltx-2.3-quality/image-to-video: a video (with audio) from a starting image and a prompt.

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

/// The input of quality image-to-video. Unset optionals are left out of the JSON.
///
/// Checked in ValidationMode::kStrict: prompt and image_url given, image_strength 0..1, the quality family's
/// bounds (num_frames 9..481, frames_per_second 1..60, num_inference_steps 8..30, guidance_scale 1..20),
/// custom sizes 1..14142 px, well-formed file URLs. Warned: num_frames not 8k+1, sizes not a multiple of 32,
/// an axis above 2048 px, a clip longer than about 20 s.
///
/// @code
/// fal::ltx::ImageToVideoInput input;
/// input.prompt = "The camera slowly dollies in toward her face as people blur past.";
/// input.image_url = fal::File::FromPath("street.jpg");  // uploaded before submit
/// input.num_frames = 121;
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT ImageToVideoInput {
  std::string prompt;                           ///< Required.
  File image_url;                               ///< Required. The starting image.
  std::optional<int> num_frames;                ///< 9..481.
  std::optional<VideoSizeOrAuto> resolution;    ///< auto (from the image's aspect), a named size or {w, h}.
  std::optional<double> frames_per_second;      ///< 1..60.
  std::optional<int> num_inference_steps;       ///< 8..30.
  std::optional<double> guidance_scale;         ///< 1..20.
  std::optional<bool> generate_audio;           ///< false returns an MP4 without an audio track.
  std::optional<double> image_strength;         ///< 0..1: 1 matches the first frame exactly.
  std::optional<std::string> negative_prompt;   ///< What to steer away from.
  std::optional<std::int64_t> seed;             ///< For reproducibility (with expansion off).
  std::optional<bool> enable_prompt_expansion;  ///< Server default true.
  std::optional<bool> enable_safety_checker;    ///< Server default true.
  std::optional<VideoQuality> video_quality;    ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;  ///< Encoder speed against size.
  std::optional<bool> sync_mode;                   ///< true returns the video inline as a data URI.
  /// A JSON object merged into the body, for fields falcpp does not know yet. On a key clash the typed field
  /// wins. Must be empty or a JSON object ("{...}").
  std::string extra_json;
};

/// The input of fal-ai/ltx-2.3-quality/image-to-video/lora: ImageToVideoInput plus 1 to 3 custom LoRAs, at
/// the /lora price. Same rules, and the quality family's LoRA rules (at most 3, each an http(s) URL).
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT ImageToVideoLoraInput {
  std::string prompt;                           ///< Required.
  File image_url;                               ///< Required. The starting image.
  std::vector<LoraInput> loras;                 ///< Required, up to 3.
  std::optional<int> num_frames;                ///< 9..481.
  std::optional<VideoSizeOrAuto> resolution;    ///< auto (from the image's aspect), a named size or {w, h}.
  std::optional<double> frames_per_second;      ///< 1..60.
  std::optional<int> num_inference_steps;       ///< 8..30.
  std::optional<double> guidance_scale;         ///< 1..20.
  std::optional<bool> generate_audio;           ///< false returns an MP4 without an audio track.
  std::optional<double> image_strength;         ///< 0..1: 1 matches the first frame exactly.
  std::optional<std::string> negative_prompt;   ///< What to steer away from.
  std::optional<std::int64_t> seed;             ///< For reproducibility (with expansion off).
  std::optional<bool> enable_prompt_expansion;  ///< Server default true.
  std::optional<bool> enable_safety_checker;    ///< Server default true.
  std::optional<VideoQuality> video_quality;    ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;  ///< Encoder speed against size.
  std::optional<bool> sync_mode;                   ///< true returns the video inline as a data URI.
  std::string extra_json;  ///< A JSON object merged into the body (typed fields win a clash).
};

/// The output of quality image-to-video/lora.
using ImageToVideoLoraOutput = QualityVideoOutput;

/// The output of quality image-to-video.
using ImageToVideoOutput = QualityVideoOutput;

}  // namespace fal::ltx

namespace fal {

/// Ties ImageToVideoInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::ImageToVideoInput> {
  using Output = ltx::ImageToVideoOutput;  ///< The typed output.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/image-to-video";
  /// Nothing to rewrite.
  static void Finalize(ltx::ImageToVideoInput& input);
  /// Every finding (schema bounds, required fields, files, warnings); pure, no network.
  static ValidationReport Validate(const ltx::ImageToVideoInput& input);
  /// The set File fields (image_url).
  static std::vector<File*> Files(ltx::ImageToVideoInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::ImageToVideoInput& input);
  /// Lenient parse; kMalformedResponse when the body is not a JSON object with a `video` object with a `url`.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help (fal/ltx/describe.hpp).
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members, for generic code such as fal-ltx's flags.
  static const std::vector<ltx::FieldBinding<ltx::ImageToVideoInput>>& Fields();
};

/// Ties ImageToVideoLoraInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::ImageToVideoLoraInput> {
  using Output = ltx::ImageToVideoLoraOutput;  ///< The typed output.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/image-to-video/lora";
  static void Finalize(ltx::ImageToVideoLoraInput& input);  ///< Nothing to rewrite.
  /// Every finding; pure, no network.
  static ValidationReport Validate(const ltx::ImageToVideoLoraInput& input);
  /// The set File fields (image_url).
  static std::vector<File*> Files(ltx::ImageToVideoLoraInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::ImageToVideoLoraInput& input);
  /// Lenient parse of the output.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help.
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members.
  static const std::vector<ltx::FieldBinding<ltx::ImageToVideoLoraInput>>& Fields();
};

}  // namespace fal
