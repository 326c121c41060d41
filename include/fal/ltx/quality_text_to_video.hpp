#pragma once
/// @file
/// fal-ai/ltx-2.3-quality/text-to-video and text-to-video/lora: a video (with audio) from a prompt on the
/// quality model, optionally with up to 3 custom LoRAs.

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

/// The input of quality text-to-video. Unset optionals are left out of the JSON. Checked like the other
/// quality endpoints (num_frames 9..481, frames_per_second 1..60, num_inference_steps 8..30, guidance_scale
/// 1..20, custom sizes 1..14142 px); warned: a blank prompt, num_frames not 8k+1, sizes not a multiple of 32.
///
/// @code
/// fal::ltx::QualityTextToVideoInput input;
/// input.prompt = "A lighthouse on a cliff at dusk, waves crashing, slow aerial orbit.";
/// input.resolution = fal::ltx::SizePreset::kLandscape16x9;
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT QualityTextToVideoInput {
  std::string prompt;                              ///< Required.
  std::optional<int> num_frames;                   ///< 9..481.
  std::optional<VideoSizeOrAuto> resolution;       ///< A named size or {w, h}; fal documents no default here.
  std::optional<double> frames_per_second;         ///< 1..60.
  std::optional<int> num_inference_steps;          ///< 8..30.
  std::optional<double> guidance_scale;            ///< 1..20.
  std::optional<bool> generate_audio;              ///< false returns an MP4 without an audio track.
  std::optional<std::string> negative_prompt;      ///< What to steer away from.
  std::optional<std::int64_t> seed;                ///< For reproducibility (with expansion off).
  std::optional<bool> enable_prompt_expansion;     ///< Server default true.
  std::optional<bool> enable_safety_checker;       ///< Server default true.
  std::optional<VideoQuality> video_quality;       ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;  ///< Encoder speed against size.
  std::optional<bool> sync_mode;                   ///< true returns the video inline as a data URI.
  std::string extra_json;  ///< A JSON object merged into the body (typed fields win a clash).
};

/// The input of quality text-to-video/lora: QualityTextToVideoInput plus 1 to 3 LoRAs, at the /lora price.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT QualityTextToVideoLoraInput {
  std::string prompt;                              ///< Required.
  std::vector<LoraInput> loras;                    ///< Required, up to 3.
  std::optional<int> num_frames;                   ///< 9..481.
  std::optional<VideoSizeOrAuto> resolution;       ///< A named size or {w, h}.
  std::optional<double> frames_per_second;         ///< 1..60.
  std::optional<int> num_inference_steps;          ///< 8..30.
  std::optional<double> guidance_scale;            ///< 1..20.
  std::optional<bool> generate_audio;              ///< false returns an MP4 without an audio track.
  std::optional<std::string> negative_prompt;      ///< What to steer away from.
  std::optional<std::int64_t> seed;                ///< For reproducibility (with expansion off).
  std::optional<bool> enable_prompt_expansion;     ///< Server default true.
  std::optional<bool> enable_safety_checker;       ///< Server default true.
  std::optional<VideoQuality> video_quality;       ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;  ///< Encoder speed against size.
  std::optional<bool> sync_mode;                   ///< true returns the video inline as a data URI.
  std::string extra_json;  ///< A JSON object merged into the body (typed fields win a clash).
};

}  // namespace fal::ltx

namespace fal {

/// Ties QualityTextToVideoInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::QualityTextToVideoInput> {
  using Output = ltx::QualityVideoOutput;  ///< The typed output.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/text-to-video";
  static void Finalize(ltx::QualityTextToVideoInput& input);  ///< Nothing to rewrite.
  /// Every finding; pure, no network.
  static ValidationReport Validate(const ltx::QualityTextToVideoInput& input);
  /// No File fields.
  static std::vector<File*> Files(ltx::QualityTextToVideoInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::QualityTextToVideoInput& input);
  /// Lenient parse of the output.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help.
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members.
  static const std::vector<ltx::FieldBinding<ltx::QualityTextToVideoInput>>& Fields();
};

/// Ties QualityTextToVideoLoraInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::QualityTextToVideoLoraInput> {
  using Output = ltx::QualityVideoOutput;  ///< The typed output.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/text-to-video/lora";
  static void Finalize(ltx::QualityTextToVideoLoraInput& input);  ///< Nothing to rewrite.
  /// Every finding; pure, no network.
  static ValidationReport Validate(const ltx::QualityTextToVideoLoraInput& input);
  /// No File fields (local LoRA files are uploaded by fal-ltx, not by the client).
  static std::vector<File*> Files(ltx::QualityTextToVideoLoraInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::QualityTextToVideoLoraInput& input);
  /// Lenient parse of the output.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help.
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members.
  static const std::vector<ltx::FieldBinding<ltx::QualityTextToVideoLoraInput>>& Fields();
};

}  // namespace fal
