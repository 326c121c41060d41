#pragma once
/// @file
/// Types shared by the LTX-2.3 endpoints: sizes, LoRA inputs and the video outputs.
///
/// @par Thread safety
/// Plain values and pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "fal/export.hpp"
#include "fal/file.hpp"
#include "fal/ltx/enums.hpp"

namespace fal::ltx {

/// A custom size in pixels, sent as `{"width": W, "height": H}` (fal's `ImageSize`).
struct FALCPP_EXPORT ImageSize {
  int width = 0;   ///< Pixels.
  int height = 0;  ///< Pixels.

  /// Equal when both sides are.
  friend bool operator==(const ImageSize& a, const ImageSize& b) {
    return a.width == b.width && a.height == b.height;
  }
  friend bool operator!=(const ImageSize& a, const ImageSize& b) { return !(a == b); }  ///< Not equal.
};

/// The size `"auto"`: the server derives it from the input (image aspect, source video size).
struct FALCPP_EXPORT AutoSize {
  friend bool operator==(AutoSize, AutoSize) { return true; }   ///< Always equal.
  friend bool operator!=(AutoSize, AutoSize) { return false; }  ///< Never unequal.
};

/// A named size or a custom {width, height}; for endpoints without `auto` (22b `video_size`).
using VideoSize = std::variant<SizePreset, ImageSize>;

/// `auto`, a named size or a custom {width, height}; for the quality endpoints' `resolution`.
///
/// @code
/// input.resolution = fal::ltx::AutoSize{};
/// input.resolution = fal::ltx::SizePreset::kLandscape16x9;
/// input.resolution = fal::ltx::ImageSize{1280, 704};
/// @endcode
using VideoSizeOrAuto = std::variant<AutoSize, SizePreset, ImageSize>;

/// @name Describing sizes
/// "1280x704", "landscape_16_9" or "auto": for messages and logs (not the JSON form).
///@{
FALCPP_EXPORT std::string ToString(const ImageSize& size);  ///< "1280x704".
FALCPP_EXPORT std::string ToString(const VideoSize& size);  ///< A preset name or "WIDTHxHEIGHT".
FALCPP_EXPORT std::string ToString(
    const VideoSizeOrAuto& size);  ///< "auto", a preset name or "WIDTHxHEIGHT".
///@}

/// One LoRA to apply. `path` is a URL of a .safetensors file (on the 22b endpoints also a Hugging Face repo
/// id "owner/repo"). Unset optionals are left out of the JSON, so the server's defaults apply.
struct FALCPP_EXPORT LoraInput {
  std::string path;                        ///< Weight URL (or HF repo id on 22b). Required.
  std::optional<double> scale;             ///< Strength; server default 1. 22b allows 0..4.
  std::optional<std::string> transformer;  ///< Quality endpoints only; fal's examples send "both".
  std::optional<std::string> weight_name;  ///< 22b: the file inside an HF repo with several .safetensors.

  /// Equal when every field is.
  friend bool operator==(const LoraInput& a, const LoraInput& b) {
    return a.path == b.path && a.scale == b.scale && a.transformer == b.transformer &&
           a.weight_name == b.weight_name;
  }
  friend bool operator!=(const LoraInput& a, const LoraInput& b) { return !(a == b); }  ///< Not equal.
};

/// A video in a response (fal's `VideoFile`): a fal::OutputFile plus what the server may say about the video.
/// Every field but url is optional; none is checked against the request (LTX floors frame counts to 8k+1,
/// aligns sizes, and some endpoints cap long requests).
struct FALCPP_EXPORT VideoFile : OutputFile {
  std::optional<int> width;        ///< Pixels, as the server reports.
  std::optional<int> height;       ///< Pixels, as the server reports.
  std::optional<double> fps;       ///< Frames per second, as the server reports.
  std::optional<double> duration;  ///< Seconds.
  std::optional<int> num_frames;   ///< Frames, as the server reports.
};

/// The output of the ltx-2.3-quality endpoints (render-to-real, reference-video-to-video/lora,
/// image-to-video). Parsed leniently: `seed` may be missing, `video.content_type` may be wrong (fal's own
/// examples say "image/png"), `video.url` may be a data URI (sync_mode).
struct FALCPP_EXPORT QualityVideoOutput {
  OutputFile video;                  ///< The generated MP4.
  std::optional<std::int64_t> seed;  ///< The seed used, when the server says.
  std::string prompt;    ///< The final prompt (after expansion; render-to-real keeps the trigger).
  std::string raw_json;  ///< The whole output as received.
};

/// The output of the ltx-2.3-22b endpoints: like QualityVideoOutput, with a VideoFile.
struct FALCPP_EXPORT Ltx22bVideoOutput {
  VideoFile video;                   ///< The generated video, in the container of `video_output_type`.
  std::optional<std::int64_t> seed;  ///< The seed used, when the server says.
  std::string prompt;                ///< The final prompt (after expansion).
  std::string raw_json;              ///< The whole output as received.
};

}  // namespace fal::ltx
