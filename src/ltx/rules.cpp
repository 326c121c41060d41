#include "ltx/rules.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "fal/data_uri.hpp"
#include "fal/ltx/defaults.hpp"
#include "fal/ltx/trigger.hpp"
#include "internal/utf8.hpp"

namespace fal::internal {

Loc BodyLoc(std::initializer_list<std::string> parts) {
  Loc loc{"body"};
  loc.insert(loc.end(), parts.begin(), parts.end());
  return loc;
}

namespace {
FieldError Finding(Loc loc, std::string type, std::string msg, Advice advice) {
  if (advice != Advice::kNone) msg += "; " + std::string(AdviceText(advice));
  return FieldError{std::move(loc), std::move(msg), std::move(type), advice};
}
}  // namespace

void Checks::Error(Loc loc, std::string type, std::string msg, Advice advice) {
  report_.findings.push_back(
      {Severity::kError, Finding(std::move(loc), std::move(type), std::move(msg), advice)});
}

void Checks::Warn(Loc loc, std::string type, std::string msg, Advice advice) {
  report_.findings.push_back(
      {Severity::kWarning, Finding(std::move(loc), std::move(type), std::move(msg), advice)});
}

std::string FormatNumber(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string FormatSeconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, s < 10 ? "%.1f" : "%.0f", s);
  return buf;
}

namespace {

std::string Dotted(const Loc& loc) { return FieldError{loc, "", ""}.Path(); }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

bool IsBlank(std::string_view s) {
  for (char ch : s) {
    if (!std::isspace(static_cast<unsigned char>(ch))) return false;
  }
  return true;
}

// A path written like a URL ("https://...", "ftp://...", "file:///..."): File::FromPath was given a URL.
bool LooksLikeUrl(const std::string& path) {
  const auto colon = path.find(':');
  if (colon == std::string::npos || colon < 2) return false;  // "C:\\..." is a Windows drive, not a scheme
  for (std::size_t i = 0; i < colon; ++i) {
    const char ch = path[i];
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '+' && ch != '-' && ch != '.') return false;
  }
  return path.compare(colon, 3, "://") == 0 || path.compare(0, 5, "data:") == 0;
}

}  // namespace

std::string Shown(std::string_view value) {
  constexpr std::size_t kMax = 80;
  if (IsDataUri(value)) {
    const std::size_t comma = value.find(',');
    std::string head(
        value.substr(0, std::min<std::size_t>(comma == std::string_view::npos ? kMax : comma + 8, kMax)));
    return head + "... (" + std::to_string(value.size()) + " chars)";
  }
  std::string_view cut = value.substr(0, value.find_first_of("?#"));
  std::string out(cut.substr(0, kMax));
  if (cut.size() > kMax || cut.size() < value.size()) out += "...";
  return out;
}

int FloorToFrameGrid(int n) { return n < 1 ? 1 : ((n - 1) / 8) * 8 + 1; }

void CheckRange(Checks& c, const Loc& loc, const std::optional<int>& value, IntBound bound) {
  if (!value) return;
  const std::string given = Dotted(loc) + "=" + std::to_string(*value);
  const std::string fix =
      ": use a value from " + std::to_string(bound.min) + " to " + std::to_string(bound.max);
  if (*value < bound.min) {
    c.Error(loc, "greater_than_equal", given + " is below the minimum of " + std::to_string(bound.min) + fix);
  } else if (*value > bound.max) {
    c.Error(loc, "less_than_equal", given + " is above the maximum of " + std::to_string(bound.max) + fix);
  }
}

void CheckRange(Checks& c, const Loc& loc, const std::optional<double>& value, RealBound bound) {
  if (!value) return;
  const std::string given = Dotted(loc) + "=" + FormatNumber(*value);
  const std::string fix = ": use a value from " + FormatNumber(bound.min) + " to " + FormatNumber(bound.max);
  if (!std::isfinite(*value)) {
    c.Error(loc, "finite_number", given + " is not a finite number" + fix);
  } else if (*value < bound.min) {
    c.Error(loc, "greater_than_equal", given + " is below the minimum of " + FormatNumber(bound.min) + fix);
  } else if (*value > bound.max) {
    c.Error(loc, "less_than_equal", given + " is above the maximum of " + FormatNumber(bound.max) + fix);
  }
}

void CheckRequiredText(Checks& c, const Loc& loc, const std::string& value, std::string_view what) {
  if (IsBlank(value)) {
    c.Warn(loc, "blank",
           Dotted(loc) + " is " + (value.empty() ? "empty" : "blank") +
               ": fal accepts it, but the result follows no description; give " + std::string(what));
  }
}

bool IsHttpUrl(std::string_view url) {
  for (char ch : url) {
    if (std::isspace(static_cast<unsigned char>(ch)) || std::iscntrl(static_cast<unsigned char>(ch)))
      return false;
  }
  std::string_view rest;
  if (StartsWithNoCase(url, "https://")) {
    rest = url.substr(8);
  } else if (StartsWithNoCase(url, "http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return false;
      port = after.substr(1);
    }
  } else if (const std::size_t colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return false;
  for (char ch : port) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
  }
  return true;
}

bool IsBase64DataUri(std::string_view uri) {
  if (!IsDataUri(uri)) return false;
  const std::size_t comma = uri.find(',');
  if (comma == std::string_view::npos) return false;
  std::string_view meta = uri.substr(5, comma - 5);
  constexpr std::string_view kBase64 = ";base64";
  if (meta.size() < kBase64.size() || !StartsWithNoCase(meta.substr(meta.size() - kBase64.size()), kBase64))
    return false;
  std::string_view data = uri.substr(comma + 1);
  if (data.empty() || data.size() % 4 != 0) return false;
  std::size_t padding = 0;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(data[i]);
    if (ch == '=') {
      ++padding;
      continue;
    }
    if (padding > 0) return false;  // '=' only at the end
    if (!std::isalnum(ch) && ch != '+' && ch != '/') return false;
  }
  return padding <= 2;
}

void CheckFile(Checks& c, const Loc& loc, const File& file, bool required) {
  const std::string name = Dotted(loc);
  switch (file.kind()) {
    case File::Kind::kPath:
      if (file.path().empty()) {
        c.Error(loc, "missing", name + " is a local path, but the path is empty", Advice::kGiveFileOrUrl);
      } else if (LooksLikeUrl(file.path().string())) {
        c.Error(loc, "value_error",
                name + " is the local path '" + Shown(file.path().string()) +
                    "', which is written like a URL: a local file by that name would be uploaded",
                Advice::kPathLooksLikeUrl);
      }
      return;
    case File::Kind::kBytes:
      return;  // uploaded before submit
    case File::Kind::kUrl:
      if (file.url().empty()) {
        if (required) {
          c.Error(loc, "missing", name + " is required but empty", Advice::kGiveFileOrUrl);
        } else {
          c.Error(loc, "value_error", name + " is set but empty (or leave it unset)", Advice::kGiveFileOrUrl);
        }
      } else if (!IsHttpUrl(file.url())) {
        c.Error(loc, "value_error", name + "='" + Shown(file.url()) + "' is not an http(s) URL with a host",
                Advice::kGiveFileOrUrl);
      }
      return;
    case File::Kind::kDataUri:
      if (!IsBase64DataUri(file.url())) {
        c.Error(loc, "value_error",
                name + "='" + Shown(file.url()) +
                    "' is not a valid base64 data URI: use data:<media type>;base64,<base64 data>, or "
                    "fal::File::FromBytes(...) to upload the bytes");
      }
      return;
  }
}

void CheckOptionalFile(Checks& c, const Loc& loc, const std::optional<File>& file) {
  if (file) CheckFile(c, loc, *file, /*required=*/false);
}

void CheckFrameGrid(Checks& c, const std::optional<int>& num_frames, const std::optional<double>& fps,
                    const char* fps_key) {
  const Loc loc = BodyLoc({"num_frames"});
  const bool frames_ok =
      !num_frames || (*num_frames >= bounds::kNumFrames.min && *num_frames <= bounds::kNumFrames.max);
  const bool fps_ok = !fps || (std::isfinite(*fps) && *fps >= bounds::kFps.min && *fps <= bounds::kFps.max);
  if (!frames_ok || !fps_ok) return;  // the range errors already say it

  if (num_frames && (*num_frames - 1) % 8 != 0) {
    const int below = FloorToFrameGrid(*num_frames);
    c.Warn(loc, "frame_grid",
           "num_frames=" + std::to_string(*num_frames) +
               " is not of the form 8k+1: LTX works in steps of 8 frames plus one and may floor it to " +
               std::to_string(below) + "; use " + std::to_string(below) + " or " + std::to_string(below + 8));
  }
  const int frames = num_frames.value_or(ltx::defaults::quality::kNumFrames);
  const double rate = fps.value_or(ltx::defaults::quality::kFramesPerSecond);
  const double seconds = frames / rate;
  if (seconds > soft::kMaxSeconds + 1e-9) {
    const int max_frames = FloorToFrameGrid(static_cast<int>(std::floor(soft::kMaxSeconds * rate + 1e-9)));
    c.Warn(loc, "duration_too_long",
           "num_frames=" + std::to_string(frames) + " at " + FormatNumber(rate) + " fps is about " +
               FormatSeconds(seconds) +
               " s, longer than the about 20 s LTX-2.3 was trained on: expect drift; lower num_frames to " +
               std::to_string(max_frames) + " or less, or raise " + fps_key);
  }
}

void CheckImageSize(Checks& c, const Loc& loc, const ltx::ImageSize& size, int align) {
  const std::pair<const char*, int> axes[] = {{"width", size.width}, {"height", size.height}};
  for (const auto& [axis, value] : axes) {
    Loc axis_loc = loc;
    axis_loc.push_back(axis);
    CheckRange(c, axis_loc, std::optional<int>(value), bounds::kSizeAxis);
    if (value < bounds::kSizeAxis.min || value > bounds::kSizeAxis.max) continue;
    const std::string given = Dotted(axis_loc) + "=" + std::to_string(value);
    if (value % align != 0) {
      const int down = value / align * align;
      const int up = down + align;
      c.Warn(axis_loc, "size_alignment",
             given + " is not a multiple of " + std::to_string(align) +
                 ": the server aligns it, so the output size differs from the request; use " +
                 (down > 0 ? std::to_string(down) + " or " : std::string()) + std::to_string(up));
    }
    if (value > soft::kMaxAxis) {
      c.Warn(axis_loc, "size_too_large",
             given + " is above " + std::to_string(soft::kMaxAxis) +
                 " px, beyond what LTX-2.3 was trained on: expect artefacts; keep each side at " +
                 std::to_string(soft::kMaxAxis) + " or less");
    }
  }
}

void CheckSize(Checks& c, const Loc& loc, const std::optional<ltx::VideoSize>& size, int align) {
  if (!size) return;
  if (const auto* custom = std::get_if<ltx::ImageSize>(&*size)) CheckImageSize(c, loc, *custom, align);
}

void CheckSize(Checks& c, const Loc& loc, const std::optional<ltx::VideoSizeOrAuto>& size, int align) {
  if (!size) return;
  if (const auto* custom = std::get_if<ltx::ImageSize>(&*size)) CheckImageSize(c, loc, *custom, align);
}

void CheckLoras(Checks& c, const std::vector<ltx::LoraInput>& loras, LoraFamily family) {
  const bool quality = family == LoraFamily::kQuality;
  if (loras.empty()) {
    c.Warn(BodyLoc({"loras"}), "too_short",
           std::string(
               "loras is empty: this is a LoRA endpoint; add a LoRA, or use the endpoint without /lora"));
  }
  if (quality && loras.size() > bounds::kQualityMaxLoras) {
    c.Error(BodyLoc({"loras"}), "too_long",
            "loras has " + std::to_string(loras.size()) + " entries, above the maximum of " +
                std::to_string(bounds::kQualityMaxLoras) + " on this endpoint: remove " +
                std::to_string(loras.size() - bounds::kQualityMaxLoras) + " of them");
  }
  for (std::size_t i = 0; i < loras.size(); ++i) {
    const ltx::LoraInput& lora = loras[i];
    const std::string index = std::to_string(i);
    const Loc path_loc = BodyLoc({"loras", index, "path"});
    if (lora.path.empty()) {
      if (quality) {
        c.Error(path_loc, "missing",
                "loras." + index + ".path is empty: give the https:// URL of the LoRA's .safetensors file");
      }
    } else if (lora.path.find("://") != std::string::npos && !IsHttpUrl(lora.path)) {
      c.Error(path_loc, "value_error",
              "loras." + index + ".path='" + Shown(lora.path) +
                  "' is not an http(s) URL with a host: give the https:// URL of the .safetensors file" +
                  (quality ? "" : " or a Hugging Face repo id (owner/repo)"));
    }
    const Loc scale_loc = BodyLoc({"loras", index, "scale"});
    if (quality) {
      // 0..4 is only published for the 22b LoRA input; on the quality endpoints it is a hint, not a bound.
      if (lora.scale && !std::isfinite(*lora.scale)) {
        CheckRange(c, scale_loc, lora.scale, bounds::kLoraScale);
      } else if (lora.scale &&
                 (*lora.scale < bounds::kLoraScale.min || *lora.scale > bounds::kLoraScale.max)) {
        c.Warn(scale_loc, *lora.scale < bounds::kLoraScale.min ? "greater_than_equal" : "less_than_equal",
               "loras." + index + ".scale=" + FormatNumber(*lora.scale) +
                   " is outside 0 to 4, the range fal publishes for LoRA scales: expect a broken or blank "
                   "result; use a value from 0 to 4 (1 is the usual strength)");
      }
    } else {
      CheckRange(c, scale_loc, lora.scale, bounds::kLoraScale);
      if (lora.transformer) {
        c.Warn(
            BodyLoc({"loras", index, "transformer"}), "ignored",
            "loras." + index + ".transformer='" + Shown(*lora.transformer) +
                "' is not a field of the 22b LoRA input: the server ignores or rejects it; leave it unset");
      }
    }
  }
}

void CheckTriggerForLoras(Checks& c, const std::string& prompt, const std::vector<ltx::LoraInput>& loras) {
  if (ltx::StartsWithTrigger(prompt)) return;
  for (std::size_t i = 0; i < loras.size(); ++i) {
    const ltx::LoraInput& lora = loras[i];
    if (!ltx::Is3DRealLora(lora.path) && !(lora.weight_name && ltx::Is3DRealLora(*lora.weight_name)))
      continue;
    c.Warn(BodyLoc({"prompt"}), "trigger_missing",
           "loras." + std::to_string(i) + " is a 3DREAL LoRA but the prompt ('" + Shown(prompt) +
               "') does not start with the 3DREAL trigger, and this endpoint does not add it",
           Advice::kAddTrigger);
    return;  // one warning is enough
  }
}

namespace {
bool AcceptsVideoSize(const Json& value) { return VideoSizeFromJson(value).has_value(); }
bool AcceptsVideoSizeOrAuto(const Json& value) { return VideoSizeOrAutoFromJson(value).has_value(); }
}  // namespace

ExtraEnum ChoiceKey(const std::string& key, const std::vector<std::string>& choices) {
  std::string allowed;
  for (const std::string& c : choices) allowed += (allowed.empty() ? "" : ", ") + c;
  return {key, nullptr, std::move(allowed), choices};
}

namespace {
bool Accepts(const ExtraEnum& e, const Json& value) {
  if (e.accepts != nullptr) return e.accepts(value);
  if (!value.is_string()) return false;
  for (const std::string& c : e.choices) {
    if (c == value.get_ref<const std::string&>()) return true;
  }
  return false;
}
}  // namespace

ExtraEnum SizeKey(const char* key, bool allow_auto) {
  std::string allowed =
      (allow_auto ? "auto, " : "") + WireList<ltx::SizePreset>() + " or {\"width\": W, \"height\": H}";
  return {key, allow_auto ? &AcceptsVideoSizeOrAuto : &AcceptsVideoSize, std::move(allowed), {}};
}

namespace {

void CheckTextIn(Checks& c, const Json& value, Loc& loc) {
  const char* const kFix =
      ": fal reads JSON text as UTF-8; convert the text (for example from Latin-1 with iconv) before "
      "submitting";
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (auto bad = FirstInvalidUtf8(text)) {
      c.Error(loc, "utf8_invalid", "the text is not valid UTF-8: " + DescribeInvalidUtf8(text, *bad) + kFix);
    }
    return;
  }
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      loc.push_back(std::to_string(i));
      CheckTextIn(c, value[i], loc);
      loc.pop_back();
    }
    return;
  }
  if (!value.is_object()) return;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (auto bad = FirstInvalidUtf8(it.key())) {
      c.Error(loc, "utf8_invalid", "a key is not valid UTF-8: " + DescribeInvalidUtf8(it.key(), *bad) + kFix);
      continue;
    }
    loc.push_back(it.key());
    CheckTextIn(c, it.value(), loc);
    loc.pop_back();
  }
}

}  // namespace

void CheckText(Checks& c, const Json& typed_body, const std::string& extra_json) {
  Loc loc = BodyLoc({});
  CheckTextIn(c, typed_body, loc);
  if (auto bad = FirstInvalidUtf8(extra_json)) {
    c.Error({"extra_json"}, "utf8_invalid",
            "extra_json is not valid UTF-8: " + DescribeInvalidUtf8(extra_json, *bad) +
                ": JSON is UTF-8; convert the text (for example from Latin-1 with iconv) before submitting");
  }
}

void CheckExtraJson(Checks& c, const Json& typed_body, const std::string& extra_json,
                    const std::vector<ExtraEnum>& enums) {
  CheckText(c, typed_body, extra_json);
  if (extra_json.empty() || FirstInvalidUtf8(extra_json)) return;
  std::optional<Json> extra = ParseJsonObject(extra_json);
  if (!extra) {
    c.Error({"extra_json"}, "json_invalid",
            "extra_json is not a JSON object ('" + Shown(extra_json) +
                "'): it would be left out of the body; give an object such as {\"new_field\": 1}, or leave "
                "it empty");
    return;
  }
  for (auto it = extra->begin(); it != extra->end(); ++it) {
    const std::string& key = it.key();
    if (typed_body.contains(key)) {
      c.Warn(BodyLoc({key}), "ignored",
             key + " is set twice, by its typed field and by an extra field: the typed value is sent",
             Advice::kSetOnce);
      continue;
    }
    for (const ExtraEnum& e : enums) {
      if (key != e.key || Accepts(e, it.value())) continue;
      c.Warn(BodyLoc({key}), "enum",
             key + "=" + Shown(DumpJson(it.value())) +
                 " (an extra field) is not one of the values falcpp knows (" + e.allowed +
                 "): it is sent as written, for a value fal added after this release; check the "
                 "spelling otherwise");
    }
  }
}

}  // namespace fal::internal
