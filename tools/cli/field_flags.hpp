// Builders for endpoint field flags: Field("num_frames", &Input::num_frames, "help") makes the flag
// --num-frames, with the placeholder and the parser chosen by the member's type. The endpoint tables
// (endpoint_tables.cpp) are lists of these, one row per field.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "fal/file.hpp"
#include "fal/ltx/common.hpp"
#include "flags.hpp"
#include "values.hpp"

namespace fal::cli {

// How a field type is parsed and shown. The primary template covers the closed enums.
template <class T>
struct FieldValue {
  static_assert(std::is_enum_v<T>, "add a FieldValue specialisation for this field type");
  static constexpr ValueKind kKind = ValueKind::kRequired;
  static std::string Placeholder() { return EnumChoices<T>(); }
  static fal::Result<T> Parse(std::string_view v) { return ParseEnum<T>(v); }
};
template <>
struct FieldValue<int> {
  static constexpr ValueKind kKind = ValueKind::kRequired;
  static std::string Placeholder() { return "N"; }
  static fal::Result<int> Parse(std::string_view v) { return ParseInt(v); }
};
template <>
struct FieldValue<std::int64_t> {
  static constexpr ValueKind kKind = ValueKind::kRequired;
  static std::string Placeholder() { return "N"; }
  static fal::Result<std::int64_t> Parse(std::string_view v) { return ParseInt64(v); }
};
template <>
struct FieldValue<double> {
  static constexpr ValueKind kKind = ValueKind::kRequired;
  static std::string Placeholder() { return "X"; }
  static fal::Result<double> Parse(std::string_view v) { return ParseDouble(v); }
};
template <>
struct FieldValue<bool> {
  static constexpr ValueKind kKind = ValueKind::kOptionalBool;
  static std::string Placeholder() { return "true|false"; }
  static fal::Result<bool> Parse(std::string_view v) { return ParseBool(v); }
};
template <>
struct FieldValue<std::string> {
  static constexpr ValueKind kKind = ValueKind::kRequired;
  static std::string Placeholder() { return "TEXT"; }
  static fal::Result<std::string> Parse(std::string_view v) { return std::string(v); }
};
template <>
struct FieldValue<fal::File> {
  static constexpr ValueKind kKind = ValueKind::kRequired;
  static std::string Placeholder() { return "PATH|URL"; }
  static fal::Result<fal::File> Parse(std::string_view v) { return ParseFileArgument(v); }
};
template <>
struct FieldValue<fal::ltx::VideoSizeOrAuto> {
  static constexpr ValueKind kKind = ValueKind::kRequired;
  static std::string Placeholder() { return "auto|WxH|PRESET"; }
  static fal::Result<fal::ltx::VideoSizeOrAuto> Parse(std::string_view v) { return ParseVideoSizeOrAuto(v); }
};
template <>
struct FieldValue<fal::ltx::VideoSize> {
  static constexpr ValueKind kKind = ValueKind::kRequired;
  static std::string Placeholder() { return "WxH|PRESET"; }
  static fal::Result<fal::ltx::VideoSize> Parse(std::string_view v) { return ParseVideoSize(v); }
};

// "num_frames" -> "num-frames": the flag of a field is its JSON name with dashes.
inline std::string FlagName(std::string json_name) {
  for (char& c : json_name) {
    if (c == '_') c = '-';
  }
  return json_name;
}

// A flag for an optional field.
template <class Input, class T>
Flag<Input> Field(std::string json_name, std::optional<T> Input::*member, std::string help) {
  return Flag<Input>{FlagName(std::move(json_name)),
                     FieldValue<T>::Placeholder(),
                     std::move(help),
                     FieldValue<T>::kKind,
                     false,
                     [member](Input& in, std::string_view v) -> fal::Result<void> {
                       fal::Result<T> parsed = FieldValue<T>::Parse(v);
                       if (!parsed) return parsed.error();
                       in.*member = std::move(*parsed);
                       return {};
                     }};
}

// A flag for a required field (a plain member).
template <class Input, class T>
Flag<Input> Field(std::string json_name, T Input::*member, std::string help) {
  return Flag<Input>{FlagName(std::move(json_name)),
                     FieldValue<T>::Placeholder(),
                     std::move(help),
                     FieldValue<T>::kKind,
                     false,
                     [member](Input& in, std::string_view v) -> fal::Result<void> {
                       fal::Result<T> parsed = FieldValue<T>::Parse(v);
                       if (!parsed) return parsed.error();
                       in.*member = std::move(*parsed);
                       return {};
                     }};
}

// A file field under a short flag name (--video for video_url).
template <class Input, class Member>
Flag<Input> FileField(std::string flag, Member Input::*member, std::string help) {
  Flag<Input> f = Field(flag, member, std::move(help));
  f.name = std::move(flag);
  return f;
}

// --lora PATH_OR_URL[:SCALE], repeatable: appends to `loras`.
template <class Input>
Flag<Input> LoraFlag(std::vector<fal::ltx::LoraInput> Input::*member, std::string help) {
  return Flag<Input>{"lora",
                     "PATH|URL[:SCALE]",
                     std::move(help),
                     ValueKind::kRequired,
                     true,
                     [member](Input& in, std::string_view v) -> fal::Result<void> {
                       fal::Result<fal::ltx::LoraInput> lora = ParseLora(v);
                       if (!lora) return lora.error();
                       (in.*member).push_back(std::move(*lora));
                       return {};
                     }};
}

}  // namespace fal::cli
