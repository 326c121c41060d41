#pragma once
/// @file
/// fal-ai/ltx-2.3-quality/reference-video-to-video/lora: video from a reference video's motion and structure
/// (IC-LoRA Union Control), a prompt, optional keyframe images and up to 3 custom LoRAs. It is also the route
/// for the 3DREAL Strong LoRA (fal/ltx/presets.hpp).

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

/// The input of reference-video-to-video/lora. Unset optionals are left out of the JSON.
///
/// Checked in ValidationMode::kStrict: video_url given (at most 3 LoRAs); mid/end image need image_url;
/// preserve_original_video needs skip_control_preprocess, video_url and control_video_url; video_strength and
/// strength 0..1; the quality family's bounds (num_frames 9..481, frames_per_second 1..60,
/// num_inference_steps 8..30, guidance_scale 1..20); custom sizes 1..14142 px. Warned: a blank prompt, an
/// empty loras list, skip_control_preprocess without control_video_url (the server ignores it), above 150
/// frames at a 720p-class size (the server caps the video or answers 422), sizes not a multiple of 64, a
/// 3DREAL LoRA with a prompt that lacks the trigger (this endpoint does not add it).
///
/// @code
/// fal::ltx::ReferenceVideoToVideoLoraInput input;
/// input.prompt = "A dancer in a flowing red dress against a black backdrop, studio lighting, cinematic.";
/// input.video_url = "https://example.com/reference.mp4";
/// input.loras = {{"https://example.com/style.safetensors", 1.0, "both", std::nullopt}};
/// input.resolution = fal::ltx::ImageSize{1280, 704};
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT ReferenceVideoToVideoLoraInput {
  std::string prompt;                           ///< Required.
  File video_url;                               ///< Required. The reference for motion and structure.
  std::vector<LoraInput> loras;                 ///< Required, up to 3.
  std::optional<File> control_video_url;        ///< A pre-computed control video (depth / edge / pose).
  std::optional<bool> skip_control_preprocess;  ///< Use control_video_url as is; requires it.
  std::optional<bool> preserve_original_video;  ///< True video-to-video; requires skip + control video.
  std::optional<File> image_url;                ///< First-frame keyframe.
  std::optional<File> mid_image_url;            ///< Middle keyframe; requires image_url.
  std::optional<File> end_image_url;            ///< Last keyframe; requires image_url.
  std::optional<double> video_strength;         ///< 0..1: lower frees the model from the reference.
  std::optional<double> strength;              ///< 0..1 denoise; with preserve_original_video the v2v amount.
  std::optional<int> num_frames;               ///< 9..481; about 150 at most at a 720p-class size.
  std::optional<VideoSizeOrAuto> resolution;   ///< auto, a named size or {width, height} (64-aligned).
  std::optional<double> frames_per_second;     ///< 1..60.
  std::optional<int> num_inference_steps;      ///< 8..30.
  std::optional<double> guidance_scale;        ///< 1..20.
  std::optional<bool> generate_audio;          ///< false returns an MP4 without an audio track.
  std::optional<std::string> negative_prompt;  ///< What to steer away from.
  std::optional<std::int64_t> seed;            ///< For reproducibility (with expansion off).
  std::optional<bool> enable_prompt_expansion;     ///< Server default true; may rewrite a trigger word.
  std::optional<bool> enable_safety_checker;       ///< Server default true.
  std::optional<VideoQuality> video_quality;       ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;  ///< Encoder speed against size.
  std::optional<bool> sync_mode;                   ///< true returns the video inline as a data URI.
  /// A JSON object merged into the body, for fields falcpp does not know yet. On a key clash the typed field
  /// wins. Must be empty or a JSON object ("{...}").
  std::string extra_json;
};

/// The input of fal-ai/ltx-2.3-quality/reference-video-to-video: ReferenceVideoToVideoLoraInput without
/// `loras`, at the quality price. Same rules.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT ReferenceVideoToVideoInput {
  std::string prompt;                              ///< Required.
  File video_url;                                  ///< Required. The reference for motion and structure.
  std::optional<File> control_video_url;           ///< A pre-computed control video (depth / edge / pose).
  std::optional<bool> skip_control_preprocess;     ///< Use control_video_url as is; ignored without it.
  std::optional<bool> preserve_original_video;     ///< True video-to-video; requires skip + control video.
  std::optional<File> image_url;                   ///< First-frame keyframe.
  std::optional<File> mid_image_url;               ///< Middle keyframe; requires image_url.
  std::optional<File> end_image_url;               ///< Last keyframe; requires image_url.
  std::optional<double> video_strength;            ///< 0..1: lower frees the model from the reference.
  std::optional<double> strength;                  ///< 0..1 denoise.
  std::optional<int> num_frames;                   ///< 9..481; about 150 at most at a 720p-class size.
  std::optional<VideoSizeOrAuto> resolution;       ///< auto, a named size or {width, height} (64-aligned).
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

/// The output of reference-video-to-video (and /lora).
using ReferenceVideoToVideoOutput = QualityVideoOutput;

/// The output of reference-video-to-video/lora. Do not assume the requested frame count: over the budget the
/// server may return a shorter video.
using ReferenceVideoToVideoLoraOutput = QualityVideoOutput;

}  // namespace fal::ltx

namespace fal {

/// Ties ReferenceVideoToVideoLoraInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::ReferenceVideoToVideoLoraInput> {
  using Output = ltx::ReferenceVideoToVideoLoraOutput;  ///< The typed output.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/reference-video-to-video/lora";
  /// Nothing to rewrite: this endpoint does not add the 3DREAL trigger, and neither does falcpp (the Strong
  /// LoRA preset writes it; Validate warns when a 3DREAL LoRA meets a prompt without it).
  static void Finalize(ltx::ReferenceVideoToVideoLoraInput& input);
  /// Every finding (schema bounds, cross-field requirements, files, LoRAs, warnings); pure, no network.
  static ValidationReport Validate(const ltx::ReferenceVideoToVideoLoraInput& input);
  /// The set File fields (video_url, control_video_url, image_url, mid_image_url, end_image_url).
  static std::vector<File*> Files(ltx::ReferenceVideoToVideoLoraInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::ReferenceVideoToVideoLoraInput& input);
  /// Lenient parse; kMalformedResponse when the body is not a JSON object with a `video` object with a `url`.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help (fal/ltx/describe.hpp).
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members, for generic code such as fal-ltx's flags.
  static const std::vector<ltx::FieldBinding<ltx::ReferenceVideoToVideoLoraInput>>& Fields();
};

/// Ties ReferenceVideoToVideoInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::ReferenceVideoToVideoInput> {
  using Output = ltx::ReferenceVideoToVideoOutput;  ///< The typed output.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/reference-video-to-video";
  static void Finalize(ltx::ReferenceVideoToVideoInput& input);  ///< Nothing to rewrite.
  /// Every finding; pure, no network.
  static ValidationReport Validate(const ltx::ReferenceVideoToVideoInput& input);
  /// The set File fields.
  static std::vector<File*> Files(ltx::ReferenceVideoToVideoInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::ReferenceVideoToVideoInput& input);
  /// Lenient parse of the output.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help.
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members.
  static const std::vector<ltx::FieldBinding<ltx::ReferenceVideoToVideoInput>>& Fields();
};

}  // namespace fal
