#include "ltx_input_rules.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>

#include "ltx_field_rules.hpp"

namespace fal::emulator {
namespace {

using nlohmann::json;
using namespace ltx_rules;  // the table's vocabulary: Int, Num, Enum, Required, ...

// ---------------------------------------------------------------------------------------------
// The table. Sources: the seed pages (fal's model pages) and fal's published schema ranges.

const std::vector<std::string_view> kVideoQuality = {"low", "medium", "high", "maximum"};
const std::vector<std::string_view> kVideoWriteMode = {"fast", "balanced", "small"};
const std::vector<std::string_view> kSizePresets = {"square_hd",     "square",        "portrait_4_3",
                                                    "portrait_16_9", "landscape_4_3", "landscape_16_9"};
std::vector<std::string_view> WithAuto(std::vector<std::string_view> presets) {
  presets.insert(presets.begin(), "auto");
  return presets;
}

// Fields every ltx-2.3-quality endpoint shares.
std::vector<FieldRule> QualityCommon() {
  return {
      Int("num_frames", 9, 481),
      Num("frames_per_second", 1, 60),
      Int("num_inference_steps", 8, 30),
      Num("guidance_scale", 1, 20),
      Bool("generate_audio"),
      Str("negative_prompt"),
      Nullable(AnyInt("seed")),
      Bool("enable_prompt_expansion"),
      Bool("enable_safety_checker"),
      Enum("video_quality", kVideoQuality),
      Enum("video_write_mode", kVideoWriteMode),
      Bool("sync_mode"),
  };
}

EndpointRules Concat(std::vector<FieldRule> specific, LoraRules loras = {}) {
  auto common = QualityCommon();
  specific.insert(specific.end(), common.begin(), common.end());
  return {std::move(specific), std::move(loras)};
}

// The reference-video fields (with or without loras), in fal's order.
std::vector<FieldRule> ReferenceVideoFields(bool loras) {
  std::vector<FieldRule> fields = {
      Required(Str("prompt")),
      Required(Url("video_url")),
      Nullable(Url("control_video_url")),
      Bool("skip_control_preprocess"),
      Bool("preserve_original_video"),
      Nullable(Url("image_url")),
      Nullable(Url("mid_image_url")),
      Nullable(Url("end_image_url")),
      Num("video_strength", 0, 1),
      Num("strength", 0, 1),
      Size("resolution", WithAuto(kSizePresets)),
  };
  if (loras) fields.push_back(Loras("loras"));
  return fields;
}

const LoraRules kQualityLoras{3, std::nullopt, std::nullopt, {"transformer", "weight_name"}};

std::vector<FieldRule> WithLoras(std::vector<FieldRule> fields) {
  fields.push_back(Loras("loras"));
  return fields;
}

std::vector<FieldRule> ExtendFields() {
  return {
      Required(Str("prompt")),
      Required(Url("video_url")),
      Enum("extend_direction", {"forward", "backward"}),
      Int("num_context_frames", 9, 121),
      Nullable(Url("end_image_url")),
      Num("end_image_strength", 0, 1),
      Size("resolution", WithAuto(kSizePresets)),
      Bool("match_input_fps"),
      Num("video_strength", 0, 1),
  };
}

// The IC-LoRA effects: render-to-real's schema without image_url, intensity, detail refine and prompt
// expansion, with an optional prompt (fal's deblur page; the other seven share the schema).
EndpointRules IcLoraEffect() {
  EndpointRules rules = Concat({
      Required(Url("video_url")),
      Str("prompt"),
      Enum("resolution", {"480p", "720p"}),
  });
  rules.fields.erase(std::remove_if(rules.fields.begin(), rules.fields.end(),
                                    [](const FieldRule& r) { return r.name == "enable_prompt_expansion"; }),
                     rules.fields.end());
  return rules;
}

// The distilled 22b /lora endpoints (fal's llms.txt pages): no steps, guidance, rescaling or restart
// sampling, and only the second-pass distill scale. The image endpoint adds its images, `auto` sizes and
// the image strengths. LoRA scales follow the 22b family (0..4).
EndpointRules Distilled22bLora(bool image) {
  std::vector<FieldRule> fields = {Required(Str("prompt"))};
  if (image) {
    fields.push_back(Required(Url("image_url")));
    fields.push_back(Nullable(Url("end_image_url")));
  }
  const std::vector<FieldRule> shared = {
      Int("num_frames", 9, 481),
      Size("video_size", image ? WithAuto(kSizePresets) : kSizePresets),
      Bool("generate_audio"),
      Bool("use_multiscale"),
      Num("fps", 1, 60),
      Enum("scheduler", {"ltx2", "linear_quadratic", "beta"}),
      Enum("acceleration", {"none", "regular", "high", "full"}),
      Enum("camera_lora",
           {"dolly_in", "dolly_out", "dolly_left", "dolly_right", "jib_up", "jib_down", "static", "none"}),
      Num("camera_lora_scale", 0, 1),
      Str("negative_prompt"),
      Nullable(AnyInt("seed")),
      Bool("enable_prompt_expansion"),
      Bool("enable_safety_checker"),
      Enum("video_output_type", {"X264 (.mp4)", "VP9 (.webm)", "PRORES4444 (.mov)", "GIF (.gif)"}),
      Enum("video_quality", kVideoQuality),
      Enum("video_write_mode", kVideoWriteMode),
      Bool("sync_mode"),
      Loras("loras"),
      Num("distill_lora_second_pass_scale", 0, 1),
  };
  fields.insert(fields.end(), shared.begin(), shared.end());
  if (image) {
    fields.push_back(Enum("interpolation_direction", {"forward", "backward"}));
    fields.push_back(Num("image_strength", 0, 1));
    fields.push_back(Num("end_image_strength", 0, 1));
  }
  return {std::move(fields), LoraRules{std::nullopt, Bound{0, false}, Bound{4, false}, {"weight_name"}}};
}

}  // namespace

const EndpointRules& RulesFor(EndpointKind kind) {
  static const EndpointRules render_to_real = Concat({
      Required(Url("video_url")),
      Nullable(Url("image_url")),
      Str("prompt"),
      Enum("resolution", {"480p", "720p"}),
      Enum("intensity", {"light", "strong", "strong-v2"}),
      Bool("enable_detail_refine"),
      Num("detail_refine_strength", 0.3, 0.95),
  });
  static const EndpointRules reference_video_lora = Concat(ReferenceVideoFields(true), kQualityLoras);
  static const EndpointRules reference_video = Concat(ReferenceVideoFields(false));
  const std::vector<FieldRule> image_to_video_fields = {
      Required(Str("prompt")),
      Required(Url("image_url")),
      Size("resolution", WithAuto(kSizePresets)),
      Num("image_strength", 0, 1),
  };
  static const EndpointRules image_to_video = Concat(image_to_video_fields);
  static const EndpointRules image_to_video_lora = Concat(WithLoras(image_to_video_fields), kQualityLoras);
  const std::vector<FieldRule> text_to_video_fields = {Required(Str("prompt")),
                                                       Size("resolution", WithAuto(kSizePresets))};
  static const EndpointRules text_to_video = Concat(text_to_video_fields);
  static const EndpointRules text_to_video_lora = Concat(WithLoras(text_to_video_fields), kQualityLoras);
  static const EndpointRules extend_video = Concat(ExtendFields());
  static const EndpointRules extend_video_lora = Concat(WithLoras(ExtendFields()), kQualityLoras);
  static const EndpointRules ic_lora_effect = IcLoraEffect();
  static const EndpointRules text_to_video_22b = {
      {
          Required(Str("prompt")),
          Int("num_frames", 9, 481),
          Size("video_size", kSizePresets),
          Bool("generate_audio"),
          Bool("use_multiscale"),
          Num("fps", 1, 60),
          Int("num_inference_steps", 8, 50),
          Num("video_cfg_scale", 1, 20),
          Num("video_stg_scale", 0, 20),
          Num("video_rescaling_scale", 0, 1),
          Num("video_modality_scale", 0, 10),
          Num("audio_cfg_scale", 1, 20),
          Nullable(Num("audio_stg_scale", 0, 20)),
          Num("audio_rescaling_scale", 0, 1),
          Num("audio_modality_scale", 0, 10),
          Nullable(Num("gradient_estimation_gamma", 0, 10)),
          Bool("use_restart_sampling"),
          Enum("scheduler", {"ltx2", "linear_quadratic", "beta"}),
          Enum("acceleration", {"none", "regular", "high", "full"}),
          Enum("camera_lora", {"dolly_in", "dolly_out", "dolly_left", "dolly_right", "jib_up", "jib_down",
                               "static", "none"}),
          Num("camera_lora_scale", 0, 1),
          Str("negative_prompt"),
          Nullable(AnyInt("seed")),
          Bool("enable_prompt_expansion"),
          Bool("enable_safety_checker"),
          Enum("video_output_type", {"X264 (.mp4)", "VP9 (.webm)", "PRORES4444 (.mov)", "GIF (.gif)"}),
          Enum("video_quality", kVideoQuality),
          Enum("video_write_mode", kVideoWriteMode),
          Bool("sync_mode"),
          Loras("loras"),
          Num("distill_lora_first_pass_scale", 0, 1),
          Num("distill_lora_second_pass_scale", 0, 1),
      },
      LoraRules{std::nullopt, Bound{0, false}, Bound{4, false}, {"weight_name"}}};

  // 22b text-to-video: the /lora fields without loras.
  static const EndpointRules text_to_video_22b_no_lora = [] {
    EndpointRules rules = text_to_video_22b;
    rules.fields.erase(std::remove_if(rules.fields.begin(), rules.fields.end(),
                                      [](const FieldRule& r) { return r.name == "loras"; }),
                       rules.fields.end());
    return rules;
  }();
  // 22b image-to-video(/lora): text-to-video's fields with an `auto` video_size, the start and end images,
  // their strengths (0..1, fal's zod types) and the interpolation direction (fal's generated types).
  static const EndpointRules image_to_video_22b_lora = [] {
    EndpointRules rules = text_to_video_22b;
    for (FieldRule& r : rules.fields) {
      if (r.name == "video_size") r = Size("video_size", WithAuto(kSizePresets));
    }
    rules.fields.insert(rules.fields.begin() + 1,
                        {Required(Url("image_url")), Nullable(Url("end_image_url"))});
    rules.fields.push_back(Num("image_strength", 0, 1));
    rules.fields.push_back(Num("end_image_strength", 0, 1));
    rules.fields.push_back(Enum("interpolation_direction", {"forward", "backward"}));
    return rules;
  }();
  static const EndpointRules image_to_video_22b = [] {
    EndpointRules rules = image_to_video_22b_lora;
    rules.fields.erase(std::remove_if(rules.fields.begin(), rules.fields.end(),
                                      [](const FieldRule& r) { return r.name == "loras"; }),
                       rules.fields.end());
    return rules;
  }();
  static const EndpointRules distilled_text_to_video_lora = Distilled22bLora(false);
  static const EndpointRules distilled_image_to_video_lora = Distilled22bLora(true);
  // 22b extend-video: the source and its overlap in front of the 22b fields, with `auto` allowed as the
  // size (fal's page: video_size defaults to auto); /lora keeps loras.
  auto extend_22b = [](const EndpointRules& base) {
    EndpointRules rules = base;
    for (FieldRule& r : rules.fields) {
      if (r.name == "video_size") r = Size("video_size", WithAuto(kSizePresets));
    }
    const std::vector<FieldRule> source = {
        Required(Url("video_url")),        Enum("extend_direction", {"forward", "backward"}),
        Int("num_context_frames", 9, 121), Nullable(Url("end_image_url")),
        Num("end_image_strength", 0, 1),   Num("video_strength", 0, 1),
        Num("audio_strength", 0, 1),       Bool("match_input_fps"),
    };
    rules.fields.insert(rules.fields.begin() + 1, source.begin(), source.end());
    return rules;
  };
  static const EndpointRules extend_video_22b = extend_22b(text_to_video_22b_no_lora);
  static const EndpointRules extend_video_22b_lora = extend_22b(text_to_video_22b);
  switch (kind) {
    case EndpointKind::kImageToVideo22b:
      return image_to_video_22b;
    case EndpointKind::kImageToVideo22bLora:
      return image_to_video_22b_lora;
    case EndpointKind::kRenderToReal:
      return render_to_real;
    case EndpointKind::kReferenceVideoToVideoLora:
      return reference_video_lora;
    case EndpointKind::kReferenceVideoToVideo:
      return reference_video;
    case EndpointKind::kImageToVideo:
      return image_to_video;
    case EndpointKind::kImageToVideoLora:
      return image_to_video_lora;
    case EndpointKind::kTextToVideo:
      return text_to_video;
    case EndpointKind::kTextToVideoLora:
      return text_to_video_lora;
    case EndpointKind::kExtendVideo:
      return extend_video;
    case EndpointKind::kExtendVideoLora:
      return extend_video_lora;
    case EndpointKind::kIcLoraEffect:
      return ic_lora_effect;
    case EndpointKind::kTextToVideo22b:
      return text_to_video_22b_no_lora;
    case EndpointKind::kDistilledTextToVideo22bLora:
      return distilled_text_to_video_lora;
    case EndpointKind::kDistilledImageToVideo22bLora:
      return distilled_image_to_video_lora;
    case EndpointKind::kExtendVideo22b:
      return extend_video_22b;
    case EndpointKind::kExtendVideo22bLora:
      return extend_video_22b_lora;
    case EndpointKind::kTextToVideo22bLora:
      break;
  }
  return text_to_video_22b;
}

namespace {

// ImageSize members: fal's generic image size allows 1..14142 per side.

// ---------------------------------------------------------------------------------------------
// Rules that span fields.

bool IsTrue(const json& input, const char* name) {
  return input.contains(name) && input[name].is_boolean() && input[name].get<bool>();
}

bool IsSetString(const json& input, const char* name) {
  return input.contains(name) && input[name].is_string() &&
         !input[name].get_ref<const std::string&>().empty();
}

void CheckReferenceVideoCrossFields(const json& input, const std::set<std::string>& valid, InputCheck& check,
                                    ErrorList& errors) {
  // fal documents mid_image_url and end_image_url as "Requires image_url".
  for (const char* keyframe : {"mid_image_url", "end_image_url"}) {
    if (valid.count(keyframe) && !IsSetString(input, "image_url")) {
      errors.Add(json::array({keyframe}), "value_error",
                 std::string("Value error, ") + keyframe +
                     " requires image_url (the first-frame keyframe); set image_url or remove " + keyframe,
                 &input[keyframe]);
    }
  }
  // preserve_original_video "Requires skip_control_preprocess, video_url and control_video_url".
  if (valid.count("preserve_original_video") && IsTrue(input, "preserve_original_video")) {
    if (!IsTrue(input, "skip_control_preprocess") || !IsSetString(input, "control_video_url") ||
        !IsSetString(input, "video_url")) {
      errors.Add(json::array({"preserve_original_video"}), "value_error",
                 "Value error, preserve_original_video requires skip_control_preprocess=true, video_url and "
                 "control_video_url",
                 &input["preserve_original_video"]);
    }
  }
  // skip_control_preprocess without control_video_url is documented as ignored, not rejected.
  if (IsTrue(input, "skip_control_preprocess") && !IsSetString(input, "control_video_url")) {
    check.notes.push_back("skip_control_preprocess is ignored: control_video_url is not set");
  }
}

// The request's fps when it passed its own check, else fal's default (only used to word a message).
double FramesPerSecond(const json& input, const std::set<std::string>& valid, const char* name) {
  if (valid.count(name)) return input[name].get<double>();
  return 24.0;
}

// render-to-real: the IC-LoRA control path caps resolution x frames: about 6 s at 720p, 15 s at 480p.
void CheckRenderToRealBudget(const json& input, const std::set<std::string>& valid, ErrorList& errors) {
  if (input.contains("num_frames") && !valid.count("num_frames")) return;
  if (input.contains("resolution") && !valid.count("resolution")) return;
  const int frames = input.contains("num_frames") ? input["num_frames"].get<int>() : 121;
  const std::string resolution =
      input.contains("resolution") ? input["resolution"].get<std::string>() : "720p";
  const bool is_480p = resolution == "480p";
  const int limit = is_480p ? kRenderToReal480pMaxFrames : kRenderToReal720pMaxFrames;
  if (frames <= limit) return;
  const double fps = FramesPerSecond(input, valid, "frames_per_second");
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", limit / fps);
  std::string msg = "Value error, num_frames=" + std::to_string(frames) + " is over the " + resolution +
                    " budget of " + std::to_string(limit) + " frames (about " + seconds + " s at " +
                    FormatNumber(fps) + " fps); lower num_frames to <= " + std::to_string(limit);
  if (!is_480p) msg += " or use 480p, which allows up to " + std::to_string(kRenderToReal480pMaxFrames);
  errors.Add(json::array({"num_frames"}), "value_error", msg, &input["num_frames"],
             json{{"max_frames", limit}, {"resolution", resolution}});
}

// reference-video-to-video/lora: 720p-class outputs are capped at 150 frames (fal's page says capped;
// a newer text says 422; --rv2v-over-budget picks which).
void CheckReferenceVideoBudget(const json& input, const std::set<std::string>& valid,
                               const CheckPolicy& policy, InputCheck& check, ErrorList& errors) {
  if (!valid.count("num_frames")) return;  // the default 121 is within budget
  if (input.contains("resolution") && !valid.count("resolution")) return;
  const int frames = input["num_frames"].get<int>();
  const auto size =
      ResolveSize(input.contains("resolution") ? input["resolution"] : json("auto"), kAssumedAutoSize);
  if (!size || std::min(size->width, size->height) < k720pClassShortSide) return;
  if (frames <= kReferenceVideo720pClassMaxFrames) return;
  const std::string dims = std::to_string(size->width) + "x" + std::to_string(size->height);
  if (policy.reject_rv2v_over_budget) {
    errors.Add(json::array({"num_frames"}), "value_error",
               "Value error, num_frames=" + std::to_string(frames) + " is over the stability budget of " +
                   std::to_string(kReferenceVideo720pClassMaxFrames) + " frames for a 720p-class output (" +
                   dims + "); lower num_frames to <= " + std::to_string(kReferenceVideo720pClassMaxFrames) +
                   " or choose a smaller resolution",
               &input["num_frames"], json{{"max_frames", kReferenceVideo720pClassMaxFrames}});
    return;
  }
  check.capped_num_frames = kReferenceVideo720pClassMaxFrames;
  check.notes.push_back("num_frames " + std::to_string(frames) + " capped to " +
                        std::to_string(kReferenceVideo720pClassMaxFrames) +
                        " by the stability budget for 720p-class outputs (" + dims + ")");
}

// extend-video(/lora): the generated segment's volume budget at 24 fps: about 20 s at 480p-class, 11 s at
// 720p-class, 5 s at 1080p-class ("a request above the budget returns a 422"). `auto` follows the source,
// which the emulator takes to be 1280x704. Context frames are snapped down to 8k+1 (a note).
void NoteContextFrames(const json& input, const std::set<std::string>& valid, InputCheck& check) {
  if (!valid.count("num_context_frames")) return;
  const int context = input["num_context_frames"].get<int>();
  if ((context - 1) % 8 != 0) {
    check.notes.push_back("num_context_frames " + std::to_string(context) + " snapped down to " +
                          std::to_string((context - 1) / 8 * 8 + 1));
  }
}

void CheckExtendBudget(const json& input, const std::set<std::string>& valid, InputCheck& check,
                       ErrorList& errors) {
  NoteContextFrames(input, valid, check);
  if (input.contains("num_frames") && !valid.count("num_frames")) return;
  if (input.contains("resolution") && !valid.count("resolution")) return;
  const int frames = input.contains("num_frames") ? input["num_frames"].get<int>() : 121;
  const auto size =
      ResolveSize(input.contains("resolution") ? input["resolution"] : json("auto"), kAssumedAutoSize);
  if (!size) return;
  const int short_side = std::min(size->width, size->height);
  const int limit = short_side >= kExtend1080pClassShortSide ? kExtend1080pClassMaxFrames
                    : short_side >= k720pClassShortSide      ? kExtend720pClassMaxFrames
                                                             : kExtend480pClassMaxFrames;
  if (frames <= limit) return;
  errors.Add(json::array({"num_frames"}), "value_error",
             "Value error, num_frames=" + std::to_string(frames) + " is over the extension budget of " +
                 std::to_string(limit) + " frames at " + std::to_string(size->width) + "x" +
                 std::to_string(size->height) + "; lower num_frames or use a smaller resolution",
             &input["num_frames"], json{{"max_frames", limit}});
}

}  // namespace

json FieldError::ToJson() const {
  json out = {{"loc", loc}, {"msg", msg}, {"type", type}};
  if (input) out["input"] = *input;
  if (ctx) out["ctx"] = *ctx;
  return out;
}

json InputCheck::DetailBody() const {
  json detail = json::array();
  for (const auto& error : errors) detail.push_back(error.ToJson());
  return json{{"detail", std::move(detail)}};
}

std::optional<PixelSize> ResolveSize(const json& value, PixelSize auto_size) {
  if (value.is_string()) {
    const auto& name = value.get_ref<const std::string&>();
    if (name == "auto") return auto_size;
    if (name == "square_hd") return PixelSize{1024, 1024};
    if (name == "square") return PixelSize{512, 512};
    if (name == "portrait_4_3") return PixelSize{768, 1024};
    if (name == "portrait_16_9") return PixelSize{576, 1024};
    if (name == "landscape_4_3") return PixelSize{1024, 768};
    if (name == "landscape_16_9") return PixelSize{1024, 576};
    return std::nullopt;
  }
  if (value.is_object()) {
    PixelSize size{512, 512};
    constexpr int kMax = 1 << 20;
    if (value.contains("width") && value["width"].is_number())
      size.width = ClampedInt(value["width"], -kMax, kMax);
    if (value.contains("height") && value["height"].is_number()) {
      size.height = ClampedInt(value["height"], -kMax, kMax);
    }
    return size;
  }
  return std::nullopt;
}

int ClampedInt(const json& number, int lo, int hi) {
  if (number.is_number_integer()) {
    const auto v = number.is_number_unsigned() ? static_cast<long double>(number.get<std::uint64_t>())
                                               : static_cast<long double>(number.get<std::int64_t>());
    return static_cast<int>(std::clamp<long double>(v, lo, hi));
  }
  return static_cast<int>(std::clamp<double>(number.get<double>(), lo, hi));
}

InputCheck CheckLtxInput(EndpointKind kind, const json& input, const CheckPolicy& policy) {
  InputCheck check;
  ErrorList errors(check.errors);
  if (!input.is_object()) {
    errors.Add(json::array(), "model_attributes_type", "Input should be a valid dictionary or object",
               &input);
    return check;
  }
  const EndpointRules& rules = RulesFor(kind);
  std::set<std::string> valid;
  for (const auto& rule : rules.fields) {
    if (CheckField(rule, input, rules.loras, errors)) valid.insert(std::string(rule.name));
  }
  switch (kind) {
    case EndpointKind::kRenderToReal:
    case EndpointKind::kIcLoraEffect:
      CheckRenderToRealBudget(input, valid, errors);
      break;
    case EndpointKind::kReferenceVideoToVideoLora:
    case EndpointKind::kReferenceVideoToVideo:
      CheckReferenceVideoCrossFields(input, valid, check, errors);
      CheckReferenceVideoBudget(input, valid, policy, check, errors);
      break;
    case EndpointKind::kExtendVideo:
    case EndpointKind::kExtendVideoLora:
      CheckExtendBudget(input, valid, check, errors);
      break;
    case EndpointKind::kExtendVideo22b:  // fal publishes no budget for the 22b extend endpoints
    case EndpointKind::kExtendVideo22bLora:
      NoteContextFrames(input, valid, check);
      break;
    case EndpointKind::kImageToVideo:
    case EndpointKind::kImageToVideoLora:
    case EndpointKind::kTextToVideo:
    case EndpointKind::kTextToVideoLora:
    case EndpointKind::kTextToVideo22bLora:
    case EndpointKind::kTextToVideo22b:
    case EndpointKind::kImageToVideo22b:
    case EndpointKind::kImageToVideo22bLora:
    case EndpointKind::kDistilledTextToVideo22bLora:
    case EndpointKind::kDistilledImageToVideo22bLora:
      break;
  }
  return check;
}

}  // namespace fal::emulator
