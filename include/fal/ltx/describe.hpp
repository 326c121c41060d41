#pragma once
/// @file
/// One description per typed LTX-2.3 endpoint: every field once (JSON name, type, required, bounds, enum
/// values, documented default, file or not, help text) and the endpoint's budget. Validation, the JSON
/// mapping, fal-ltx's flags and help, and the tables of docs/endpoints.md all follow from it, so a bound or a
/// default is written in one place (each endpoint's table in src/ltx/). A UI can build its form from it.
///
/// @code
/// for (const fal::ltx::EndpointDescription* e : fal::ltx::TypedEndpoints()) {
///   std::cout << e->id << ": " << e->summary << "\n";
///   for (const fal::ltx::FieldDescription& f : e->fields) std::cout << "  " << f.name << "\n";
/// }
/// @endcode
///
/// @par Thread safety
/// The descriptions are built once, on first use (thread-safe), and never change.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fal/export.hpp"
#include "fal/file.hpp"
#include "fal/ltx/common.hpp"

namespace fal::ltx {

/// The JSON shape of a field.
enum class FieldType {
  kString,   ///< A JSON string (prompt, negative_prompt).
  kInteger,  ///< A JSON integer.
  kNumber,   ///< A JSON number.
  kBoolean,  ///< true or false.
  kEnum,     ///< A string from a closed list (`choices`).
  kSize,     ///< A named size from `choices` or {"width": W, "height": H}.
  kFile,     ///< A URL string; a local file is uploaded first (fal::File).
  kLoras,    ///< An array of {path, scale, ...} objects.
};

/// "string", "integer", "number", "boolean", "enum", "size", "file", "loras".
FALCPP_EXPORT std::string_view ToString(FieldType type);

/// One field of an endpoint's input, as fal documents it.
struct FALCPP_EXPORT FieldDescription {
  std::string name;                     ///< The JSON key ("num_frames").
  FieldType type = FieldType::kString;  ///< The JSON shape.
  bool required = false;                ///< Always sent (a plain member, not std::optional).
  std::optional<double> min;            ///< Schema lower bound: Strict rejects below it.
  std::optional<double> max;            ///< Schema upper bound: Strict rejects above it.
  std::vector<std::string> choices;     ///< Enum wire values; for sizes the named sizes (and "auto").
  std::string documented_default;       ///< fal's documented default as text; empty when none is documented.
  std::string help;                     ///< One line: what the field does.
  std::string flag;                     ///< fal-ltx's flag without dashes ("video" for video_url).
};

/// One typed endpoint.
struct FALCPP_EXPORT EndpointDescription {
  std::string id;       ///< "fal-ai/ltx-2.3-quality/render-to-real".
  std::string command;  ///< fal-ltx's short command name, or empty (the id always works).
  std::string summary;  ///< One line.
  std::string budget;   ///< The frame budget and what validation does about it; empty when none.
  std::vector<FieldDescription> fields;  ///< In the order fal documents them.

  /// The field named `name`, or null.
  const FieldDescription* Find(std::string_view name) const;
};

/// The typed input's accessor for an enum member: its wire value, and a setter from a wire value.
template <class Input>
struct EnumMember {
  std::function<std::optional<std::string>(const Input&)> get;  ///< Unset: nullopt.
  std::function<bool(Input&, std::string_view wire)> set;       ///< False for a value not in the enum.
};

/// The member of a typed input that holds a field, by type.
template <class Input>
using FieldMember =
    std::variant<std::string Input::*, std::optional<std::string> Input::*, File Input::*,
                 std::optional<File> Input::*, std::optional<int> Input::*,
                 std::optional<std::int64_t> Input::*, std::optional<double> Input::*,
                 std::optional<bool> Input::*, std::optional<VideoSize> Input::*,
                 std::optional<VideoSizeOrAuto> Input::*, std::vector<LoraInput> Input::*, EnumMember<Input>>;

/// A field's description and the member of `Input` that holds it: the row generic code (JSON mapping,
/// validation, fal-ltx's flags) works from. EndpointTraits<Input>::Fields() lists them.
template <class Input>
struct FieldBinding {
  FieldDescription description;  ///< What the field is.
  FieldMember<Input> member;     ///< Where it lives in Input.
};

/// Every typed endpoint's description, in the order of docs/endpoints.md.
FALCPP_EXPORT const std::vector<const EndpointDescription*>& TypedEndpoints();

/// The description of the endpoint with this id (or fal-ltx short command name); null when none is typed.
FALCPP_EXPORT const EndpointDescription* FindTypedEndpoint(std::string_view id_or_command);

/// The Markdown table of an endpoint's fields, as docs/endpoints.md shows it (one row per field:
/// field, type, required, default, limits, description), then the budget when there is one. The docs test
/// compares the page with it.
FALCPP_EXPORT std::string FieldsMarkdown(const EndpointDescription& endpoint);

}  // namespace fal::ltx
