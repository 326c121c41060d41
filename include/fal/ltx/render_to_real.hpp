#pragma once
/// @file
/// fal-ai/ltx-2.3-quality/render-to-real: a stylised 3D / CG / game render made photoreal with the 3DREAL
/// IC-LoRA, keeping its composition and camera move.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fal/clip_info.hpp"
#include "fal/endpoint.hpp"
#include "fal/export.hpp"
#include "fal/file.hpp"
#include "fal/ltx/common.hpp"
#include "fal/ltx/describe.hpp"
#include "fal/ltx/enums.hpp"

namespace fal::ltx {

/// The input of render-to-real. Unset optionals are left out of the JSON (the server's defaults apply; see
/// fal/ltx/defaults.hpp). Before sending, the prompt is finalized to start with the 3DREAL trigger
/// (fal/ltx/trigger.hpp).
///
/// Limits checked in ValidationMode::kStrict: num_frames 9..481 and the budget (720p: at most 145 frames,
/// 480p: at most 361), frames_per_second 1..60, num_inference_steps 8..30, guidance_scale 1..20,
/// detail_refine_strength 0.3..0.95, well-formed file URLs.
///
/// @code
/// fal::ltx::RenderToRealInput input;
/// input.video_url = "https://example.com/blockout.mp4";
/// input.prompt = "3DREAL. A cargo ship in a busy harbor at dawn.";
/// input.resolution = fal::ltx::RenderResolution::k480p;  // up to 361 frames
/// input.num_frames = 241;
/// @endcode
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT RenderToRealInput {
  File video_url;                     ///< Required. The render to make photoreal.
  std::optional<File> image_url;      ///< Optional photoreal first frame (image-to-video anchor).
  std::optional<std::string> prompt;  ///< Finalized to start with "3DREAL"; unset becomes "3DREAL. ".
  std::optional<RenderResolution> resolution;  ///< Output short side; trades against length (budget).
  std::optional<Intensity> intensity;          ///< Which 3DREAL adapter: light (default), strong, strong-v2.
  std::optional<bool> enable_detail_refine;    ///< x2 upscale + detailer: 2x each side, about 4x price.
  std::optional<double> detail_refine_strength;    ///< 0.3..0.95; used only with enable_detail_refine.
  std::optional<int> num_frames;                   ///< 9..481, within the budget of the resolution.
  std::optional<double> frames_per_second;         ///< 1..60.
  std::optional<int> num_inference_steps;          ///< 8..30.
  std::optional<double> guidance_scale;            ///< 1..20.
  std::optional<bool> generate_audio;              ///< false returns an MP4 without an audio track.
  std::optional<std::string> negative_prompt;      ///< What to steer away from.
  std::optional<bool> enable_prompt_expansion;     ///< Off by default here; the trigger survives expansion.
  std::optional<std::int64_t> seed;                ///< For reproducibility (with expansion off).
  std::optional<bool> enable_safety_checker;       ///< Server default true.
  std::optional<VideoQuality> video_quality;       ///< Encoder quality.
  std::optional<VideoWriteMode> video_write_mode;  ///< Encoder speed against size.
  std::optional<bool> sync_mode;                   ///< true returns the video inline as a data URI.
  /// A JSON object merged into the body, for fields falcpp does not know yet. On a key clash the typed field
  /// wins. Must be empty or a JSON object ("{...}").
  std::string extra_json;
};

/// The output of render-to-real. `prompt` is the server's final prompt (it keeps the trigger).
using RenderToRealOutput = QualityVideoOutput;

/// The size render-to-real delivers for a source of `source_width` x `source_height` pixels: the
/// resolution's short side (720 or 480) with the source's aspect kept, the long side rounded to a multiple
/// of 16 (1280x720 and 848x480 for a 16:9 source, 960x720 for 4:3, 720x1280 for 9:16); with
/// `detail_refine`, twice each side. fal documents the short side and the kept aspect, not the rounding:
/// the estimate (fal/ltx/cost.hpp) says so.
FALCPP_EXPORT ImageSize RenderToRealOutputSize(int source_width, int source_height,
                                               RenderResolution resolution, bool detail_refine = false);

}  // namespace fal::ltx

namespace fal {

/// Ties RenderToRealInput to its endpoint for fal::Client (see fal/endpoint.hpp).
///
/// @par Thread safety
/// Static functions without shared state: safe to call from many threads.
template <>
struct FALCPP_EXPORT EndpointTraits<ltx::RenderToRealInput> {
  using Output = ltx::RenderToRealOutput;  ///< The typed output.
  /// The endpoint id.
  static constexpr const char* kEndpointId = "fal-ai/ltx-2.3-quality/render-to-real";
  /// Makes the prompt start with the 3DREAL trigger (fal/ltx/trigger.hpp); nothing else changes.
  static void Finalize(ltx::RenderToRealInput& input);
  /// Every finding (schema bounds, budget, files, warnings); pure, no network.
  static ValidationReport Validate(const ltx::RenderToRealInput& input);
  /// The field of the clip that fal::PrepareInput reads with ClientOptions::clip_probe.
  static constexpr const char* kClipField = "video_url";
  /// The clip to read: video_url (read only when it is a local path).
  static const File* Clip(const ltx::RenderToRealInput& input);
  /// Fits the input to its clip, as read (docs/validation.md, "Fit the clip"): num_frames unset becomes
  /// the clip's length snapped down to 8k+1 and within the budget of the resolution, frames_per_second
  /// unset becomes the clip's rate; each change is a warning finding. A clip longer than the budget is
  /// an error finding that says how long it is, what fits (480p, a split) and how to ask for it. Pure.
  static ValidationReport FitToClip(ltx::RenderToRealInput& input, const ClipInfo& clip);
  /// The set File fields (video_url, image_url), for uploading local files in place.
  static std::vector<File*> Files(ltx::RenderToRealInput& input);
  /// The JSON body: unset optionals left out, extra_json merged under the typed fields.
  static std::string ToJson(const ltx::RenderToRealInput& input);
  /// Lenient parse; kMalformedResponse when the body is not a JSON object with a `video` object with a `url`.
  static Result<Output> ParseOutput(const std::string& json);
  /// Every field with its bounds, documented default and help (fal/ltx/describe.hpp).
  static const ltx::EndpointDescription& Description();
  /// The fields bound to the input's members, for generic code such as fal-ltx's flags.
  static const std::vector<ltx::FieldBinding<ltx::RenderToRealInput>>& Fields();
};

}  // namespace fal
