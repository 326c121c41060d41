#include "fal/ltx/enums.hpp"

#include <string>
#include <variant>

#include "fal/ltx/common.hpp"
#include "ltx/enum_tables.hpp"

namespace fal::ltx {

using internal::FromWire;
using internal::WireName;

std::string_view ToString(VideoQuality value) { return WireName(value); }
std::string_view ToString(VideoWriteMode value) { return WireName(value); }
std::string_view ToString(RenderResolution value) { return WireName(value); }
std::string_view ToString(Intensity value) { return WireName(value); }
std::string_view ToString(ExtendDirection value) { return WireName(value); }
std::string_view ToString(Scheduler value) { return WireName(value); }
std::string_view ToString(Acceleration value) { return WireName(value); }
std::string_view ToString(CameraLora value) { return WireName(value); }
std::string_view ToString(VideoOutputType value) { return WireName(value); }
std::string_view ToString(SizePreset value) { return WireName(value); }

std::optional<VideoQuality> ParseVideoQuality(std::string_view wire) { return FromWire<VideoQuality>(wire); }
std::optional<VideoWriteMode> ParseVideoWriteMode(std::string_view wire) {
  return FromWire<VideoWriteMode>(wire);
}
std::optional<RenderResolution> ParseRenderResolution(std::string_view wire) {
  return FromWire<RenderResolution>(wire);
}
std::optional<Intensity> ParseIntensity(std::string_view wire) { return FromWire<Intensity>(wire); }
std::optional<ExtendDirection> ParseExtendDirection(std::string_view wire) {
  return FromWire<ExtendDirection>(wire);
}
std::optional<Scheduler> ParseScheduler(std::string_view wire) { return FromWire<Scheduler>(wire); }
std::optional<Acceleration> ParseAcceleration(std::string_view wire) { return FromWire<Acceleration>(wire); }
std::optional<CameraLora> ParseCameraLora(std::string_view wire) { return FromWire<CameraLora>(wire); }
std::optional<VideoOutputType> ParseVideoOutputType(std::string_view wire) {
  return FromWire<VideoOutputType>(wire);
}
std::optional<SizePreset> ParseSizePreset(std::string_view wire) { return FromWire<SizePreset>(wire); }
std::string_view ToString(InterpolationDirection value) { return WireName(value); }
std::optional<InterpolationDirection> ParseInterpolationDirection(std::string_view wire) {
  return FromWire<InterpolationDirection>(wire);
}

std::string ToString(const ImageSize& size) {
  return std::to_string(size.width) + "x" + std::to_string(size.height);
}

std::string ToString(const VideoSize& size) {
  if (const auto* preset = std::get_if<SizePreset>(&size)) return std::string(ToString(*preset));
  return ToString(std::get<ImageSize>(size));
}

std::string ToString(const VideoSizeOrAuto& size) {
  if (std::holds_alternative<AutoSize>(size)) return "auto";
  if (const auto* preset = std::get_if<SizePreset>(&size)) return std::string(ToString(*preset));
  return ToString(std::get<ImageSize>(size));
}

}  // namespace fal::ltx
