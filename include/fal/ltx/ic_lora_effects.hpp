#pragma once
/// @file
/// The eight ltx-2.3-quality IC-LoRA effects that share one schema: clean-plate, colorization, cross-eyed,
/// day-to-night, deblur, decompression, instant-shave and water-simulation. Each turns a source video into
/// the effect's version of it, with render-to-real's control path and budget: 720p allows at most 145 frames
/// (about 6 s at 24 fps), 480p at most 361 (about 15 s); Strict rejects more.
///
/// One input type per effect over a shared base, so that each is typed to its endpoint:
/// @code
/// fal::ltx::DayToNightInput input;
/// input.video_url = fal::File::FromPath("street.mp4");
/// input.resolution = fal::ltx::RenderResolution::k480p;  // up to 361 frames
/// input.num_frames = 241;
/// @endcode

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

/// The fields every IC-LoRA effect takes: render-to-real's without image_url, intensity, detail refine and
/// prompt expansion, with an optional prompt. Unset optionals are left out of the JSON.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT IcLoraEffectInput {
  File video_url;                                  ///< Required. The source video.
  std::optional<std::string> prompt;               ///< A short description of the scene; default "".
  std::optional<RenderResolution> resolution;      ///< Output short side; trades against length (budget).
  std::optional<int> num_frames;                   ///< 9..481, within the budget of the resolution.
  std::optional<double> frames_per_second;         ///< 1..60.
  std::optional<int> num_inference_steps;          ///< 8..30.
  std::optional<double> guidance_scale;            ///< 1..20.
  std::optional<bool> generate_audio;              ///< false returns an MP4 without an audio track.
  std::optional<std::string> negative_prompt;      ///< What to steer away from.
  std::optional<std::int64_t> seed;                ///< For reproducibility.
  std::optional<bool> enable_safety_checker;       ///< Server default true.
  std::optional<VideoQuality> video_quality;       ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;  ///< Encoder speed against size.
  std::optional<bool> sync_mode;                   ///< true returns the video inline as a data URI.
  std::string extra_json;  ///< A JSON object merged into the body (typed fields win a clash).
};

struct FALCPP_EXPORT CleanPlateInput : IcLoraEffectInput {};     ///< fal-ai/ltx-2.3-quality/clean-plate.
struct FALCPP_EXPORT ColorizationInput : IcLoraEffectInput {};   ///< fal-ai/ltx-2.3-quality/colorization.
struct FALCPP_EXPORT CrossEyedInput : IcLoraEffectInput {};      ///< fal-ai/ltx-2.3-quality/cross-eyed.
struct FALCPP_EXPORT DayToNightInput : IcLoraEffectInput {};     ///< fal-ai/ltx-2.3-quality/day-to-night.
struct FALCPP_EXPORT DeblurInput : IcLoraEffectInput {};         ///< fal-ai/ltx-2.3-quality/deblur.
struct FALCPP_EXPORT DecompressionInput : IcLoraEffectInput {};  ///< fal-ai/ltx-2.3-quality/decompression.
struct FALCPP_EXPORT InstantShaveInput : IcLoraEffectInput {};   ///< fal-ai/ltx-2.3-quality/instant-shave.
struct FALCPP_EXPORT WaterSimulationInput : IcLoraEffectInput {
};  ///< fal-ai/ltx-2.3-quality/water-simulation.

/// What every effect's EndpointTraits shares: the rules, the files, the JSON mapping and the output.
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
struct FALCPP_EXPORT IcLoraEffectTraits {
  using Output = QualityVideoOutput;               ///< The typed output.
  static void Finalize(IcLoraEffectInput& input);  ///< Nothing to rewrite.
  /// Every finding (schema bounds, the 480p/720p budget, files, warnings); pure, no network.
  static ValidationReport Validate(const IcLoraEffectInput& input);
  /// The set File fields (video_url).
  static std::vector<File*> Files(IcLoraEffectInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const IcLoraEffectInput& input);
  /// Lenient parse of the output.
  static Result<Output> ParseOutput(const std::string& json);
};

}  // namespace fal::ltx

namespace fal {

/// Ties CleanPlateInput to fal-ai/ltx-2.3-quality/clean-plate.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::CleanPlateInput> : ltx::IcLoraEffectTraits {
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/clean-plate";  ///< The endpoint id.
  static const ltx::EndpointDescription& Description();  ///< Every field, with the budget.
  static const std::vector<ltx::FieldBinding<ltx::CleanPlateInput>>& Fields();  ///< Bound to the members.
};

/// Ties ColorizationInput to fal-ai/ltx-2.3-quality/colorization.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::ColorizationInput> : ltx::IcLoraEffectTraits {
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/colorization";  ///< The endpoint id.
  static const ltx::EndpointDescription& Description();  ///< Every field, with the budget.
  static const std::vector<ltx::FieldBinding<ltx::ColorizationInput>>& Fields();  ///< Bound to the members.
};

/// Ties CrossEyedInput to fal-ai/ltx-2.3-quality/cross-eyed.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::CrossEyedInput> : ltx::IcLoraEffectTraits {
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/cross-eyed";  ///< The endpoint id.
  static const ltx::EndpointDescription& Description();  ///< Every field, with the budget.
  static const std::vector<ltx::FieldBinding<ltx::CrossEyedInput>>& Fields();  ///< Bound to the members.
};

/// Ties DayToNightInput to fal-ai/ltx-2.3-quality/day-to-night.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::DayToNightInput> : ltx::IcLoraEffectTraits {
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/day-to-night";  ///< The endpoint id.
  static const ltx::EndpointDescription& Description();  ///< Every field, with the budget.
  static const std::vector<ltx::FieldBinding<ltx::DayToNightInput>>& Fields();  ///< Bound to the members.
};

/// Ties DeblurInput to fal-ai/ltx-2.3-quality/deblur.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::DeblurInput> : ltx::IcLoraEffectTraits {
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/deblur";  ///< The endpoint id.
  static const ltx::EndpointDescription& Description();                     ///< Every field, with the budget.
  static const std::vector<ltx::FieldBinding<ltx::DeblurInput>>& Fields();  ///< Bound to the members.
};

/// Ties DecompressionInput to fal-ai/ltx-2.3-quality/decompression.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::DecompressionInput> : ltx::IcLoraEffectTraits {
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/decompression";  ///< The endpoint id.
  static const ltx::EndpointDescription& Description();  ///< Every field, with the budget.
  static const std::vector<ltx::FieldBinding<ltx::DecompressionInput>>& Fields();  ///< Bound to the members.
};

/// Ties InstantShaveInput to fal-ai/ltx-2.3-quality/instant-shave.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::InstantShaveInput> : ltx::IcLoraEffectTraits {
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/instant-shave";  ///< The endpoint id.
  static const ltx::EndpointDescription& Description();  ///< Every field, with the budget.
  static const std::vector<ltx::FieldBinding<ltx::InstantShaveInput>>& Fields();  ///< Bound to the members.
};

/// Ties WaterSimulationInput to fal-ai/ltx-2.3-quality/water-simulation.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::WaterSimulationInput> : ltx::IcLoraEffectTraits {
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/water-simulation";  ///< The endpoint id.
  static const ltx::EndpointDescription& Description();  ///< Every field, with the budget.
  static const std::vector<ltx::FieldBinding<ltx::WaterSimulationInput>>&
  Fields();  ///< Bound to the members.
};

}  // namespace fal
