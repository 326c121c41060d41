#include "ltx/json_mapping.hpp"

#include <cmath>
#include <limits>
#include <variant>

namespace fal::internal {

Json ToJsonValue(const ltx::ImageSize& v) { return Json{{"width", v.width}, {"height", v.height}}; }

Json ToJsonValue(const ltx::VideoSize& v) {
  if (const auto* preset = std::get_if<ltx::SizePreset>(&v)) return ToJsonValue(*preset);
  return ToJsonValue(std::get<ltx::ImageSize>(v));
}

Json ToJsonValue(const ltx::VideoSizeOrAuto& v) {
  if (std::holds_alternative<ltx::AutoSize>(v)) return "auto";
  if (const auto* preset = std::get_if<ltx::SizePreset>(&v)) return ToJsonValue(*preset);
  return ToJsonValue(std::get<ltx::ImageSize>(v));
}

Json ToJsonValue(const ltx::LoraInput& v) {
  Json j = Json::object();
  PutRequired(j, "path", v.path);
  PutIfSet(j, "scale", v.scale);
  PutIfSet(j, "transformer", v.transformer);
  PutIfSet(j, "weight_name", v.weight_name);
  return j;
}

Json ToJsonValue(const std::vector<ltx::LoraInput>& v) {
  Json j = Json::array();
  for (const ltx::LoraInput& lora : v) j.push_back(ToJsonValue(lora));
  return j;
}

std::optional<ltx::ImageSize> ImageSizeFromJson(const Json& j) {
  if (!j.is_object()) return std::nullopt;
  std::optional<int> width = GetInt(j, "width");
  std::optional<int> height = GetInt(j, "height");
  if (!width || !height) return std::nullopt;
  return ltx::ImageSize{*width, *height};
}

std::optional<ltx::VideoSize> VideoSizeFromJson(const Json& j) {
  if (j.is_string()) {
    if (auto preset = FromWire<ltx::SizePreset>(j.get_ref<const std::string&>()))
      return ltx::VideoSize{*preset};
    return std::nullopt;
  }
  if (auto size = ImageSizeFromJson(j)) return ltx::VideoSize{*size};
  return std::nullopt;
}

std::optional<ltx::VideoSizeOrAuto> VideoSizeOrAutoFromJson(const Json& j) {
  if (j.is_string() && j.get_ref<const std::string&>() == "auto")
    return ltx::VideoSizeOrAuto{ltx::AutoSize{}};
  std::optional<ltx::VideoSize> size = VideoSizeFromJson(j);
  if (!size) return std::nullopt;
  if (const auto* preset = std::get_if<ltx::SizePreset>(&*size)) return ltx::VideoSizeOrAuto{*preset};
  return ltx::VideoSizeOrAuto{std::get<ltx::ImageSize>(*size)};
}

std::optional<Json> ParseJsonObject(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

void MergeExtraJson(Json& body, const std::string& extra_json) {
  if (extra_json.empty()) return;
  std::optional<Json> extra = ParseJsonObject(extra_json);
  if (!extra) return;
  for (auto it = extra->begin(); it != extra->end(); ++it) {
    if (!body.contains(it.key())) body[it.key()] = it.value();
  }
}

std::string DumpBody(const Json& body) { return DumpJson(body); }

namespace {

Error Malformed(std::string_view endpoint_id, const std::string& why, const std::string& body) {
  // A short excerpt helps with a proxy's HTML error page; output bodies carry no secrets, but a data URI can
  // be megabytes, hence the cap.
  constexpr std::size_t kExcerpt = 160;
  std::string excerpt = body.substr(0, kExcerpt);
  if (body.size() > kExcerpt) excerpt += "...";
  return Error(ErrorCode::kMalformedResponse,
               std::string(endpoint_id) + " output: " + why + "; body starts: " + excerpt);
}

Result<Json> ParseOutputObject(const std::string& body, std::string_view endpoint_id) {
  Json j = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Malformed(endpoint_id, "not JSON", body);
  if (!j.is_object()) return Malformed(endpoint_id, "not a JSON object", body);
  const auto video = j.find("video");
  if (video == j.end() || !video->is_object()) return Malformed(endpoint_id, "no `video` object", body);
  const auto url = video->find("url");
  if (url == video->end() || !url->is_string())
    return Malformed(endpoint_id, "`video.url` is not a string", body);
  return j;
}

void ReadFile(const Json& video, OutputFile& out) {
  out.url = video.at("url").get<std::string>();
  out.content_type = GetString(video, "content_type");
  out.file_name = GetString(video, "file_name");
  out.file_size = GetInt64(video, "file_size");
}

}  // namespace

Result<ltx::QualityVideoOutput> ParseQualityOutput(const std::string& body, std::string_view endpoint_id) {
  Result<Json> j = ParseOutputObject(body, endpoint_id);
  if (!j) return j.error();
  ltx::QualityVideoOutput out;
  ReadFile(j->at("video"), out.video);
  out.seed = GetInt64(*j, "seed");
  out.prompt = GetString(*j, "prompt").value_or("");
  out.raw_json = body;
  return out;
}

Result<ltx::Ltx22bVideoOutput> Parse22bOutput(const std::string& body, std::string_view endpoint_id) {
  Result<Json> j = ParseOutputObject(body, endpoint_id);
  if (!j) return j.error();
  ltx::Ltx22bVideoOutput out;
  const Json& video = j->at("video");
  ReadFile(video, out.video);
  out.video.width = GetInt(video, "width");
  out.video.height = GetInt(video, "height");
  out.video.fps = GetDouble(video, "fps");
  out.video.duration = GetDouble(video, "duration");
  out.video.num_frames = GetInt(video, "num_frames");
  out.seed = GetInt64(*j, "seed");
  out.prompt = GetString(*j, "prompt").value_or("");
  out.raw_json = body;
  return out;
}

std::optional<std::string> GetString(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::int64_t> GetInt64(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_integer() && !it->is_number_unsigned()) return it->get<std::int64_t>();
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  if (it->is_number_float()) {
    // Python servers sometimes send integral values as floats (25.0); accept those, nothing fractional.
    const double v = it->get<double>();
    if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > 9.0e15) return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  return std::nullopt;
}

std::optional<int> GetInt(const Json& object, const char* key) {
  std::optional<std::int64_t> v = GetInt64(object, key);
  if (!v || *v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(*v);
}

std::optional<double> GetDouble(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::optional<ltx::ImageSize> NominalSize(const std::optional<ltx::VideoSizeOrAuto>& size) {
  if (!size || std::holds_alternative<ltx::AutoSize>(*size)) return std::nullopt;
  if (const auto* custom = std::get_if<ltx::ImageSize>(&*size)) return *custom;
  switch (std::get<ltx::SizePreset>(*size)) {
    case ltx::SizePreset::kSquareHd:
      return ltx::ImageSize{1024, 1024};
    case ltx::SizePreset::kSquare:
      return ltx::ImageSize{512, 512};
    case ltx::SizePreset::kPortrait4x3:
      return ltx::ImageSize{768, 1024};
    case ltx::SizePreset::kPortrait16x9:
      return ltx::ImageSize{576, 1024};
    case ltx::SizePreset::kLandscape4x3:
      return ltx::ImageSize{1024, 768};
    case ltx::SizePreset::kLandscape16x9:
      return ltx::ImageSize{1024, 576};
  }
  return std::nullopt;
}

}  // namespace fal::internal
