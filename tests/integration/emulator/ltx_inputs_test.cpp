// The emulator's 422 table, endpoint by endpoint: every rule on both sides of its bound. A rejected
// input is delivered as fal's queue delivers it: the submit is accepted, the job ends COMPLETED with
// an error, and the result answers 422 with {"detail":[{"loc":["body",...],"msg","type"}]}.
#include "emulator_test_util.hpp"

namespace fal::emulator_test {
namespace {

struct Case {
  std::string name;
  json patch;        // merged into the endpoint's minimal input; null removes a field
  json loc;          // expected loc after "body" for a rejection; null: accepted
  std::string type;  // expected error type; empty: not checked
};

Case Accept(std::string name, json patch) { return {std::move(name), std::move(patch), nullptr, ""}; }
Case Reject(std::string name, json patch, json loc, std::string type) {
  return {std::move(name), std::move(patch), std::move(loc), std::move(type)};
}

// Both sides of an inclusive range: lo and hi pass, one step outside fails.
void Range(std::vector<Case>& cases, const std::string& field, double lo, double hi, bool integer) {
  const double step = integer ? 1 : 0.01;
  auto value = [integer](double v) { return integer ? json(static_cast<long long>(v)) : json(v); };
  cases.push_back(Accept(field + " at minimum", {{field, value(lo)}}));
  cases.push_back(Accept(field + " at maximum", {{field, value(hi)}}));
  cases.push_back(
      Reject(field + " below minimum", {{field, value(lo - step)}}, {field}, "greater_than_equal"));
  cases.push_back(Reject(field + " above maximum", {{field, value(hi + step)}}, {field}, "less_than_equal"));
}

void EnumField(std::vector<Case>& cases, const std::string& field, const std::vector<std::string>& values) {
  for (const auto& v : values) cases.push_back(Accept(field + "=" + v, {{field, v}}));
  cases.push_back(Reject(field + " unknown value", {{field, "not-a-value"}}, {field}, "enum"));
  cases.push_back(Reject(field + " not a string", {{field, 3}}, {field}, "enum"));
}

void BoolField(std::vector<Case>& cases, const std::string& field) {
  cases.push_back(Accept(field + " true", {{field, true}}));
  cases.push_back(Accept(field + " false", {{field, false}}));
  cases.push_back(Reject(field + " not a boolean", {{field, "yes"}}, {field}, "bool_type"));
}

void RequiredField(std::vector<Case>& cases, const std::string& field) {
  cases.push_back(Reject(field + " missing", {{field, nullptr}}, {field}, "missing"));
}

void UrlField(std::vector<Case>& cases, const std::string& field, bool required) {
  if (required) RequiredField(cases, field);
  cases.push_back(Accept(field + " https", {{field, "https://example.com/x.mp4"}}));
  cases.push_back(Accept(field + " data URI", {{field, "data:video/mp4;base64,AAAAIGZ0eXA="}}));
  cases.push_back(Reject(field + " empty", {{field, ""}}, {field}, "file_download_error"));
  cases.push_back(
      Reject(field + " ftp", {{field, "ftp://example.com/x.mp4"}}, {field}, "file_download_error"));
  cases.push_back(Reject(field + " not a string", {{field, 42}}, {field}, "string_type"));
}

// Fields every ltx-2.3-quality endpoint shares. render-to-real's num_frames also meets its budget.
void QualityCommon(std::vector<Case>& cases, bool render_to_real) {
  if (render_to_real) {
    cases.push_back(Accept("num_frames at minimum", {{"num_frames", 9}}));
    cases.push_back(
        Reject("num_frames below minimum", {{"num_frames", 8}}, {"num_frames"}, "greater_than_equal"));
    cases.push_back(
        Reject("num_frames above maximum", {{"num_frames", 482}}, {"num_frames"}, "less_than_equal"));
  } else {
    Range(cases, "num_frames", 9, 481, true);
  }
  cases.push_back(Accept("num_frames as 121.0", {{"num_frames", 121.0}}));
  cases.push_back(Reject("num_frames fractional", {{"num_frames", 121.5}}, {"num_frames"}, "int_from_float"));
  cases.push_back(Reject("num_frames as a string", {{"num_frames", "121"}}, {"num_frames"}, "int_type"));
  Range(cases, "frames_per_second", 1, 60, false);
  Range(cases, "num_inference_steps", 8, 30, true);
  Range(cases, "guidance_scale", 1, 20, false);
  BoolField(cases, "generate_audio");
  BoolField(cases, "enable_prompt_expansion");
  BoolField(cases, "enable_safety_checker");
  BoolField(cases, "sync_mode");
  EnumField(cases, "video_quality", {"low", "medium", "high", "maximum"});
  EnumField(cases, "video_write_mode", {"fast", "balanced", "small"});
  cases.push_back(Accept("negative_prompt", {{"negative_prompt", "blurry"}}));
  cases.push_back(
      Reject("negative_prompt not a string", {{"negative_prompt", 5}}, {"negative_prompt"}, "string_type"));
  cases.push_back(Accept("seed", {{"seed", 123456}}));
  cases.push_back(Accept("seed null", {{"seed", nullptr}}));
  cases.push_back(Reject("seed not an integer", {{"seed", "abc"}}, {"seed"}, "int_type"));
  cases.push_back(Accept("unknown extra field passes", {{"some_new_field", {{"a", 1}}}}));
}

void SizeField(std::vector<Case>& cases, const std::string& field, bool allows_auto) {
  std::vector<std::string> presets = {"square_hd",     "square",        "portrait_4_3",
                                      "portrait_16_9", "landscape_4_3", "landscape_16_9"};
  if (allows_auto) presets.push_back("auto");
  cases.push_back(Reject(field + " unknown preset", {{field, "huge"}}, {field}, "enum"));
  for (const auto& preset : presets) cases.push_back(Accept(field + "=" + preset, {{field, preset}}));
  if (!allows_auto) cases.push_back(Reject(field + "=auto", {{field, "auto"}}, {field}, "enum"));
  cases.push_back(Accept(field + " custom", {{field, {{"width", 1280}, {"height", 704}}}}));
  cases.push_back(
      Accept(field + " custom at the side maximum", {{field, {{"width", 14142}, {"height", 64}}}}));
  cases.push_back(Reject(field + " width zero", {{field, {{"width", 0}, {"height", 704}}}}, {field, "width"},
                         "greater_than"));
  cases.push_back(Reject(field + " height above maximum", {{field, {{"width", 64}, {"height", 14143}}}},
                         {field, "height"}, "less_than_equal"));
  cases.push_back(Reject(field + " width not an integer", {{field, {{"width", "wide"}, {"height", 704}}}},
                         {field, "width"}, "int_type"));
  cases.push_back(Reject(field + " not a size", {{field, 42}}, {field}, "model_type"));
}

std::vector<Case> RenderToRealCases() {
  std::vector<Case> cases;
  QualityCommon(cases, true);
  UrlField(cases, "video_url", true);
  UrlField(cases, "image_url", false);
  cases.push_back(Accept("image_url null", {{"image_url", nullptr}}));
  cases.push_back(Accept("prompt", {{"prompt", "3DREAL. A harbour"}}));
  cases.push_back(Reject("prompt not a string", {{"prompt", 3}}, {"prompt"}, "string_type"));
  EnumField(cases, "resolution", {"480p", "720p"});
  EnumField(cases, "intensity", {"light", "strong", "strong-v2"});
  BoolField(cases, "enable_detail_refine");
  Range(cases, "detail_refine_strength", 0.3, 0.95, false);
  // The budget: 720p at most 145 frames, 480p at most 361; the default resolution is 720p.
  cases.push_back(Accept("720p at 145 frames", {{"resolution", "720p"}, {"num_frames", 145}}));
  cases.push_back(Reject("720p at 146 frames", {{"resolution", "720p"}, {"num_frames", 146}}, {"num_frames"},
                         "value_error"));
  cases.push_back(Accept("default resolution at 145 frames", {{"num_frames", 145}}));
  cases.push_back(
      Reject("default resolution at 146 frames", {{"num_frames", 146}}, {"num_frames"}, "value_error"));
  cases.push_back(Accept("480p at 361 frames", {{"resolution", "480p"}, {"num_frames", 361}}));
  cases.push_back(Reject("480p at 362 frames", {{"resolution", "480p"}, {"num_frames", 362}}, {"num_frames"},
                         "value_error"));
  cases.push_back(Reject("481 frames is over both budgets", {{"resolution", "480p"}, {"num_frames", 481}},
                         {"num_frames"}, "value_error"));
  cases.push_back(
      Accept("the budget is frames, not seconds", {{"num_frames", 145}, {"frames_per_second", 60}}));
  return cases;
}

std::vector<Case> ReferenceVideoCases() {
  std::vector<Case> cases;
  QualityCommon(cases, false);
  RequiredField(cases, "prompt");
  cases.push_back(Reject("prompt not a string", {{"prompt", 3}}, {"prompt"}, "string_type"));
  UrlField(cases, "video_url", true);
  UrlField(cases, "control_video_url", false);
  BoolField(cases, "skip_control_preprocess");
  Range(cases, "video_strength", 0, 1, false);
  Range(cases, "strength", 0, 1, false);
  SizeField(cases, "resolution", true);
  // LoRAs: required, at most three, each with a string path.
  const json lora = {{"path", "https://example.com/a.safetensors"}, {"scale", 1}, {"transformer", "both"}};
  RequiredField(cases, "loras");
  cases.push_back(Accept("three loras", {{"loras", json::array({lora, lora, lora})}}));
  cases.push_back(
      Reject("four loras", {{"loras", json::array({lora, lora, lora, lora})}}, {"loras"}, "too_long"));
  cases.push_back(Accept("no loras", {{"loras", json::array()}}));
  cases.push_back(Reject("loras not a list", {{"loras", lora}}, {"loras"}, "list_type"));
  cases.push_back(Reject("lora not an object", {{"loras", json::array({"a"})}}, {"loras", 0}, "model_type"));
  cases.push_back(Reject("lora without path", {{"loras", json::array({{{"scale", 1}}})}},
                         {"loras", 0, "path"}, "missing"));
  cases.push_back(Reject("lora scale not a number",
                         {{"loras", json::array({{{"path", "p"}, {"scale", "x"}}})}}, {"loras", 0, "scale"},
                         "float_type"));
  cases.push_back(Accept("lora scale has no published bound here",
                         {{"loras", json::array({{{"path", "p"}, {"scale", 7}}})}}));
  cases.push_back(Reject("lora transformer not a string",
                         {{"loras", json::array({{{"path", "p"}, {"transformer", 5}}})}},
                         {"loras", 0, "transformer"}, "string_type"));
  cases.push_back(Reject("second lora wrong", {{"loras", json::array({lora, {{"path", 1}}})}},
                         {"loras", 1, "path"}, "string_type"));
  // Keyframes: mid and end need the first-frame image.
  for (const std::string keyframe : {"mid_image_url", "end_image_url"}) {
    cases.push_back(Reject(keyframe + " without image_url", {{keyframe, "https://example.com/k.png"}},
                           {keyframe}, "value_error"));
    cases.push_back(Accept(keyframe + " with image_url", {{keyframe, "https://example.com/k.png"},
                                                          {"image_url", "https://example.com/i.png"}}));
  }
  // preserve_original_video needs skip_control_preprocess and control_video_url.
  cases.push_back(Reject("preserve_original_video alone", {{"preserve_original_video", true}},
                         {"preserve_original_video"}, "value_error"));
  cases.push_back(Reject("preserve_original_video without control video",
                         {{"preserve_original_video", true}, {"skip_control_preprocess", true}},
                         {"preserve_original_video"}, "value_error"));
  cases.push_back(
      Accept("preserve_original_video with both", {{"preserve_original_video", true},
                                                   {"skip_control_preprocess", true},
                                                   {"control_video_url", "https://example.com/c.mp4"}}));
  cases.push_back(Accept("preserve_original_video false alone", {{"preserve_original_video", false}}));
  cases.push_back(Accept("skip_control_preprocess without control video is ignored",
                         {{"skip_control_preprocess", true}}));
  // The stability budget caps (by default) rather than rejects.
  cases.push_back(Accept("151 frames at 720p-class is capped",
                         {{"num_frames", 151}, {"resolution", {{"width", 1280}, {"height", 704}}}}));
  return cases;
}

std::vector<Case> ImageToVideoCases() {
  std::vector<Case> cases;
  QualityCommon(cases, false);
  RequiredField(cases, "prompt");
  UrlField(cases, "image_url", true);
  Range(cases, "image_strength", 0, 1, false);
  SizeField(cases, "resolution", true);
  return cases;
}

std::vector<Case> TextToVideo22bCases() {
  std::vector<Case> cases;
  RequiredField(cases, "prompt");
  Range(cases, "num_frames", 9, 481, true);
  SizeField(cases, "video_size", false);
  BoolField(cases, "generate_audio");
  BoolField(cases, "use_multiscale");
  BoolField(cases, "use_restart_sampling");
  BoolField(cases, "enable_prompt_expansion");
  BoolField(cases, "enable_safety_checker");
  BoolField(cases, "sync_mode");
  Range(cases, "fps", 1, 60, false);
  Range(cases, "num_inference_steps", 8, 50, true);
  Range(cases, "video_cfg_scale", 1, 20, false);
  Range(cases, "video_stg_scale", 0, 20, false);
  Range(cases, "video_rescaling_scale", 0, 1, false);
  Range(cases, "video_modality_scale", 0, 10, false);
  Range(cases, "audio_cfg_scale", 1, 20, false);
  Range(cases, "audio_stg_scale", 0, 20, false);
  Range(cases, "audio_rescaling_scale", 0, 1, false);
  Range(cases, "audio_modality_scale", 0, 10, false);
  Range(cases, "gradient_estimation_gamma", 0, 10, false);
  Range(cases, "camera_lora_scale", 0, 1, false);
  Range(cases, "distill_lora_first_pass_scale", 0, 1, false);
  Range(cases, "distill_lora_second_pass_scale", 0, 1, false);
  EnumField(cases, "scheduler", {"ltx2", "linear_quadratic", "beta"});
  EnumField(cases, "acceleration", {"none", "regular", "high", "full"});
  EnumField(cases, "camera_lora",
            {"dolly_in", "dolly_out", "dolly_left", "dolly_right", "jib_up", "jib_down", "static", "none"});
  EnumField(cases, "video_output_type", {"X264 (.mp4)", "VP9 (.webm)", "PRORES4444 (.mov)", "GIF (.gif)"});
  EnumField(cases, "video_quality", {"low", "medium", "high", "maximum"});
  EnumField(cases, "video_write_mode", {"fast", "balanced", "small"});
  cases.push_back(Reject("seed not an integer", {{"seed", 1.5}}, {"seed"}, "int_from_float"));
  RequiredField(cases, "loras");
  const json lora = {{"path", ""}, {"scale", 1}};
  cases.push_back(Accept("empty lora path, as fal's own example", {{"loras", json::array({lora})}}));
  cases.push_back(
      Accept("five loras (no maximum on 22b)", {{"loras", json::array({lora, lora, lora, lora, lora})}}));
  cases.push_back(Accept("lora scale at 0", {{"loras", json::array({{{"path", "p"}, {"scale", 0}}})}}));
  cases.push_back(Accept("lora scale at 4", {{"loras", json::array({{{"path", "p"}, {"scale", 4}}})}}));
  cases.push_back(Reject("lora scale below 0", {{"loras", json::array({{{"path", "p"}, {"scale", -0.01}}})}},
                         {"loras", 0, "scale"}, "greater_than_equal"));
  cases.push_back(Reject("lora scale above 4", {{"loras", json::array({{{"path", "p"}, {"scale", 4.01}}})}},
                         {"loras", 0, "scale"}, "less_than_equal"));
  cases.push_back(Reject("lora weight_name not a string",
                         {{"loras", json::array({{{"path", "p"}, {"weight_name", 1}}})}},
                         {"loras", 0, "weight_name"}, "string_type"));
  cases.push_back(Accept("frames_per_second is not a 22b field", {{"frames_per_second", 1000}}));
  return cases;
}

// Polls the result until it is no longer "still in progress"; returns {status, body}.
std::pair<int, std::string> WaitResult(httplib::Client& http, const std::string& id) {
  for (int i = 0; i < 400; ++i) {
    auto res = http.Get("/fal-ai/ltx-2.3-quality/requests/" + id);
    if (res && res->status != 400) return {res->status, res->body};
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return {0, ""};
}

class EmulatorLtxInputTest : public EmulatorTest {
 protected:
  void SetUp() override {
    Restart(
        {"--workers", "512", "--queue-ms", "0", "--run-ms", "0", "--log-every-ms", "1000", "--seed", "1"});
  }

  void RunTable(const std::string& endpoint, const std::vector<Case>& cases) {
    std::vector<std::string> ids;
    for (const auto& c : cases) {
      json input = MinimalInput(endpoint);
      input.merge_patch(c.patch);
      ids.push_back(Submit(endpoint, input).value("request_id", ""));
    }
    const std::string app = AppOf(endpoint);
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const Case& c = cases[i];
      SCOPED_TRACE(endpoint + ": " + c.name);
      const json status = WaitCompleted(app, ids[i]);
      auto res = http().Get("/" + app + "/requests/" + ids[i]);
      ASSERT_TRUE(res);
      if (c.loc.is_null()) {
        EXPECT_EQ(res->status, 200) << res->body;
        EXPECT_FALSE(status.contains("error"));
        continue;
      }
      EXPECT_EQ(res->status, 422) << res->body;
      EXPECT_EQ(status["error"], "Invalid status code: 422");
      EXPECT_EQ(status["error_type"], "validation_error");
      json expected_loc = json::array({"body"});
      for (const auto& part : c.loc) expected_loc.push_back(part);
      const json body = ParseJson(res->body);
      bool found = false;
      for (const auto& detail : body["detail"]) {
        EXPECT_TRUE(detail["msg"].is_string() && !detail["msg"].get<std::string>().empty());
        if (detail["loc"] == expected_loc && (c.type.empty() || detail["type"] == c.type)) found = true;
      }
      EXPECT_TRUE(found) << "expected loc " << expected_loc.dump() << " type " << c.type << " in "
                         << res->body;
    }
  }
};

// extend-video: its own fields and its budget by the output's short side (auto is taken as 1280x704).
std::vector<Case> ExtendVideoCases() {
  std::vector<Case> cases;
  RequiredField(cases, "prompt");
  UrlField(cases, "video_url", true);
  EnumField(cases, "extend_direction", {"forward", "backward"});
  Range(cases, "num_context_frames", 9, 121, true);
  cases.push_back(Accept("num_context_frames off the 8k+1 grid (snapped)", {{"num_context_frames", 24}}));
  Range(cases, "end_image_strength", 0, 1, false);
  Range(cases, "video_strength", 0, 1, false);
  BoolField(cases, "match_input_fps");
  cases.push_back(Accept("auto at 265 frames", {{"num_frames", 265}}));
  cases.push_back(Reject("auto at 273 frames", {{"num_frames", 273}}, {"num_frames"}, "value_error"));
  cases.push_back(Accept("480p-class at 481 frames",
                         {{"resolution", {{"width", 832}, {"height", 480}}}, {"num_frames", 481}}));
  cases.push_back(Accept("1080p-class at 121 frames",
                         {{"resolution", {{"width", 1888}, {"height", 1056}}}, {"num_frames", 121}}));
  cases.push_back(Reject("1080p-class at 129 frames",
                         {{"resolution", {{"width", 1888}, {"height", 1056}}}, {"num_frames", 129}},
                         {"num_frames"}, "value_error"));
  return cases;
}

// An IC-LoRA effect: render-to-real's budget, an optional prompt, no prompt expansion field.
std::vector<Case> DayToNightCases() {
  std::vector<Case> cases;
  UrlField(cases, "video_url", true);
  cases.push_back(Accept("no prompt", json::object()));
  cases.push_back(Accept("a prompt", {{"prompt", "A quiet street"}}));
  EnumField(cases, "resolution", {"480p", "720p"});
  cases.push_back(Accept("720p at 145 frames", {{"num_frames", 145}}));
  cases.push_back(Reject("720p at 146 frames", {{"num_frames", 146}}, {"num_frames"}, "value_error"));
  cases.push_back(Accept("480p at 361 frames", {{"resolution", "480p"}, {"num_frames", 361}}));
  cases.push_back(Reject("480p at 362 frames", {{"resolution", "480p"}, {"num_frames", 362}}, {"num_frames"},
                         "value_error"));
  return cases;
}

std::vector<Case> ImageToVideoLoraCases() {
  std::vector<Case> cases;
  RequiredField(cases, "loras");
  json four = json::array();
  for (int i = 0; i < 4; ++i) four.push_back({{"path", "https://example.com/l.safetensors"}});
  cases.push_back(Reject("four LoRAs", {{"loras", four}}, {"loras"}, "too_long"));
  Range(cases, "image_strength", 0, 1, false);
  return cases;
}

// The 22b endpoints driven by an image or a video: every 22b text-to-video case except video_size (auto is
// allowed here) and, without /lora, the loras cases.
std::vector<Case> Sourced22bCases(bool loras) {
  std::vector<Case> cases;
  for (Case& c : TextToVideo22bCases()) {
    if (c.patch.contains("video_size") || (!loras && c.patch.contains("loras"))) continue;
    cases.push_back(std::move(c));
  }
  SizeField(cases, "video_size", true);
  if (!loras) cases.push_back(Accept("no loras", json::object()));
  return cases;
}

// 22b image-to-video(/lora): plus the images, their strengths and the interpolation direction.
std::vector<Case> ImageToVideo22bCases(bool loras) {
  std::vector<Case> cases = Sourced22bCases(loras);
  UrlField(cases, "image_url", true);
  UrlField(cases, "end_image_url", false);
  cases.push_back(Accept("end_image_url null", {{"end_image_url", nullptr}}));
  Range(cases, "image_strength", 0, 1, false);
  Range(cases, "end_image_strength", 0, 1, false);
  EnumField(cases, "interpolation_direction", {"forward", "backward"});
  return cases;
}

// 22b extend-video(/lora): plus the source, its overlap and strengths; no frame budget (fal publishes none).
std::vector<Case> ExtendVideo22bCases(bool loras) {
  std::vector<Case> cases = Sourced22bCases(loras);
  UrlField(cases, "video_url", true);
  UrlField(cases, "end_image_url", false);
  EnumField(cases, "extend_direction", {"forward", "backward"});
  Range(cases, "num_context_frames", 9, 121, true);
  cases.push_back(Accept("num_context_frames off the 8k+1 grid (snapped)", {{"num_context_frames", 24}}));
  Range(cases, "end_image_strength", 0, 1, false);
  Range(cases, "video_strength", 0, 1, false);
  Range(cases, "audio_strength", 0, 1, false);
  BoolField(cases, "match_input_fps");
  cases.push_back(Accept("481 frames at 1080p-class (no 22b budget)",
                         {{"video_size", {{"width", 1920}, {"height", 1088}}}, {"num_frames", 481}}));
  return cases;
}

// The distilled 22b /lora endpoints: the 22b family's shared knobs without steps, guidance, rescaling,
// restart sampling or the first-pass distill scale (those are unknown keys here, passed through).
void Distilled22bCommon(std::vector<Case>& cases) {
  RequiredField(cases, "prompt");
  RequiredField(cases, "loras");
  Range(cases, "num_frames", 9, 481, true);
  BoolField(cases, "generate_audio");
  BoolField(cases, "use_multiscale");
  BoolField(cases, "enable_prompt_expansion");
  BoolField(cases, "enable_safety_checker");
  BoolField(cases, "sync_mode");
  Range(cases, "fps", 1, 60, false);
  Range(cases, "camera_lora_scale", 0, 1, false);
  Range(cases, "distill_lora_second_pass_scale", 0, 1, false);
  EnumField(cases, "scheduler", {"ltx2", "linear_quadratic", "beta"});
  EnumField(cases, "acceleration", {"none", "regular", "high", "full"});
  EnumField(cases, "camera_lora",
            {"dolly_in", "dolly_out", "dolly_left", "dolly_right", "jib_up", "jib_down", "static", "none"});
  EnumField(cases, "video_output_type", {"X264 (.mp4)", "VP9 (.webm)", "PRORES4444 (.mov)", "GIF (.gif)"});
  EnumField(cases, "video_quality", {"low", "medium", "high", "maximum"});
  EnumField(cases, "video_write_mode", {"fast", "balanced", "small"});
  cases.push_back(Accept("seed null", {{"seed", nullptr}}));
  cases.push_back(Reject("seed not an integer", {{"seed", 1.5}}, {"seed"}, "int_from_float"));
  const json lora = {{"path", "p"}, {"scale", 4}};
  cases.push_back(Accept("lora scale at 4", {{"loras", json::array({lora})}}));
  cases.push_back(Reject("lora scale above 4", {{"loras", json::array({{{"path", "p"}, {"scale", 4.01}}})}},
                         {"loras", 0, "scale"}, "less_than_equal"));
  cases.push_back(Accept("num_inference_steps is not a distilled field", {{"num_inference_steps", 1000}}));
  cases.push_back(Accept("distill_lora_first_pass_scale is not a distilled field",
                         {{"distill_lora_first_pass_scale", 9}}));
}

std::vector<Case> DistilledTextToVideoLoraCases() {
  std::vector<Case> cases;
  Distilled22bCommon(cases);
  SizeField(cases, "video_size", false);
  cases.push_back(Accept("image_strength is not a text-to-video field", {{"image_strength", 7}}));
  return cases;
}

std::vector<Case> DistilledImageToVideoLoraCases() {
  std::vector<Case> cases;
  Distilled22bCommon(cases);
  SizeField(cases, "video_size", true);
  UrlField(cases, "image_url", true);
  UrlField(cases, "end_image_url", false);
  cases.push_back(Accept("end_image_url null", {{"end_image_url", nullptr}}));
  EnumField(cases, "interpolation_direction", {"forward", "backward"});
  Range(cases, "image_strength", 0, 1, false);
  Range(cases, "end_image_strength", 0, 1, false);
  return cases;
}

TEST_F(EmulatorLtxInputTest, ExtendVideo) { RunTable(kExtendVideo, ExtendVideoCases()); }

TEST_F(EmulatorLtxInputTest, DayToNight) { RunTable(kDayToNight, DayToNightCases()); }

TEST_F(EmulatorLtxInputTest, ImageToVideoLora) { RunTable(kImageToVideoLora, ImageToVideoLoraCases()); }

TEST_F(EmulatorLtxInputTest, RenderToReal) { RunTable(kRenderToReal, RenderToRealCases()); }

TEST_F(EmulatorLtxInputTest, ReferenceVideoToVideoLora) { RunTable(kReferenceVideo, ReferenceVideoCases()); }

TEST_F(EmulatorLtxInputTest, ImageToVideo) { RunTable(kImageToVideo, ImageToVideoCases()); }

TEST_F(EmulatorLtxInputTest, TextToVideo22bLora) { RunTable(kTextToVideo22b, TextToVideo22bCases()); }

TEST_F(EmulatorLtxInputTest, ImageToVideo22b) { RunTable(kImageToVideo22b, ImageToVideo22bCases(false)); }

TEST_F(EmulatorLtxInputTest, ImageToVideo22bLora) {
  RunTable(kImageToVideo22bLora, ImageToVideo22bCases(true));
}

TEST_F(EmulatorLtxInputTest, EveryViolationIsReportedTogether) {
  json input = MinimalInput(kImageToVideo);
  input["num_frames"] = 5;
  input["guidance_scale"] = 50;
  input.erase("prompt");
  const auto [status, body] = Run(kImageToVideo, input);
  EXPECT_EQ(status, 422);
  ASSERT_EQ(body["detail"].size(), 3u) << body.dump();
}

TEST_F(EmulatorLtxInputTest, BudgetMessageNamesTheLimitSecondsAndTheWayOut) {
  json input = MinimalInput(kRenderToReal);
  input["num_frames"] = 200;
  const auto [status, body] = Run(kRenderToReal, input);
  ASSERT_EQ(status, 422);
  const json& detail = body["detail"][0];
  EXPECT_EQ(detail["loc"], json::array({"body", "num_frames"}));
  EXPECT_EQ(detail["input"], 200);
  EXPECT_EQ(detail["ctx"]["max_frames"], 145);
  const std::string msg = detail["msg"];
  EXPECT_NE(msg.find("145"), std::string::npos) << msg;
  EXPECT_NE(msg.find("6.0 s"), std::string::npos) << msg;
  EXPECT_NE(msg.find("480p"), std::string::npos) << msg;
  EXPECT_NE(msg.find("361"), std::string::npos) << msg;
}

TEST_F(EmulatorLtxInputTest, ValidationFailureIsAcceptedQueuedAndDeliveredAsA422Result) {
  json input = MinimalInput(kRenderToReal);
  input["num_frames"] = 400;
  auto submit = http().Post(std::string("/") + kRenderToReal, input.dump(), "application/json");
  ASSERT_TRUE(submit);
  EXPECT_EQ(submit->status, 200);  // accepted: the queue does not check inputs
  const json submitted = ParseJson(submit->body);
  const json status = WaitCompleted(kQualityApp, submitted["request_id"]);
  EXPECT_EQ(status["status"], "COMPLETED");
  const json stats = Stats();
  EXPECT_EQ(stats["jobs_failed"], 1);
  EXPECT_EQ(stats["jobs_completed"], 0);
}

TEST(EmulatorLtxPolicyTest, ReferenceVideoOverBudgetIsCappedByDefaultWithALogLine) {
  EmulatorProcess emulator({"--queue-ms", "0", "--run-ms", "20", "--log-every-ms", "100"});
  httplib::Client http(emulator.base_url());
  json input = MinimalInput(kReferenceVideo);
  input["num_frames"] = 200;  // resolution auto: the emulator assumes a 1280x704 source
  auto submit = http.Post(std::string("/") + kReferenceVideo, input.dump(), "application/json");
  const std::string id = ParseJson(submit->body)["request_id"];
  json status;
  for (int i = 0; i < 200; ++i) {
    status = ParseJson(http.Get("/fal-ai/ltx-2.3-quality/requests/" + id + "/status?logs=1")->body);
    if (status["status"] == "COMPLETED") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  bool capped_line = false;
  for (const auto& line : status["logs"]) {
    if (line["message"].get<std::string>().find("capped to 150") != std::string::npos) capped_line = true;
  }
  EXPECT_TRUE(capped_line) << status.dump();
  EXPECT_EQ(http.Get("/fal-ai/ltx-2.3-quality/requests/" + id)->status, 200);

  // Below 720p-class sizes nothing is capped.
  input["resolution"] = "landscape_16_9";
  const std::string small = ParseJson(
      http.Post(std::string("/") + kReferenceVideo, input.dump(), "application/json")->body)["request_id"];
  for (int i = 0; i < 200; ++i) {
    status = ParseJson(http.Get("/fal-ai/ltx-2.3-quality/requests/" + small + "/status?logs=1")->body);
    if (status["status"] == "COMPLETED") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(status.dump().find("capped"), std::string::npos);
}

TEST(EmulatorLtxPolicyTest, ReferenceVideoOverBudgetIsA422WithTheRejectFlag) {
  EmulatorProcess emulator({"--queue-ms", "0", "--run-ms", "0", "--rv2v-over-budget", "reject"});
  httplib::Client http(emulator.base_url());
  json input = MinimalInput(kReferenceVideo);
  input["resolution"] = {{"width", 1280}, {"height", 720}};
  input["num_frames"] = 151;
  const std::string id = ParseJson(
      http.Post(std::string("/") + kReferenceVideo, input.dump(), "application/json")->body)["request_id"];
  const auto [status, body] = WaitResult(http, id);
  EXPECT_EQ(status, 422);
  const json detail = ParseJson(body)["detail"][0];
  EXPECT_EQ(detail["loc"], json::array({"body", "num_frames"}));
  EXPECT_EQ(detail["ctx"]["max_frames"], 150);
  // 150 frames is within the budget.
  input["num_frames"] = 150;
  const std::string ok_id = ParseJson(
      http.Post(std::string("/") + kReferenceVideo, input.dump(), "application/json")->body)["request_id"];
  EXPECT_EQ(WaitResult(http, ok_id).first, 200);
}

}  // namespace
TEST_F(EmulatorLtxInputTest, ExtendVideo22b) { RunTable(kExtendVideo22b, ExtendVideo22bCases(false)); }

TEST_F(EmulatorLtxInputTest, ExtendVideo22bLora) { RunTable(kExtendVideo22bLora, ExtendVideo22bCases(true)); }

TEST_F(EmulatorLtxInputTest, DistilledTextToVideoLora) {
  RunTable(kDistilledTextToVideoLora, DistilledTextToVideoLoraCases());
}

TEST_F(EmulatorLtxInputTest, DistilledImageToVideoLora) {
  RunTable(kDistilledImageToVideoLora, DistilledImageToVideoLoraCases());
}

}  // namespace fal::emulator_test
