#pragma once
/// @file
/// The closed request enums of the LTX-2.3 endpoints, each with one table (in src/ltx/enum_tables.hpp) that
/// maps it to and from its wire string. An unknown wire string is never mapped to a real enumerator: the
/// Parse functions answer std::nullopt.
///
/// @par Thread safety
/// Plain values and pure functions.

#include <optional>
#include <string_view>

#include "fal/export.hpp"

namespace fal::ltx {

/// `video_quality`: the encoder quality preset (quality family and 22b). Higher is better and larger.
enum class VideoQuality { kLow, kMedium, kHigh, kMaximum };

/// `video_write_mode`: encoder speed against file size ("fast" encodes fastest, "small" gives the smallest
/// file).
enum class VideoWriteMode { kFast, kBalanced, kSmall };

/// `resolution` of render-to-real: the output's short side; the source aspect ratio is kept.
enum class RenderResolution { k480p, k720p };

/// `intensity` of render-to-real: which 3DREAL adapter runs ("light", "strong", "strong-v2").
enum class Intensity { kLight, kStrong, kStrongV2 };

/// `extend_direction` of extend-video: "forward" continues after the end, "backward" makes a new beginning.
enum class ExtendDirection { kForward, kBackward };

/// `scheduler` of the 22b endpoints ("ltx2", "linear_quadratic", "beta").
enum class Scheduler { kLtx2, kLinearQuadratic, kBeta };

/// `acceleration` of the 22b endpoints ("none", "regular", "high", "full").
enum class Acceleration { kNone, kRegular, kHigh, kFull };

/// `camera_lora` of the 22b endpoints: a built-in camera-motion LoRA, or "none".
enum class CameraLora { kDollyIn, kDollyOut, kDollyLeft, kDollyRight, kJibUp, kJibDown, kStatic, kNone };

/// `video_output_type` of the 22b endpoints: the container and codec ("X264 (.mp4)", "VP9 (.webm)",
/// "PRORES4444 (.mov)", "GIF (.gif)").
enum class VideoOutputType { kX264Mp4, kVp9Webm, kProres4444Mov, kGif };

/// fal's named image sizes ("square_hd", "square", "portrait_4_3", "portrait_16_9", "landscape_4_3",
/// "landscape_16_9"). `auto` is not one of them: it is fal::ltx::AutoSize, allowed only where the endpoint
/// has it.
enum class SizePreset { kSquareHd, kSquare, kPortrait4x3, kPortrait16x9, kLandscape4x3, kLandscape16x9 };

/// `interpolation_direction` of the 22b image-to-video endpoints with an end image: "forward" runs from the
/// start image to the end image, "backward" the other way.
enum class InterpolationDirection { kForward, kBackward };

/// @name Wire strings
/// The wire string of an enumerator, e.g. ToString(VideoQuality::kHigh) == "high".
///@{
FALCPP_EXPORT std::string_view ToString(VideoQuality value);            ///< The wire string.
FALCPP_EXPORT std::string_view ToString(VideoWriteMode value);          ///< The wire string.
FALCPP_EXPORT std::string_view ToString(RenderResolution value);        ///< The wire string.
FALCPP_EXPORT std::string_view ToString(Intensity value);               ///< The wire string.
FALCPP_EXPORT std::string_view ToString(ExtendDirection value);         ///< The wire string.
FALCPP_EXPORT std::string_view ToString(Scheduler value);               ///< The wire string.
FALCPP_EXPORT std::string_view ToString(Acceleration value);            ///< The wire string.
FALCPP_EXPORT std::string_view ToString(CameraLora value);              ///< The wire string.
FALCPP_EXPORT std::string_view ToString(VideoOutputType value);         ///< The wire string.
FALCPP_EXPORT std::string_view ToString(SizePreset value);              ///< The wire string.
FALCPP_EXPORT std::string_view ToString(InterpolationDirection value);  ///< The wire string.
///@}

/// @name Parsing
/// The enumerator for a wire string (exact, case-sensitive match); std::nullopt for anything else.
///@{
FALCPP_EXPORT std::optional<VideoQuality> ParseVideoQuality(
    std::string_view wire);  ///< The enumerator, or nullopt.
FALCPP_EXPORT std::optional<VideoWriteMode> ParseVideoWriteMode(
    std::string_view wire);  ///< The enumerator, or nullopt.
FALCPP_EXPORT std::optional<RenderResolution> ParseRenderResolution(
    std::string_view wire);  ///< The enumerator, or nullopt.
FALCPP_EXPORT std::optional<Intensity> ParseIntensity(
    std::string_view wire);  ///< The enumerator, or nullopt.
FALCPP_EXPORT std::optional<ExtendDirection> ParseExtendDirection(
    std::string_view wire);  ///< The enumerator, or nullopt.
FALCPP_EXPORT std::optional<Scheduler> ParseScheduler(
    std::string_view wire);  ///< The enumerator, or nullopt.
FALCPP_EXPORT std::optional<Acceleration> ParseAcceleration(
    std::string_view wire);  ///< The enumerator, or nullopt.
FALCPP_EXPORT std::optional<CameraLora> ParseCameraLora(
    std::string_view wire);  ///< The enumerator, or nullopt.
FALCPP_EXPORT std::optional<VideoOutputType> ParseVideoOutputType(
    std::string_view wire);  ///< The enumerator, or nullopt.
FALCPP_EXPORT std::optional<SizePreset> ParseSizePreset(
    std::string_view wire);  ///< The enumerator, or nullopt.
FALCPP_EXPORT std::optional<InterpolationDirection> ParseInterpolationDirection(
    std::string_view wire);  ///< The enumerator, or nullopt.
///@}

}  // namespace fal::ltx
