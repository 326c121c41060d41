#pragma once
// The JSON mapping of the LTX models, in one place: value conversions, PutRequired/PutIfSet (unset optionals
// are left out, never sent as null, because fal's server-side defaults drift), the extra_json merge, and the
// lenient output parsers. nlohmann stays in src/: this header is private.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "fal/file.hpp"
#include "fal/ltx/common.hpp"
#include "fal/result.hpp"
#include "internal/json_text.hpp"
#include "ltx/enum_tables.hpp"

namespace fal::internal {

using Json = nlohmann::json;

// ---- Values -> JSON ----

inline Json ToJsonValue(bool v) { return v; }
inline Json ToJsonValue(int v) { return v; }
inline Json ToJsonValue(std::int64_t v) { return v; }
inline Json ToJsonValue(double v) { return v; }
inline Json ToJsonValue(const std::string& v) { return v; }
// A file still to upload shows as its "<upload: NAME>" placeholder; the client uploads before sending.
inline Json ToJsonValue(const File& v) { return v.WireValue(); }

template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
Json ToJsonValue(E v) {
  return std::string(WireName(v));
}

Json ToJsonValue(const ltx::ImageSize& v);
Json ToJsonValue(const ltx::VideoSize& v);
Json ToJsonValue(const ltx::VideoSizeOrAuto& v);
Json ToJsonValue(const ltx::LoraInput& v);
Json ToJsonValue(const std::vector<ltx::LoraInput>& v);

template <class T>
void PutRequired(Json& body, const char* key, const T& value) {
  body[key] = ToJsonValue(value);
}

template <class T>
void PutIfSet(Json& body, const char* key, const std::optional<T>& value) {
  if (value) body[key] = ToJsonValue(*value);
}

// ---- JSON -> sizes (strings by name, objects as {width, height}; anything else is not a size) ----

std::optional<ltx::ImageSize> ImageSizeFromJson(const Json& j);
std::optional<ltx::VideoSize> VideoSizeFromJson(const Json& j);
std::optional<ltx::VideoSizeOrAuto> VideoSizeOrAutoFromJson(const Json& j);

// The nominal pixels of a requested size; nullopt for auto (the server picks the size from the source).
// Named sizes use fal's generic mapping, which the LTX endpoints may adjust.
std::optional<ltx::ImageSize> NominalSize(const std::optional<ltx::VideoSizeOrAuto>& size);

// ---- extra_json ----

// The parsed object, or nullopt when `text` is not a JSON object. Never throws.
std::optional<Json> ParseJsonObject(std::string_view text);

// Adds the keys of `extra_json` that `body` does not have: the typed fields win a clash. An extra_json that
// is not a JSON object is left out (Validate reports it as an error, so Strict never gets here with one).
void MergeExtraJson(Json& body, const std::string& extra_json);

// The body as sent: compact, UTF-8 errors replaced rather than thrown.
std::string DumpBody(const Json& body);

// ---- Lenient output parsing ----

// Both require a JSON object with a `video` object whose `url` is a string (possibly empty, or a data URI);
// anything else is kMalformedResponse with a short excerpt of the body. Every other field is optional and
// skipped when absent, null or of the wrong type. raw_json keeps the body.
Result<ltx::QualityVideoOutput> ParseQualityOutput(const std::string& body, std::string_view endpoint_id);
Result<ltx::Ltx22bVideoOutput> Parse22bOutput(const std::string& body, std::string_view endpoint_id);

// Typed getters: absent, null or of another type -> nullopt.
std::optional<std::string> GetString(const Json& object, const char* key);
std::optional<std::int64_t> GetInt64(const Json& object, const char* key);
std::optional<int> GetInt(const Json& object, const char* key);
std::optional<double> GetDouble(const Json& object, const char* key);

}  // namespace fal::internal
