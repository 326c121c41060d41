// Builders for endpoint field flags: Field("num_frames", &Input::num_frames, "help") makes the flag
// --num-frames, with the placeholder and the parser chosen by the member's type. The endpoint tables
// (endpoint_tables.cpp) are lists of these, one row per field.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "fal/endpoint.hpp"
#include "fal/file.hpp"
#include "fal/ltx/common.hpp"
#include "fal/ltx/describe.hpp"
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

// The help line of a field, from its description: "what it does; 9..481, default 121".
inline std::string FieldHelp(const fal::ltx::FieldDescription& d) {
  std::string help = d.help;
  std::string facts;
  auto add = [&facts](const std::string& fact) { facts += (facts.empty() ? "" : ", ") + fact; };
  if (d.required) add("required");
  if (d.min && d.max) {
    auto number = [](double v) {
      std::string text = std::to_string(v);
      text.erase(text.find_last_not_of('0') + 1);
      if (!text.empty() && text.back() == '.') text.pop_back();
      return text;
    };
    add(number(*d.min) + ".." + number(*d.max));
  }
  if (!d.documented_default.empty()) add("default " + d.documented_default);
  return facts.empty() ? help : help + " (" + facts + ")";
}

// The flag of an enum field: its wire values, exactly; a value fal added after this release goes through
// --extra, which validation lets through with a warning.
template <class Input>
Flag<Input> EnumField(const fal::ltx::FieldDescription& d, fal::ltx::EnumMember<Input> member) {
  std::string choices;
  for (const std::string& c : d.choices) choices += (choices.empty() ? "" : "|") + c;
  return Flag<Input>{d.flag,
                     choices,
                     FieldHelp(d),
                     ValueKind::kRequired,
                     false,
                     [member, choices, name = d.name](Input& in, std::string_view v) -> fal::Result<void> {
                       if (member.set(in, v)) return {};
                       return fal::Error(fal::ErrorCode::kInvalidArgument,
                                         "'" + std::string(v) + "' is not one of " + choices +
                                             " (a value fal added since this release: --extra " + name +
                                             "='\"" + std::string(v) + "\"')");
                     }};
}

// One flag per field of Input, named, explained and parsed as its description says: the whole mapping from
// fal-ltx's flags to the typed input.
template <class Input>
std::vector<Flag<Input>> FieldFlags() {
  std::vector<Flag<Input>> flags;
  for (const fal::ltx::FieldBinding<Input>& f : fal::EndpointTraits<Input>::Fields()) {
    const fal::ltx::FieldDescription& d = f.description;
    std::visit(
        [&](const auto& m) {
          using M = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<M, fal::ltx::EnumMember<Input>>) {
            flags.push_back(EnumField(d, m));
          } else if constexpr (std::is_same_v<M, std::vector<fal::ltx::LoraInput> Input::*>) {
            Flag<Input> flag = LoraFlag(m, FieldHelp(d));
            flag.name = d.flag;
            flags.push_back(std::move(flag));
          } else {
            Flag<Input> flag = Field(d.name, m, FieldHelp(d));
            flag.name = d.flag;
            flags.push_back(std::move(flag));
          }
        },
        f.member);
  }
  return flags;
}

// The input's LoRA list, or null when the endpoint has none (local LoRA files are uploaded like files).
template <class Input>
std::vector<fal::ltx::LoraInput>* LorasOf(Input& in) {
  for (const fal::ltx::FieldBinding<Input>& f : fal::EndpointTraits<Input>::Fields()) {
    if (const auto* m = std::get_if<std::vector<fal::ltx::LoraInput> Input::*>(&f.member)) return &(in.**m);
  }
  return nullptr;
}

}  // namespace fal::cli
