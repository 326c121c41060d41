#include "values.hpp"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace fal::cli {
namespace {

using fal::ltx::ImageSize;

fal::Error Invalid(std::string message) {
  return fal::Error(fal::ErrorCode::kInvalidArgument, std::move(message));
}

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// The enumerators of each closed enum, for listing the choices. Parsing itself uses the library's
// tables (fal::ltx::Parse*), so a wire string lives in one place.
template <class Enum>
struct EnumInfo;

#define FALCPP_CLI_ENUM(Enum, Parser, ...)                                                         \
  template <>                                                                                      \
  struct EnumInfo<fal::ltx::Enum> {                                                                \
    static std::vector<fal::ltx::Enum> All() {                                                     \
      using E = fal::ltx::Enum;                                                                    \
      return {__VA_ARGS__};                                                                        \
    }                                                                                              \
    static std::optional<fal::ltx::Enum> Parse(std::string_view w) { return fal::ltx::Parser(w); } \
  };

FALCPP_CLI_ENUM(VideoQuality, ParseVideoQuality, E::kLow, E::kMedium, E::kHigh, E::kMaximum)
FALCPP_CLI_ENUM(VideoWriteMode, ParseVideoWriteMode, E::kFast, E::kBalanced, E::kSmall)
FALCPP_CLI_ENUM(RenderResolution, ParseRenderResolution, E::k480p, E::k720p)
FALCPP_CLI_ENUM(Intensity, ParseIntensity, E::kLight, E::kStrong, E::kStrongV2)
FALCPP_CLI_ENUM(Scheduler, ParseScheduler, E::kLtx2, E::kLinearQuadratic, E::kBeta)
FALCPP_CLI_ENUM(Acceleration, ParseAcceleration, E::kNone, E::kRegular, E::kHigh, E::kFull)
FALCPP_CLI_ENUM(CameraLora, ParseCameraLora, E::kDollyIn, E::kDollyOut, E::kDollyLeft, E::kDollyRight,
                E::kJibUp, E::kJibDown, E::kStatic, E::kNone)
FALCPP_CLI_ENUM(VideoOutputType, ParseVideoOutputType, E::kX264Mp4, E::kVp9Webm, E::kProres4444Mov, E::kGif)
FALCPP_CLI_ENUM(SizePreset, ParseSizePreset, E::kSquareHd, E::kSquare, E::kPortrait4x3, E::kPortrait16x9,
                E::kLandscape4x3, E::kLandscape16x9)
#undef FALCPP_CLI_ENUM

// WIDTHxHEIGHT, e.g. 1280x704.
std::optional<ImageSize> ParseDimensions(std::string_view text) {
  const auto x = text.find_first_of("xX");
  if (x == std::string_view::npos) return std::nullopt;
  fal::Result<int> w = ParseInt(text.substr(0, x));
  fal::Result<int> h = ParseInt(text.substr(x + 1));
  if (!w || !h) return std::nullopt;
  return ImageSize{*w, *h};
}

}  // namespace

fal::Result<std::int64_t> ParseInt64(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || std::isspace(static_cast<unsigned char>(s[0])) || *end != '\0') {
    return Invalid(Quote(text) + " is not a whole number");
  }
  if (errno == ERANGE) return Invalid(Quote(text) + " is out of range");
  return static_cast<std::int64_t>(v);
}

fal::Result<int> ParseInt(std::string_view text) {
  fal::Result<std::int64_t> v = ParseInt64(text);
  if (!v) return v.error();
  if (*v < INT32_MIN || *v > INT32_MAX) return Invalid(Quote(text) + " is out of range");
  return static_cast<int>(*v);
}

fal::Result<double> ParseDouble(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || std::isspace(static_cast<unsigned char>(s[0])) || *end != '\0') {
    return Invalid(Quote(text) + " is not a number");
  }
  return v;
}

fal::Result<double> ParseUsd(std::string_view text) {
  fal::Result<double> usd = ParseDouble(text);
  if (!usd) return usd.error();
  if (!(*usd >= 0)) return Invalid("give an amount of dollars, 0 or more (--max-cost 2.50)");
  return *usd;
}

fal::Result<bool> ParseBool(std::string_view text) {
  std::string s(text);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "true" || s == "yes" || s == "on" || s == "1") return true;
  if (s == "false" || s == "no" || s == "off" || s == "0") return false;
  return Invalid(Quote(text) + " is not true or false");
}

fal::Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  struct Unit {
    std::string_view suffix;
    double ms;
  };
  static const Unit kUnits[] = {{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}};
  double scale = 1000;
  std::string_view number = text;
  for (const Unit& u : kUnits) {
    if (text.size() > u.suffix.size() && text.substr(text.size() - u.suffix.size()) == u.suffix) {
      number = text.substr(0, text.size() - u.suffix.size());
      scale = u.ms;
      break;
    }
  }
  fal::Result<double> v = ParseDouble(number);
  if (!v || !std::isfinite(*v) || *v < 0 || *v * scale > 1e12) {
    return Invalid(Quote(text) + " is not a duration: give seconds (90, 1.5) or a number with ms, s, m or h");
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(*v * scale)));
}

bool IsRemote(std::string_view text) {
  return StartsWithNoCase(text, "http://") || StartsWithNoCase(text, "https://") ||
         StartsWithNoCase(text, "data:");
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::optional<std::string> NotAnUploadableFile(std::string_view text) {
  std::error_code ec;
  const std::filesystem::path path = std::filesystem::u8path(text);  // UTF-8 on every OS
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_regular_file(status)) return std::nullopt;
  if (std::filesystem::exists(status)) {
    return Quote(text) + " is not a regular file (" +
           (std::filesystem::is_directory(status) ? "a directory" : "a pipe or device") + "): give a file";
  }
  if (StartsWithNoCase(text, "file://")) {
    return Quote(text) + " is a file:// URL: give the local path itself (" + std::string(text.substr(7)) +
           ")";
  }
  if (const auto scheme = text.find("://"); scheme != std::string_view::npos && scheme > 1) {
    return Quote(text) + ": fal does not fetch " + std::string(text.substr(0, scheme)) +
           ":// URLs; give an https:// URL, a data: URI or a local file";
  }
  return "no such file " + Quote(text) + ": give an existing local file (it is uploaded) or an https:// URL";
}

fal::Result<fal::File> ParseFileArgument(std::string_view text) {
  if (text.empty()) return Invalid("the value is empty: give a local file or an https:// URL");
  if (IsRemote(text)) return fal::File(std::string(text));
  if (std::optional<std::string> why = NotAnUploadableFile(text)) return Invalid(*why);
  return fal::File::FromPath(std::filesystem::u8path(text));  // UTF-8 on every OS
}

fal::Result<fal::ltx::LoraInput> ParseLora(std::string_view text) {
  fal::ltx::LoraInput lora;
  lora.path = std::string(text);
  if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    if (fal::Result<double> scale = ParseDouble(text.substr(colon + 1)); scale.ok()) {
      lora.path = std::string(text.substr(0, colon));
      lora.scale = *scale;
    }
  }
  if (lora.path.empty()) return Invalid(Quote(text) + " has no path: give PATH_OR_URL[:SCALE]");
  return lora;
}

fal::Result<std::pair<std::string, std::string>> ParseHeader(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Invalid("the header is not NAME:VALUE; give it as --header 'X-Name: value'");
  }
  std::string_view value = text.substr(colon + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return std::make_pair(std::string(text.substr(0, colon)), std::string(value));
}

fal::Result<fal::ltx::VideoSizeOrAuto> ParseVideoSizeOrAuto(std::string_view text) {
  if (text == "auto") return fal::ltx::VideoSizeOrAuto(fal::ltx::AutoSize{});
  if (auto preset = fal::ltx::ParseSizePreset(text)) return fal::ltx::VideoSizeOrAuto(*preset);
  if (auto size = ParseDimensions(text)) return fal::ltx::VideoSizeOrAuto(*size);
  return Invalid(Quote(text) + " is not a size: give auto, WIDTHxHEIGHT (1280x704) or one of " +
                 EnumChoices<fal::ltx::SizePreset>());
}

fal::Result<fal::ltx::VideoSize> ParseVideoSize(std::string_view text) {
  if (auto preset = fal::ltx::ParseSizePreset(text)) return fal::ltx::VideoSize(*preset);
  if (auto size = ParseDimensions(text)) return fal::ltx::VideoSize(*size);
  return Invalid(Quote(text) + " is not a size: give WIDTHxHEIGHT (1280x704) or one of " +
                 EnumChoices<fal::ltx::SizePreset>());
}

template <class Enum>
fal::Result<Enum> ParseEnum(std::string_view text) {
  if (std::optional<Enum> v = EnumInfo<Enum>::Parse(text)) return *v;
  return Invalid(Quote(text) + " is not one of " + EnumChoices<Enum>());
}

template <class Enum>
std::string EnumChoices() {
  std::string out;
  for (Enum e : EnumInfo<Enum>::All()) out += (out.empty() ? "" : "|") + std::string(fal::ltx::ToString(e));
  return out;
}

#define FALCPP_CLI_INSTANTIATE(Enum)                                                \
  template fal::Result<fal::ltx::Enum> ParseEnum<fal::ltx::Enum>(std::string_view); \
  template std::string EnumChoices<fal::ltx::Enum>();
FALCPP_CLI_INSTANTIATE(VideoQuality)
FALCPP_CLI_INSTANTIATE(VideoWriteMode)
FALCPP_CLI_INSTANTIATE(RenderResolution)
FALCPP_CLI_INSTANTIATE(Intensity)
FALCPP_CLI_INSTANTIATE(Scheduler)
FALCPP_CLI_INSTANTIATE(Acceleration)
FALCPP_CLI_INSTANTIATE(CameraLora)
FALCPP_CLI_INSTANTIATE(VideoOutputType)
FALCPP_CLI_INSTANTIATE(SizePreset)
#undef FALCPP_CLI_INSTANTIATE

}  // namespace fal::cli
