#pragma once
// The one table per LTX enum that maps enumerators to wire strings and back. ToString/Parse (enums.cpp),
// the JSON mapping and the extra_json enum check all read these tables, so a new enumerator is added here
// only.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "fal/ltx/enums.hpp"

namespace fal::internal {

template <class E>
struct WireEntry {
  E value;
  std::string_view wire;
};

// Specialised below: kField is the JSON key (for messages), kEntries the table.
template <class E>
struct WireTable;

template <>
struct WireTable<ltx::VideoQuality> {
  static constexpr std::string_view kField = "video_quality";
  static constexpr std::array<WireEntry<ltx::VideoQuality>, 4> kEntries{{
      {ltx::VideoQuality::kLow, "low"},
      {ltx::VideoQuality::kMedium, "medium"},
      {ltx::VideoQuality::kHigh, "high"},
      {ltx::VideoQuality::kMaximum, "maximum"},
  }};
};

template <>
struct WireTable<ltx::VideoWriteMode> {
  static constexpr std::string_view kField = "video_write_mode";
  static constexpr std::array<WireEntry<ltx::VideoWriteMode>, 3> kEntries{{
      {ltx::VideoWriteMode::kFast, "fast"},
      {ltx::VideoWriteMode::kBalanced, "balanced"},
      {ltx::VideoWriteMode::kSmall, "small"},
  }};
};

template <>
struct WireTable<ltx::RenderResolution> {
  static constexpr std::string_view kField = "resolution";
  static constexpr std::array<WireEntry<ltx::RenderResolution>, 2> kEntries{{
      {ltx::RenderResolution::k480p, "480p"},
      {ltx::RenderResolution::k720p, "720p"},
  }};
};

template <>
struct WireTable<ltx::Intensity> {
  static constexpr std::string_view kField = "intensity";
  static constexpr std::array<WireEntry<ltx::Intensity>, 3> kEntries{{
      {ltx::Intensity::kLight, "light"},
      {ltx::Intensity::kStrong, "strong"},
      {ltx::Intensity::kStrongV2, "strong-v2"},
  }};
};

template <>
struct WireTable<ltx::ExtendDirection> {
  static constexpr std::string_view kField = "extend_direction";
  static constexpr std::array<WireEntry<ltx::ExtendDirection>, 2> kEntries{{
      {ltx::ExtendDirection::kForward, "forward"},
      {ltx::ExtendDirection::kBackward, "backward"},
  }};
};

template <>
struct WireTable<ltx::Scheduler> {
  static constexpr std::string_view kField = "scheduler";
  static constexpr std::array<WireEntry<ltx::Scheduler>, 3> kEntries{{
      {ltx::Scheduler::kLtx2, "ltx2"},
      {ltx::Scheduler::kLinearQuadratic, "linear_quadratic"},
      {ltx::Scheduler::kBeta, "beta"},
  }};
};

template <>
struct WireTable<ltx::Acceleration> {
  static constexpr std::string_view kField = "acceleration";
  static constexpr std::array<WireEntry<ltx::Acceleration>, 4> kEntries{{
      {ltx::Acceleration::kNone, "none"},
      {ltx::Acceleration::kRegular, "regular"},
      {ltx::Acceleration::kHigh, "high"},
      {ltx::Acceleration::kFull, "full"},
  }};
};

template <>
struct WireTable<ltx::CameraLora> {
  static constexpr std::string_view kField = "camera_lora";
  static constexpr std::array<WireEntry<ltx::CameraLora>, 8> kEntries{{
      {ltx::CameraLora::kDollyIn, "dolly_in"},
      {ltx::CameraLora::kDollyOut, "dolly_out"},
      {ltx::CameraLora::kDollyLeft, "dolly_left"},
      {ltx::CameraLora::kDollyRight, "dolly_right"},
      {ltx::CameraLora::kJibUp, "jib_up"},
      {ltx::CameraLora::kJibDown, "jib_down"},
      {ltx::CameraLora::kStatic, "static"},
      {ltx::CameraLora::kNone, "none"},
  }};
};

template <>
struct WireTable<ltx::VideoOutputType> {
  static constexpr std::string_view kField = "video_output_type";
  static constexpr std::array<WireEntry<ltx::VideoOutputType>, 4> kEntries{{
      {ltx::VideoOutputType::kX264Mp4, "X264 (.mp4)"},
      {ltx::VideoOutputType::kVp9Webm, "VP9 (.webm)"},
      {ltx::VideoOutputType::kProres4444Mov, "PRORES4444 (.mov)"},
      {ltx::VideoOutputType::kGif, "GIF (.gif)"},
  }};
};

template <>
struct WireTable<ltx::SizePreset> {
  static constexpr std::string_view kField = "video_size";
  static constexpr std::array<WireEntry<ltx::SizePreset>, 6> kEntries{{
      {ltx::SizePreset::kSquareHd, "square_hd"},
      {ltx::SizePreset::kSquare, "square"},
      {ltx::SizePreset::kPortrait4x3, "portrait_4_3"},
      {ltx::SizePreset::kPortrait16x9, "portrait_16_9"},
      {ltx::SizePreset::kLandscape4x3, "landscape_4_3"},
      {ltx::SizePreset::kLandscape16x9, "landscape_16_9"},
  }};
};

template <>
struct WireTable<ltx::InterpolationDirection> {
  static constexpr std::string_view kField = "interpolation_direction";
  static constexpr std::array<WireEntry<ltx::InterpolationDirection>, 2> kEntries{{
      {ltx::InterpolationDirection::kForward, "forward"},
      {ltx::InterpolationDirection::kBackward, "backward"},
  }};
};

template <class E>
std::string_view WireName(E value) {
  for (const auto& entry : WireTable<E>::kEntries) {
    if (entry.value == value) return entry.wire;
  }
  return "";  // unreachable for a valid enumerator; an empty string is never a valid wire value
}

template <class E>
std::optional<E> FromWire(std::string_view wire) {
  for (const auto& entry : WireTable<E>::kEntries) {
    if (entry.wire == wire) return entry.value;
  }
  return std::nullopt;
}

// "low, medium, high, maximum": the allowed values, for messages.
template <class E>
std::string WireList() {
  std::string out;
  for (const auto& entry : WireTable<E>::kEntries) {
    if (!out.empty()) out += ", ";
    out += entry.wire;
  }
  return out;
}

}  // namespace fal::internal
