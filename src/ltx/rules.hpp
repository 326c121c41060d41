#pragma once
// The validation rules of the LTX models, each written once. The bounds come from fal's OpenAPI ranges
// (docs/ltx-endpoints.md sections 2.1-2.5); the warnings are decision 8 of that page. Each
// endpoint's Validate (render_to_real.cpp, ...) is the list of rules that apply to it, in field order, and
// quality_fields.hpp holds the rules the quality family shares.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fal/file.hpp"
#include "fal/ltx/common.hpp"
#include "fal/validation.hpp"
#include "ltx/json_mapping.hpp"

namespace fal::internal {

using Loc = std::vector<std::string>;

// {"body", parts...}: fal's location of a body field.
Loc BodyLoc(std::initializer_list<std::string> parts);

// Collects findings. All rules run; nothing stops at the first finding.
class Checks {
 public:
  // With an advice, msg is what was wrong and the finding's msg ends with the advice's C++ wording.
  void Error(Loc loc, std::string type, std::string msg, Advice advice = Advice::kNone);
  void Warn(Loc loc, std::string type, std::string msg, Advice advice = Advice::kNone);
  ValidationReport Take() { return std::move(report_); }

 private:
  ValidationReport report_;
};

struct IntBound {
  int min;
  int max;
};
struct RealBound {
  double min;
  double max;
};

// Schema bounds: Strict rejects values outside them.
namespace bounds {
inline constexpr IntBound kNumFrames{9, 481};
inline constexpr IntBound kContextFrames{9, 121};  // extend-video's num_context_frames
inline constexpr RealBound kFps{1, 60};
inline constexpr IntBound kQualitySteps{8, 30};
inline constexpr IntBound k22bSteps{8, 50};
inline constexpr RealBound kCfg{1, 20};  // guidance_scale, video_cfg_scale, audio_cfg_scale
inline constexpr RealBound kUnit{0, 1};  // strengths, rescaling, camera and distill LoRA scales
inline constexpr RealBound kStg{0, 20};  // video_stg_scale, audio_stg_scale
inline constexpr RealBound kTen{0, 10};  // modality scales, gradient_estimation_gamma
inline constexpr RealBound kDetailRefineStrength{0.3, 0.95};
inline constexpr RealBound kLoraScale{0, 4};    // a schema bound on 22b only; a warning on quality endpoints
inline constexpr IntBound kSizeAxis{1, 14142};  // fal's generic ImageSize
inline constexpr std::size_t kQualityMaxLoras = 3;
}  // namespace bounds

// Warning thresholds (decision 8): beyond LTX-2.3's trained range, not rejected by fal.
namespace soft {
inline constexpr int kMaxAxis = 2048;                // RoPE spatial range
inline constexpr double kMaxSeconds = 481.0 / 24.0;  // RoPE time range; 481 frames at 24 fps
inline constexpr int kAlign = 32;                    // VAE grid
inline constexpr int kIcLoraAlign = 64;              // two-stage IC-LoRA pipelines
inline constexpr int kClass720pShortSide = 704;      // "720p-class" for the rv2v budget
}  // namespace soft

// Numbers as people write them: 24, 0.85, 6.0 s.
std::string FormatNumber(double v);
// Seconds as fal writes them: "6.0" under ten seconds, "15" from ten up.
std::string FormatSeconds(double s);
// A value for a message: URLs without query or fragment (a signature may hide there), data URIs and long
// text shortened.
std::string Shown(std::string_view value);
// The largest 8k+1 count <= n (n >= 1).
int FloorToFrameGrid(int n);

// ---- Field rules ----

void CheckRange(Checks& c, const Loc& loc, const std::optional<int>& value, IntBound bound);
void CheckRange(Checks& c, const Loc& loc, const std::optional<double>& value, RealBound bound);
// Required text that is empty or all whitespace: a warning ("blank"). fal's schemas say "string, required"
// with no minimum length, so the server takes it; the video then follows no description.
void CheckRequiredText(Checks& c, const Loc& loc, const std::string& value, std::string_view what);
// A URL (http/https with a host), a base64 data URI, or a file to upload. `required`: empty is "missing";
// otherwise a set-but-empty file is a value_error.
void CheckFile(Checks& c, const Loc& loc, const File& file, bool required);
void CheckOptionalFile(Checks& c, const Loc& loc, const std::optional<File>& file);
bool IsHttpUrl(std::string_view url);
bool IsBase64DataUri(std::string_view uri);

// num_frames not 8k+1 (warning), and the clip length num_frames / fps above ~20 s (warning), with the
// endpoint's defaults standing in for unset values. Values outside their bounds are left to the range rules.
void CheckFrameGrid(Checks& c, const std::optional<int>& num_frames, const std::optional<double>& fps,
                    const char* fps_key);

// A custom size: each side 1..14142 (error), a multiple of `align` (warning), at most 2048 px (warning).
void CheckImageSize(Checks& c, const Loc& loc, const ltx::ImageSize& size, int align);
void CheckSize(Checks& c, const Loc& loc, const std::optional<ltx::VideoSize>& size, int align);
void CheckSize(Checks& c, const Loc& loc, const std::optional<ltx::VideoSizeOrAuto>& size, int align);

// LoRA lists. Quality endpoints: at most 3, a non-empty http(s) path, scale outside 0..4 warned. 22b: any
// count, empty path allowed (fal's own example), scale 0..4, `transformer` warned as not a field there.
enum class LoraFamily { kQuality, k22b };
void CheckLoras(Checks& c, const std::vector<ltx::LoraInput>& loras, LoraFamily family);
// A 3DREAL LoRA with a prompt that does not start with the trigger, on endpoints that do not add it
// (warning).
void CheckTriggerForLoras(Checks& c, const std::string& prompt, const std::vector<ltx::LoraInput>& loras);

// ---- extra_json ----

// A key whose wire values are closed. A value in extra_json (for a field the typed struct leaves unset) that
// is not one of them is a warning ("enum"), not an error: extra_json is how a value fal adds to an enum
// after this release is sent under ValidationMode::kStrict (docs/validation.md).
struct ExtraEnum {
  std::string key;
  bool (*accepts)(const Json& value);  // null: `choices` decide
  std::string allowed;                 // for the message
  std::vector<std::string> choices;
};

template <class E>
bool AcceptsEnum(const Json& value) {
  return value.is_string() && FromWire<E>(value.get_ref<const std::string&>()).has_value();
}
template <class E>
ExtraEnum EnumKey() {
  return {std::string(WireTable<E>::kField), &AcceptsEnum<E>, WireList<E>(), {}};
}
// An enum field by its wire values.
ExtraEnum ChoiceKey(const std::string& key, const std::vector<std::string>& choices);
// A size key ("resolution", "video_size"): a named size (or "auto" when allowed) or {width, height}.
ExtraEnum SizeKey(const char* key, bool allow_auto);

// Every text the body will carry (typed strings, keys, extra_json) must be UTF-8, which is what JSON is: an
// error names the field and the byte. Under ValidationMode::kWarn or kOff the body is sent with U+FFFD in
// place of each such byte (internal/utf8.hpp). CheckExtraJson runs it first.
void CheckText(Checks& c, const Json& typed_body, const std::string& extra_json);

// extra_json must be empty or a JSON object (error); a key the typed fields also set is a warning (the typed
// value is sent); a value outside the closed keys' known values is a warning.
void CheckExtraJson(Checks& c, const Json& typed_body, const std::string& extra_json,
                    const std::vector<ExtraEnum>& enums);

}  // namespace fal::internal
