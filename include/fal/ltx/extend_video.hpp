#pragma once
/// @file
/// fal-ai/ltx-2.3-quality/extend-video and extend-video/lora: a video continued forward (or given a new
/// beginning) from a source video, with audio crossfaded at the seam.
///
/// Budget: the generated segment (num_frames, which includes num_context_frames of overlap with the source)
/// is capped by volume: at 24 fps about 20 s at a 480p-class size, 11 s at 720p-class, 5 s at 1080p-class
/// (fal/ltx/frame_budget.hpp: kExtendMaxFrames480pClass, ...). Sizes are 32-aligned; num_context_frames is
/// snapped down to 8k+1. Only the generated segment is billed, not the source's frames, although the
/// returned file holds the whole stitched video.

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

/// The input of quality extend-video. Unset optionals are left out of the JSON.
///
/// Checked in ValidationMode::kStrict: video_url given, num_frames 9..481 and within the budget of a known
/// size, num_context_frames 9..121 and below num_frames, end_image_strength and video_strength 0..1, the
/// quality family's bounds. Warned: a blank prompt, num_context_frames not 8k+1, over the 720p-class budget
/// with resolution auto (the source's size decides), sizes not a multiple of 32.
///
/// @code
/// fal::ltx::ExtendVideoInput input;
/// input.prompt = "Continue the scene naturally, maintaining the same style and motion.";
/// input.video_url = fal::File::FromPath("clip.mp4");
/// input.num_frames = 121;  // includes the 25 context frames
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT ExtendVideoInput {
  std::string prompt;                               ///< Required: how the video continues.
  File video_url;                                   ///< Required. The video to extend.
  std::optional<ExtendDirection> extend_direction;  ///< forward (default) or backward.
  std::optional<int> num_frames;                    ///< 9..481, including the context overlap; budgeted.
  std::optional<int> num_context_frames;            ///< 9..121; snapped down to 8k+1.
  std::optional<File> end_image_url;                ///< A keyframe for the far end of the extension.
  std::optional<double> end_image_strength;         ///< 0..1.
  std::optional<VideoSizeOrAuto> resolution;        ///< auto (the source's size), a named size or {w, h}.
  std::optional<bool> match_input_fps;              ///< Use the source's fps (default true).
  std::optional<double> frames_per_second;          ///< 1..60.
  std::optional<double> video_strength;             ///< 0..1: 1 locks the overlap to the source.
  std::optional<int> num_inference_steps;           ///< 8..30.
  std::optional<double> guidance_scale;             ///< 1..20.
  std::optional<bool> generate_audio;               ///< false keeps the source's audio, the extension silent.
  std::optional<std::string> negative_prompt;       ///< What to steer away from.
  std::optional<std::int64_t> seed;                 ///< For reproducibility (with expansion off).
  std::optional<bool> enable_prompt_expansion;      ///< Server default true.
  std::optional<bool> enable_safety_checker;        ///< Server default true.
  std::optional<VideoQuality> video_quality;        ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;   ///< Encoder speed against size.
  std::optional<bool> sync_mode;                    ///< true returns the video inline as a data URI.
  std::string extra_json;  ///< A JSON object merged into the body (typed fields win a clash).
};

/// The input of quality extend-video/lora: ExtendVideoInput plus 1 to 3 LoRAs, at the /lora price.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT ExtendVideoLoraInput {
  std::string prompt;                               ///< Required: how the video continues.
  File video_url;                                   ///< Required. The video to extend.
  std::vector<LoraInput> loras;                     ///< Required, up to 3.
  std::optional<ExtendDirection> extend_direction;  ///< forward (default) or backward.
  std::optional<int> num_frames;                    ///< 9..481, including the context overlap; budgeted.
  std::optional<int> num_context_frames;            ///< 9..121; snapped down to 8k+1.
  std::optional<File> end_image_url;                ///< A keyframe for the far end of the extension.
  std::optional<double> end_image_strength;         ///< 0..1.
  std::optional<VideoSizeOrAuto> resolution;        ///< auto (the source's size), a named size or {w, h}.
  std::optional<bool> match_input_fps;              ///< Use the source's fps (default true).
  std::optional<double> frames_per_second;          ///< 1..60.
  std::optional<double> video_strength;             ///< 0..1: 1 locks the overlap to the source.
  std::optional<int> num_inference_steps;           ///< 8..30.
  std::optional<double> guidance_scale;             ///< 1..20.
  std::optional<bool> generate_audio;               ///< false keeps the source's audio, the extension silent.
  std::optional<std::string> negative_prompt;       ///< What to steer away from.
  std::optional<std::int64_t> seed;                 ///< For reproducibility (with expansion off).
  std::optional<bool> enable_prompt_expansion;      ///< Server default true.
  std::optional<bool> enable_safety_checker;        ///< Server default true.
  std::optional<VideoQuality> video_quality;        ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;   ///< Encoder speed against size.
  std::optional<bool> sync_mode;                    ///< true returns the video inline as a data URI.
  std::string extra_json;  ///< A JSON object merged into the body (typed fields win a clash).
};

}  // namespace fal::ltx

namespace fal {

/// Ties ExtendVideoInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::ExtendVideoInput> {
  using Output = ltx::QualityVideoOutput;  ///< The typed output: the whole stitched video.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/extend-video";
  static void Finalize(ltx::ExtendVideoInput& input);  ///< Nothing to rewrite.
  /// Every finding (bounds, budget, files); pure, no network.
  static ValidationReport Validate(const ltx::ExtendVideoInput& input);
  /// The set File fields (video_url, end_image_url).
  static std::vector<File*> Files(ltx::ExtendVideoInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::ExtendVideoInput& input);
  /// Lenient parse of the output.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help.
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members.
  static const std::vector<ltx::FieldBinding<ltx::ExtendVideoInput>>& Fields();
};

/// Ties ExtendVideoLoraInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::ExtendVideoLoraInput> {
  using Output = ltx::QualityVideoOutput;  ///< The typed output: the whole stitched video.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/extend-video/lora";
  static void Finalize(ltx::ExtendVideoLoraInput& input);  ///< Nothing to rewrite.
  /// Every finding (bounds, budget, files, LoRAs); pure, no network.
  static ValidationReport Validate(const ltx::ExtendVideoLoraInput& input);
  /// The set File fields (video_url, end_image_url).
  static std::vector<File*> Files(ltx::ExtendVideoLoraInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::ExtendVideoLoraInput& input);
  /// Lenient parse of the output.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help.
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members.
  static const std::vector<ltx::FieldBinding<ltx::ExtendVideoLoraInput>>& Fields();
};

}  // namespace fal
