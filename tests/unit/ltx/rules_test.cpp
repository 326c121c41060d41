// Every validation rule in both directions: just inside a bound gives no finding of the rule's type, just
// outside gives it, at the right location and severity.

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "ltx_test_util.hpp"

namespace fal::ltx {
namespace {

using test::Check;
using test::Find;
using test::Has;

template <class Input>
struct RuleCase {
  std::string name;
  std::function<void(Input&)> mutate;
  std::string path;
  std::string type;
  Severity severity;
  bool present;
};

template <class Input>
RuleCase<Input> Error(std::string name, std::function<void(Input&)> f, std::string path, std::string type) {
  return {std::move(name), std::move(f), std::move(path), std::move(type), Severity::kError, true};
}
template <class Input>
RuleCase<Input> NoError(std::string name, std::function<void(Input&)> f, std::string path, std::string type) {
  return {std::move(name), std::move(f), std::move(path), std::move(type), Severity::kError, false};
}
template <class Input>
RuleCase<Input> Warning(std::string name, std::function<void(Input&)> f, std::string path, std::string type) {
  return {std::move(name), std::move(f), std::move(path), std::move(type), Severity::kWarning, true};
}
template <class Input>
RuleCase<Input> NoWarning(std::string name, std::function<void(Input&)> f, std::string path,
                          std::string type) {
  return {std::move(name), std::move(f), std::move(path), std::move(type), Severity::kWarning, false};
}

// One case of a table, with its input built: a parameter of LtxRule, so that a failure names its case.
struct RuleParam {
  std::string name;  // the test's name: the table and the case, letters, digits and '_'
  std::function<ValidationReport()> check;
  std::string path;
  std::string type;
  Severity severity;
  bool present;
};

void PrintTo(const RuleParam& p, std::ostream* os) { *os << p.name; }

// The cases of `cases` on `base`, named "<table>_<case>".
template <class Input>
std::vector<RuleParam> Params(const std::string& table, const Input& base,
                              std::vector<RuleCase<Input>> cases) {
  std::vector<RuleParam> out;
  for (RuleCase<Input>& c : cases) {
    std::string name = table + "_";
    for (char ch : c.name) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
    auto mutate = std::move(c.mutate);
    out.push_back({std::move(name),
                   [base, mutate] {
                     Input in = base;
                     mutate(in);
                     return Check(in);
                   },
                   c.path, c.type, c.severity, c.present});
  }
  return out;
}

class LtxRule : public ::testing::TestWithParam<RuleParam> {};

TEST_P(LtxRule, FindsWhatTheRuleSays) {
  const RuleParam& c = GetParam();
  const ValidationReport report = c.check();
  EXPECT_EQ(Has(report, c.path, c.type, c.severity), c.present) << "(" << c.path << ", " << c.type << ")\n"
                                                                << report.ToString();
  if (!c.present) return;
  const std::optional<Finding> f = Find(report, c.path, c.type);
  if (!f) return;  // reported above
  EXPECT_EQ(f->error.loc.front(), c.path == "extra_json" ? "extra_json" : "body");
  EXPECT_FALSE(f->error.msg.empty());
}

std::string RuleName(const ::testing::TestParamInfo<RuleParam>& info) { return info.param.name; }

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// ---- The quality family's shared rules, run against each of its three inputs ----

template <class In>
std::vector<RuleCase<In>> QualityCases() {
  return {
      NoError<In>(
          "num_frames 9", [](In& i) { i.num_frames = 9; }, "num_frames", "greater_than_equal"),
      Error<In>(
          "num_frames 8", [](In& i) { i.num_frames = 8; }, "num_frames", "greater_than_equal"),
      NoError<In>(
          "num_frames 481", [](In& i) { i.num_frames = 481; }, "num_frames", "less_than_equal"),
      Error<In>(
          "num_frames 482", [](In& i) { i.num_frames = 482; }, "num_frames", "less_than_equal"),
      NoError<In>(
          "fps 1",
          [](In& i) {
            i.frames_per_second = 1.0;
            i.num_frames = 9;
          },
          "frames_per_second", "greater_than_equal"),
      Error<In>(
          "fps 0.99", [](In& i) { i.frames_per_second = 0.99; }, "frames_per_second", "greater_than_equal"),
      NoError<In>(
          "fps 60", [](In& i) { i.frames_per_second = 60.0; }, "frames_per_second", "less_than_equal"),
      Error<In>(
          "fps 60.01", [](In& i) { i.frames_per_second = 60.01; }, "frames_per_second", "less_than_equal"),
      Error<In>(
          "fps nan", [](In& i) { i.frames_per_second = kNan; }, "frames_per_second", "finite_number"),
      Error<In>(
          "fps inf", [](In& i) { i.frames_per_second = kInf; }, "frames_per_second", "finite_number"),
      NoError<In>(
          "steps 8", [](In& i) { i.num_inference_steps = 8; }, "num_inference_steps", "greater_than_equal"),
      Error<In>(
          "steps 7", [](In& i) { i.num_inference_steps = 7; }, "num_inference_steps", "greater_than_equal"),
      NoError<In>(
          "steps 30", [](In& i) { i.num_inference_steps = 30; }, "num_inference_steps", "less_than_equal"),
      Error<In>(
          "steps 31", [](In& i) { i.num_inference_steps = 31; }, "num_inference_steps", "less_than_equal"),
      NoError<In>(
          "guidance 1", [](In& i) { i.guidance_scale = 1.0; }, "guidance_scale", "greater_than_equal"),
      Error<In>(
          "guidance 0.99", [](In& i) { i.guidance_scale = 0.99; }, "guidance_scale", "greater_than_equal"),
      NoError<In>(
          "guidance 20", [](In& i) { i.guidance_scale = 20.0; }, "guidance_scale", "less_than_equal"),
      Error<In>(
          "guidance 20.01", [](In& i) { i.guidance_scale = 20.01; }, "guidance_scale", "less_than_equal"),
      NoWarning<In>(
          "frames 97 = 8k+1", [](In& i) { i.num_frames = 97; }, "num_frames", "frame_grid"),
      Warning<In>(
          "frames 100", [](In& i) { i.num_frames = 100; }, "num_frames", "frame_grid"),
      NoWarning<In>(
          "frames 121 fps 6.1 (19.8 s)", [](In& i) { i.frames_per_second = 6.1; }, "num_frames",
          "duration_too_long"),
      Warning<In>(
          "frames 121 fps 6 (20.2 s)", [](In& i) { i.frames_per_second = 6.0; }, "num_frames",
          "duration_too_long"),
      NoWarning<In>(
          "frames 481 at 24 fps", [](In& i) { i.num_frames = 481; }, "num_frames", "duration_too_long"),
      Warning<In>(
          "frames 481 at 23 fps",
          [](In& i) {
            i.num_frames = 481;
            i.frames_per_second = 23.0;
          },
          "num_frames", "duration_too_long"),
      NoError<In>(
          "extra video_quality maximum", [](In& i) { i.extra_json = R"({"video_quality":"maximum"})"; },
          "video_quality", "enum"),
      Warning<In>(
          "extra video_quality ultra", [](In& i) { i.extra_json = R"({"video_quality":"ultra"})"; },
          "video_quality", "enum"),
      Warning<In>(
          "extra video_write_mode 3", [](In& i) { i.extra_json = R"({"video_write_mode":3})"; },
          "video_write_mode", "enum"),
      NoError<In>(
          "extra clash: typed wins, no enum check",
          [](In& i) {
            i.video_quality = VideoQuality::kLow;
            i.extra_json = R"({"video_quality":"ultra"})";
          },
          "video_quality", "enum"),
      Warning<In>(
          "extra clash warns",
          [](In& i) {
            i.video_quality = VideoQuality::kLow;
            i.extra_json = R"({"video_quality":"high"})";
          },
          "video_quality", "ignored"),
      NoError<In>(
          "extra object", [](In& i) { i.extra_json = R"({"new":1})"; }, "extra_json", "json_invalid"),
      Error<In>(
          "extra array", [](In& i) { i.extra_json = "[1]"; }, "extra_json", "json_invalid"),
      Error<In>(
          "extra broken", [](In& i) { i.extra_json = "{"; }, "extra_json", "json_invalid"),
  };
}

INSTANTIATE_TEST_SUITE_P(QualityFamilyOnRenderToReal, LtxRule,
                         ::testing::ValuesIn(Params("RenderToReal", test::ValidRenderToReal(),
                                                    QualityCases<RenderToRealInput>())),
                         RuleName);
INSTANTIATE_TEST_SUITE_P(QualityFamilyOnReferenceVideo, LtxRule,
                         ::testing::ValuesIn(Params("ReferenceVideo", test::ValidReferenceVideo(),
                                                    QualityCases<ReferenceVideoToVideoLoraInput>())),
                         RuleName);
INSTANTIATE_TEST_SUITE_P(QualityFamilyOnImageToVideo, LtxRule,
                         ::testing::ValuesIn(Params("ImageToVideo", test::ValidImageToVideo(),
                                                    QualityCases<ImageToVideoInput>())),
                         RuleName);

TEST(LtxRules, ValidBaselinesHaveNoFindings) {
  EXPECT_TRUE(Check(test::ValidRenderToReal()).findings.empty())
      << Check(test::ValidRenderToReal()).ToString();
  EXPECT_TRUE(Check(test::ValidReferenceVideo()).findings.empty())
      << Check(test::ValidReferenceVideo()).ToString();
  EXPECT_TRUE(Check(test::ValidImageToVideo()).findings.empty())
      << Check(test::ValidImageToVideo()).ToString();
  EXPECT_TRUE(Check(test::ValidTextToVideo()).findings.empty()) << Check(test::ValidTextToVideo()).ToString();
}

// ---- Files: required, http(s) URL with a host, base64 data URI, files to upload ----

std::vector<RuleCase<RenderToRealInput>> FilesCases() {
  using In = RenderToRealInput;
  auto video = [](File f) { return [f](In& i) { i.video_url = f; }; };
  auto image = [](File f) { return [f](In& i) { i.image_url = f; }; };
  std::vector<RuleCase<In>> cases = {
      Error<In>("empty required", video(""), "video_url", "missing"),
      NoError<In>("https url", video("https://example.com/a.mp4"), "video_url", "value_error"),
      NoError<In>("http url with port and query", video("http://localhost:8080/a.mp4?sig=1"), "video_url",
                  "value_error"),
      NoError<In>("ipv6 host", video("https://[::1]:9000/a.mp4"), "video_url", "value_error"),
      NoError<In>("user info", video("https://user@example.com/a.mp4"), "video_url", "value_error"),
      NoError<In>("upper-case scheme", video("HTTPS://example.com/a.mp4"), "video_url", "value_error"),
      Error<In>("relative path", video("render.mp4"), "video_url", "value_error"),
      Error<In>("ftp", video("ftp://example.com/a.mp4"), "video_url", "value_error"),
      Error<In>("no host", video("https:///a.mp4"), "video_url", "value_error"),
      Error<In>("empty ipv6 host", video("https://[]/a.mp4"), "video_url", "value_error"),
      Error<In>("bad port", video("https://example.com:80a/x"), "video_url", "value_error"),
      Error<In>("space", video("https://example.com/a b.mp4"), "video_url", "value_error"),
      NoError<In>("data uri", video("data:video/mp4;base64,AAAAGGZ0eXA="), "video_url", "value_error"),
      NoError<In>("data uri no media type", video("data:;base64,QUJD"), "video_url", "value_error"),
      Error<In>("data uri not base64", video("data:video/mp4,AAAA"), "video_url", "value_error"),
      Error<In>("data uri no comma", video("data:video/mp4;base64"), "video_url", "value_error"),
      Error<In>("data uri empty payload", video("data:video/mp4;base64,"), "video_url", "value_error"),
      Error<In>("data uri bad length", video("data:video/mp4;base64,AAA"), "video_url", "value_error"),
      Error<In>("data uri padding inside", video("data:video/mp4;base64,AA=A"), "video_url", "value_error"),
      Error<In>("data uri bad char", video("data:video/mp4;base64,AA-_"), "video_url", "value_error"),
      NoError<In>("local path", video(File::FromPath("render.mp4")), "video_url", "missing"),
      Error<In>("empty local path", video(File::FromPath("")), "video_url", "missing"),
      NoError<In>("bytes", video(File::FromBytes("abc", "a.mp4")), "video_url", "value_error"),
      Error<In>("optional set but empty", image(""), "image_url", "value_error"),
      Error<In>("optional bad url", image("first.png"), "image_url", "value_error"),
      NoError<In>("optional good url", image("https://example.com/f.png"), "image_url", "value_error"),
  };
  return cases;
}
INSTANTIATE_TEST_SUITE_P(Files, LtxRule,
                         ::testing::ValuesIn(Params("Files", test::ValidRenderToReal(), FilesCases())),
                         RuleName);

TEST(LtxRules, FileMessagesHideQueriesAndHugeDataUris) {
  RenderToRealInput in = test::ValidRenderToReal();
  in.video_url = "ftp://example.com/a.mp4?X-Amz-Signature=topsecret";
  std::string msg = Find(Check(in), "video_url", "value_error").value().error.msg;
  EXPECT_EQ(msg.find("topsecret"), std::string::npos) << msg;
  EXPECT_NE(msg.find("ftp://example.com/a.mp4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("fal::File::FromPath"), std::string::npos) << "says how to fix it: " << msg;
  const FieldError finding = Find(Check(in), "video_url", "value_error").value().error;
  EXPECT_EQ(finding.advice, Advice::kGiveFileOrUrl);
  EXPECT_EQ(finding.Summary().find("FromPath"), std::string::npos)
      << "the fix is apart: " << finding.Summary();
  EXPECT_EQ(finding.Summary() + "; " + std::string(AdviceText(finding.advice)), finding.msg);

  in.video_url = "data:video/mp4," + std::string(1 << 20, 'A');
  msg = Find(Check(in), "video_url", "value_error").value().error.msg;
  EXPECT_LT(msg.size(), 400u) << "a 1 MB data URI is not echoed";
  EXPECT_NE(msg.find("1048591 chars"), std::string::npos) << msg;
}

// File::FromPath("https://...") is a local file named like a URL: said before anything is uploaded.
TEST(LtxRules, ALocalPathWrittenLikeAUrl) {
  for (const char* path : {"https://example.com/a.mp4", "ftp://example.com/a.mp4", "file:///tmp/a.mp4",
                           "data:video/mp4;base64,AAAA"}) {
    RenderToRealInput in = test::ValidRenderToReal();
    in.video_url = File::FromPath(path);
    auto finding = Find(Check(in), "video_url", "value_error");
    ASSERT_TRUE(finding) << path;
    EXPECT_EQ(finding->severity, Severity::kError);
    EXPECT_EQ(finding->error.advice, Advice::kPathLooksLikeUrl) << path;
    EXPECT_NE(finding->error.msg.find("written like a URL"), std::string::npos) << finding->error.msg;
  }
  for (const char* path : {"render.mp4", "C:\\renders\\a.mp4", "/data/a:b.mp4"}) {
    RenderToRealInput in = test::ValidRenderToReal();
    in.video_url = File::FromPath(path);
    EXPECT_FALSE(Find(Check(in), "video_url", "value_error")) << path;
  }
}

// ---- render-to-real ----

std::vector<RuleCase<RenderToRealInput>> RenderToRealCases() {
  using In = RenderToRealInput;
  std::vector<RuleCase<In>> cases = {
      NoError<In>(
          "refine strength 0.3", [](In& i) { i.detail_refine_strength = 0.3; }, "detail_refine_strength",
          "greater_than_equal"),
      Error<In>(
          "refine strength 0.29", [](In& i) { i.detail_refine_strength = 0.29; }, "detail_refine_strength",
          "greater_than_equal"),
      NoError<In>(
          "refine strength 0.95", [](In& i) { i.detail_refine_strength = 0.95; }, "detail_refine_strength",
          "less_than_equal"),
      Error<In>(
          "refine strength 0.96", [](In& i) { i.detail_refine_strength = 0.96; }, "detail_refine_strength",
          "less_than_equal"),
      Warning<In>(
          "refine on: price", [](In& i) { i.enable_detail_refine = true; }, "enable_detail_refine", "price"),
      NoWarning<In>(
          "refine off: no price", [](In& i) { i.enable_detail_refine = false; }, "enable_detail_refine",
          "price"),
      Warning<In>(
          "strength without refine", [](In& i) { i.detail_refine_strength = 0.5; }, "detail_refine_strength",
          "ignored"),
      NoWarning<In>(
          "strength with refine",
          [](In& i) {
            i.detail_refine_strength = 0.5;
            i.enable_detail_refine = true;
          },
          "detail_refine_strength", "ignored"),
      NoError<In>(
          "720p 145",
          [](In& i) {
            i.resolution = RenderResolution::k720p;
            i.num_frames = 145;
          },
          "num_frames", "budget_exceeded"),
      Error<In>(
          "720p 146",
          [](In& i) {
            i.resolution = RenderResolution::k720p;
            i.num_frames = 146;
          },
          "num_frames", "budget_exceeded"),
      NoError<In>(
          "default (720p) 145", [](In& i) { i.num_frames = 145; }, "num_frames", "budget_exceeded"),
      Error<In>(
          "default (720p) 146", [](In& i) { i.num_frames = 146; }, "num_frames", "budget_exceeded"),
      NoError<In>(
          "480p 361",
          [](In& i) {
            i.resolution = RenderResolution::k480p;
            i.num_frames = 361;
          },
          "num_frames", "budget_exceeded"),
      Error<In>(
          "480p 362",
          [](In& i) {
            i.resolution = RenderResolution::k480p;
            i.num_frames = 362;
          },
          "num_frames", "budget_exceeded"),
      NoError<In>(
          "720p 145 at 60 fps (a frame budget)",
          [](In& i) {
            i.num_frames = 145;
            i.frames_per_second = 60.0;
          },
          "num_frames", "budget_exceeded"),
      NoError<In>(
          "extra resolution 480p", [](In& i) { i.extra_json = R"({"resolution":"480p"})"; }, "resolution",
          "enum"),
      Warning<In>(
          "extra resolution 1080p", [](In& i) { i.extra_json = R"({"resolution":"1080p"})"; }, "resolution",
          "enum"),
      NoError<In>(
          "extra intensity strong-v2", [](In& i) { i.extra_json = R"({"intensity":"strong-v2"})"; },
          "intensity", "enum"),
      Warning<In>(
          "extra intensity medium", [](In& i) { i.extra_json = R"({"intensity":"medium"})"; }, "intensity",
          "enum"),
  };
  return cases;
}
INSTANTIATE_TEST_SUITE_P(RenderToReal, LtxRule,
                         ::testing::ValuesIn(Params("RenderToReal", test::ValidRenderToReal(),
                                                    RenderToRealCases())),
                         RuleName);

TEST(LtxRules, RenderToRealBudgetMessages) {
  auto message = [](std::optional<RenderResolution> res, int frames, std::optional<double> fps) {
    RenderToRealInput in = test::ValidRenderToReal();
    in.resolution = res;
    in.num_frames = frames;
    in.frames_per_second = fps;
    const std::optional<Finding> f = Find(Check(in), "num_frames", "budget_exceeded");
    return f ? f->error.msg : std::string("<none>");
  };
  EXPECT_EQ(
      message(RenderResolution::k720p, 200, std::nullopt),
      "num_frames=200 is over the 720p budget of 145 frames (about 6.0 s at 24 fps): lower num_frames to 145 "
      "or less, or use 480p, which allows up to 361 frames (about 15 s)");
  EXPECT_EQ(
      message(std::nullopt, 146, 30.0),
      "num_frames=146 is over the 720p budget of 145 frames (about 4.8 s at 30 fps): lower num_frames to 145 "
      "or less, or use 480p, which allows up to 361 frames (about 12 s)");
  EXPECT_EQ(
      message(RenderResolution::k480p, 362, 24.0),
      "num_frames=362 is over the 480p budget of 361 frames (about 15 s at 24 fps): lower num_frames to 361 "
      "or less");
  EXPECT_EQ(
      message(RenderResolution::k720p, 161, 23.976),
      "num_frames=161 is over the 720p budget of 145 frames (about 6.0 s at 23.976 fps): lower num_frames to "
      "145 or less, or use 480p, which allows up to 361 frames (about 15 s)");
}

// ---- reference-video-to-video/lora ----

std::vector<RuleCase<ReferenceVideoToVideoLoraInput>> ReferenceVideoToVideoLoraCases() {
  using In = ReferenceVideoToVideoLoraInput;
  auto loras = [](std::size_t n) {
    return [n](In& i) {
      i.loras.assign(n,
                     LoraInput{"https://example.com/l.safetensors", 1.0, std::string("both"), std::nullopt});
    };
  };
  auto scale = [](double s) { return [s](In& i) { i.loras[0].scale = s; }; };
  auto size = [](int w, int h) { return [w, h](In& i) { i.resolution = ImageSize{w, h}; }; };
  std::vector<RuleCase<In>> cases = {
      Warning<In>(
          "prompt empty", [](In& i) { i.prompt = ""; }, "prompt", "blank"),
      Warning<In>(
          "prompt blank", [](In& i) { i.prompt = " \n\t"; }, "prompt", "blank"),
      NoError<In>(
          "prompt one char", [](In& i) { i.prompt = "x"; }, "prompt", "blank"),
      Error<In>(
          "video_url empty", [](In& i) { i.video_url = ""; }, "video_url", "missing"),
      NoError<In>("3 loras", loras(3), "loras", "too_long"),
      Error<In>("4 loras", loras(4), "loras", "too_long"),
      Warning<In>("0 loras", loras(0), "loras", "too_short"),
      NoWarning<In>("1 lora", loras(1), "loras", "too_short"),
      Error<In>(
          "lora empty path", [](In& i) { i.loras[0].path = ""; }, "loras.0.path", "missing"),
      Error<In>(
          "lora ftp path", [](In& i) { i.loras[0].path = "ftp://x/l.safetensors"; }, "loras.0.path",
          "value_error"),
      Error<In>(
          "lora second path",
          [](In& i) {
            i.loras.push_back(LoraInput{"s3://b/k", {}, {}, {}});
          },
          "loras.1.path", "value_error"),
      NoWarning<In>("lora scale 4", scale(4.0), "loras.0.scale", "less_than_equal"),
      Warning<In>("lora scale 4.01", scale(4.01), "loras.0.scale", "less_than_equal"),
      NoWarning<In>("lora scale 0", scale(0.0), "loras.0.scale", "greater_than_equal"),
      Warning<In>("lora scale -0.01", scale(-0.01), "loras.0.scale", "greater_than_equal"),
      Error<In>("lora scale nan", scale(kNan), "loras.0.scale", "finite_number"),
      Error<In>(
          "mid without image", [](In& i) { i.mid_image_url = "https://e.com/m.png"; }, "mid_image_url",
          "value_error"),
      NoError<In>(
          "mid with image",
          [](In& i) {
            i.mid_image_url = "https://e.com/m.png";
            i.image_url = "https://e.com/a.png";
          },
          "mid_image_url", "value_error"),
      Error<In>(
          "end without image", [](In& i) { i.end_image_url = "https://e.com/e.png"; }, "end_image_url",
          "value_error"),
      NoError<In>(
          "end with image",
          [](In& i) {
            i.end_image_url = "https://e.com/e.png";
            i.image_url = "https://e.com/a.png";
          },
          "end_image_url", "value_error"),
      Warning<In>(
          "skip without control (ignored by fal)", [](In& i) { i.skip_control_preprocess = true; },
          "skip_control_preprocess", "ignored"),
      NoError<In>(
          "skip without control is not an error", [](In& i) { i.skip_control_preprocess = true; },
          "skip_control_preprocess", "value_error"),
      NoError<In>(
          "skip with control",
          [](In& i) {
            i.skip_control_preprocess = true;
            i.control_video_url = "https://e.com/c.mp4";
          },
          "skip_control_preprocess", "ignored"),
      NoError<In>(
          "skip false without control", [](In& i) { i.skip_control_preprocess = false; },
          "skip_control_preprocess", "ignored"),
      Error<In>(
          "preserve alone", [](In& i) { i.preserve_original_video = true; }, "preserve_original_video",
          "value_error"),
      Error<In>(
          "preserve with control, no skip",
          [](In& i) {
            i.preserve_original_video = true;
            i.control_video_url = "https://e.com/c.mp4";
          },
          "preserve_original_video", "value_error"),
      Error<In>(
          "preserve with skip, no control",
          [](In& i) {
            i.preserve_original_video = true;
            i.skip_control_preprocess = true;
          },
          "preserve_original_video", "value_error"),
      NoError<In>(
          "preserve with skip and control",
          [](In& i) {
            i.preserve_original_video = true;
            i.skip_control_preprocess = true;
            i.control_video_url = "https://e.com/c.mp4";
          },
          "preserve_original_video", "value_error"),
      NoError<In>(
          "preserve false alone", [](In& i) { i.preserve_original_video = false; }, "preserve_original_video",
          "value_error"),
      NoError<In>(
          "video_strength 0", [](In& i) { i.video_strength = 0.0; }, "video_strength", "greater_than_equal"),
      Error<In>(
          "video_strength -0.01", [](In& i) { i.video_strength = -0.01; }, "video_strength",
          "greater_than_equal"),
      NoError<In>(
          "video_strength 1", [](In& i) { i.video_strength = 1.0; }, "video_strength", "less_than_equal"),
      Error<In>(
          "video_strength 1.01", [](In& i) { i.video_strength = 1.01; }, "video_strength", "less_than_equal"),
      NoError<In>(
          "strength 0", [](In& i) { i.strength = 0.0; }, "strength", "greater_than_equal"),
      Error<In>(
          "strength -0.01", [](In& i) { i.strength = -0.01; }, "strength", "greater_than_equal"),
      NoError<In>(
          "strength 1", [](In& i) { i.strength = 1.0; }, "strength", "less_than_equal"),
      Error<In>(
          "strength 1.01", [](In& i) { i.strength = 1.01; }, "strength", "less_than_equal"),
      NoError<In>("width 1", size(1, 704), "resolution.width", "greater_than_equal"),
      Error<In>("width 0", size(0, 704), "resolution.width", "greater_than_equal"),
      NoError<In>("height 14142", size(1280, 14142), "resolution.height", "less_than_equal"),
      Error<In>("height 14143", size(1280, 14143), "resolution.height", "less_than_equal"),
      NoWarning<In>("1280x704 is 64-aligned", size(1280, 704), "resolution.height", "size_alignment"),
      Warning<In>("1280x720 is not 64-aligned", size(1280, 720), "resolution.height", "size_alignment"),
      Warning<In>("width 1000 is not 64-aligned", size(1000, 704), "resolution.width", "size_alignment"),
      NoWarning<In>("width 2048", size(2048, 1024), "resolution.width", "size_too_large"),
      Warning<In>("width 2112", size(2112, 1024), "resolution.width", "size_too_large"),
      NoWarning<In>(
          "1280x704 150 frames",
          [](In& i) {
            i.resolution = ImageSize{1280, 704};
            i.num_frames = 150;
          },
          "num_frames", "budget_exceeded"),
      Warning<In>(
          "1280x704 151 frames",
          [](In& i) {
            i.resolution = ImageSize{1280, 704};
            i.num_frames = 151;
          },
          "num_frames", "budget_exceeded"),
      Warning<In>(
          "704x1280 portrait 200 frames",
          [](In& i) {
            i.resolution = ImageSize{704, 1280};
            i.num_frames = 200;
          },
          "num_frames", "budget_exceeded"),
      NoWarning<In>(
          "1280x640 (short side 640) 200 frames",
          [](In& i) {
            i.resolution = ImageSize{1280, 640};
            i.num_frames = 200;
          },
          "num_frames", "budget_exceeded"),
      Warning<In>(
          "square_hd 200 frames",
          [](In& i) {
            i.resolution = SizePreset::kSquareHd;
            i.num_frames = 200;
          },
          "num_frames", "budget_exceeded"),
      NoWarning<In>(
          "landscape_16_9 (576 px) 200 frames",
          [](In& i) {
            i.resolution = SizePreset::kLandscape16x9;
            i.num_frames = 200;
          },
          "num_frames", "budget_exceeded"),
      NoWarning<In>(
          "auto 200 frames (size unknown)",
          [](In& i) {
            i.resolution = AutoSize{};
            i.num_frames = 200;
          },
          "num_frames", "budget_exceeded"),
      NoError<In>(
          "rv2v budget is never an error",
          [](In& i) {
            i.resolution = ImageSize{1280, 704};
            i.num_frames = 481;
          },
          "num_frames", "budget_exceeded"),
      Warning<In>(
          "3DREAL lora, prompt without trigger",
          [](In& i) { i.loras[0].path = "https://e.com/3DREAL-strong.safetensors"; }, "prompt",
          "trigger_missing"),
      Warning<In>(
          "3DREAL weight_name, prompt without trigger",
          [](In& i) { i.loras[0].weight_name = "3dreal-light.safetensors"; }, "prompt", "trigger_missing"),
      NoWarning<In>(
          "3DREAL lora, prompt with trigger",
          [](In& i) {
            i.loras[0].path = "https://e.com/3DREAL-strong.safetensors";
            i.prompt = "3DREAL. A ballroom.";
          },
          "prompt", "trigger_missing"),
      Warning<In>(
          "3DREAL lora, lower-case trigger",
          [](In& i) {
            i.loras[0].path = "https://e.com/3DREAL-strong.safetensors";
            i.prompt = "3dreal. A ballroom.";
          },
          "prompt", "trigger_missing"),
      NoWarning<In>(
          "other lora, no trigger", [](In& i) { i.prompt = "A ballroom."; }, "prompt", "trigger_missing"),
      NoError<In>(
          "extra resolution auto", [](In& i) { i.extra_json = R"({"resolution":"auto"})"; }, "resolution",
          "enum"),
      NoError<In>(
          "extra resolution object",
          [](In& i) { i.extra_json = R"({"resolution":{"width":1280,"height":704}})"; }, "resolution",
          "enum"),
      Warning<In>(
          "extra resolution 720p", [](In& i) { i.extra_json = R"({"resolution":"720p"})"; }, "resolution",
          "enum"),
  };
  return cases;
}
INSTANTIATE_TEST_SUITE_P(ReferenceVideoToVideoLora, LtxRule,
                         ::testing::ValuesIn(Params("ReferenceVideoToVideoLora", test::ValidReferenceVideo(),
                                                    ReferenceVideoToVideoLoraCases())),
                         RuleName);

TEST(LtxRules, ReferenceVideoBudgetMessage) {
  ReferenceVideoToVideoLoraInput in = test::ValidReferenceVideo();
  in.resolution = ImageSize{1280, 704};
  in.num_frames = 200;
  const std::optional<Finding> f = Find(Check(in), "num_frames", "budget_exceeded");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->severity, Severity::kWarning);
  EXPECT_EQ(
      f->error.msg,
      "num_frames=200 is over the budget of about 150 frames at a 720p-class size (1280x704): the server may "
      "cap the video at about 150 frames or reject the request with a 422; lower num_frames to 145 or less, "
      "or "
      "use a smaller resolution");
}

// ---- image-to-video ----

std::vector<RuleCase<ImageToVideoInput>> ImageToVideoCases() {
  using In = ImageToVideoInput;
  auto size = [](int w, int h) { return [w, h](In& i) { i.resolution = ImageSize{w, h}; }; };
  std::vector<RuleCase<In>> cases = {
      Warning<In>(
          "prompt empty", [](In& i) { i.prompt = ""; }, "prompt", "blank"),
      Error<In>(
          "image_url empty", [](In& i) { i.image_url = ""; }, "image_url", "missing"),
      Error<In>(
          "image_url bad", [](In& i) { i.image_url = "start.jpg"; }, "image_url", "value_error"),
      NoError<In>(
          "image_url data uri", [](In& i) { i.image_url = "data:image/png;base64,iVBORw0KGgo="; },
          "image_url", "value_error"),
      NoError<In>(
          "image_strength 0", [](In& i) { i.image_strength = 0.0; }, "image_strength", "greater_than_equal"),
      Error<In>(
          "image_strength -0.1", [](In& i) { i.image_strength = -0.1; }, "image_strength",
          "greater_than_equal"),
      NoError<In>(
          "image_strength 1", [](In& i) { i.image_strength = 1.0; }, "image_strength", "less_than_equal"),
      Error<In>(
          "image_strength 1.1", [](In& i) { i.image_strength = 1.1; }, "image_strength", "less_than_equal"),
      NoWarning<In>("1280x704 is 32-aligned", size(1280, 704), "resolution.height", "size_alignment"),
      Warning<In>("1280x720 is not 32-aligned", size(1280, 720), "resolution.height", "size_alignment"),
      NoWarning<In>("1216x736 is 32-aligned (not 64)", size(1216, 736), "resolution.height",
                    "size_alignment"),
      NoWarning<In>("height 2048", size(1024, 2048), "resolution.height", "size_too_large"),
      Warning<In>("height 2080", size(1024, 2080), "resolution.height", "size_too_large"),
      Error<In>("width -1", size(-1, 704), "resolution.width", "greater_than_equal"),
      NoWarning<In>(
          "named size: no size warnings", [](In& i) { i.resolution = SizePreset::kPortrait16x9; },
          "resolution.width", "size_alignment"),
      Warning<In>(
          "extra resolution bogus", [](In& i) { i.extra_json = R"({"resolution":"4k"})"; }, "resolution",
          "enum"),
  };
  return cases;
}
INSTANTIATE_TEST_SUITE_P(ImageToVideo, LtxRule,
                         ::testing::ValuesIn(Params("ImageToVideo", test::ValidImageToVideo(),
                                                    ImageToVideoCases())),
                         RuleName);

// ---- 22b text-to-video/lora ----

std::vector<RuleCase<TextToVideoLoraInput>> TextToVideoLoraCases() {
  using In = TextToVideoLoraInput;
  using Field = std::optional<double> In::*;
  std::vector<RuleCase<In>> cases = {
      Warning<In>(
          "prompt empty", [](In& i) { i.prompt = ""; }, "prompt", "blank"),
      NoError<In>(
          "num_frames 9", [](In& i) { i.num_frames = 9; }, "num_frames", "greater_than_equal"),
      Error<In>(
          "num_frames 8", [](In& i) { i.num_frames = 8; }, "num_frames", "greater_than_equal"),
      NoError<In>(
          "num_frames 481", [](In& i) { i.num_frames = 481; }, "num_frames", "less_than_equal"),
      Error<In>(
          "num_frames 482", [](In& i) { i.num_frames = 482; }, "num_frames", "less_than_equal"),
      Warning<In>(
          "num_frames 160", [](In& i) { i.num_frames = 160; }, "num_frames", "frame_grid"),
      NoWarning<In>(
          "num_frames 161", [](In& i) { i.num_frames = 161; }, "num_frames", "frame_grid"),
      Warning<In>(
          "481 frames at 12 fps",
          [](In& i) {
            i.num_frames = 481;
            i.fps = 12.0;
          },
          "num_frames", "duration_too_long"),
      NoError<In>(
          "fps 1",
          [](In& i) {
            i.fps = 1.0;
            i.num_frames = 9;
          },
          "fps", "greater_than_equal"),
      Error<In>(
          "fps 0.5", [](In& i) { i.fps = 0.5; }, "fps", "greater_than_equal"),
      NoError<In>(
          "fps 60", [](In& i) { i.fps = 60.0; }, "fps", "less_than_equal"),
      Error<In>(
          "fps 61", [](In& i) { i.fps = 61.0; }, "fps", "less_than_equal"),
      NoError<In>(
          "steps 8", [](In& i) { i.num_inference_steps = 8; }, "num_inference_steps", "greater_than_equal"),
      Error<In>(
          "steps 7", [](In& i) { i.num_inference_steps = 7; }, "num_inference_steps", "greater_than_equal"),
      NoError<In>(
          "steps 50 (22b allows more than quality)", [](In& i) { i.num_inference_steps = 50; },
          "num_inference_steps", "less_than_equal"),
      Error<In>(
          "steps 51", [](In& i) { i.num_inference_steps = 51; }, "num_inference_steps", "less_than_equal"),
      NoError<In>(
          "lora empty path (fal's example)", [](In& i) { i.loras[0].path = ""; }, "loras.0.path", "missing"),
      NoError<In>(
          "lora HF repo id", [](In& i) { i.loras[0].path = "owner/repo"; }, "loras.0.path", "value_error"),
      Error<In>(
          "lora bad url", [](In& i) { i.loras[0].path = "hf://owner/repo"; }, "loras.0.path", "value_error"),
      NoError<In>(
          "lora scale 0", [](In& i) { i.loras[0].scale = 0.0; }, "loras.0.scale", "greater_than_equal"),
      Error<In>(
          "lora scale -0.01", [](In& i) { i.loras[0].scale = -0.01; }, "loras.0.scale", "greater_than_equal"),
      NoError<In>(
          "lora scale 4", [](In& i) { i.loras[0].scale = 4.0; }, "loras.0.scale", "less_than_equal"),
      Error<In>(
          "lora scale 4.01", [](In& i) { i.loras[0].scale = 4.01; }, "loras.0.scale", "less_than_equal"),
      NoError<In>(
          "4 loras allowed on 22b",
          [](In& i) {
            i.loras.assign(4, LoraInput{"https://e.com/l.safetensors", {}, {}, {}});
          },
          "loras", "too_long"),
      Warning<In>(
          "0 loras", [](In& i) { i.loras.clear(); }, "loras", "too_short"),
      Warning<In>(
          "transformer is not a 22b field", [](In& i) { i.loras[0].transformer = "both"; },
          "loras.0.transformer", "ignored"),
      Warning<In>(
          "3DREAL lora without trigger",
          [](In& i) { i.loras[0].path = "https://e.com/3DREAL-light.safetensors"; }, "prompt",
          "trigger_missing"),
      Warning<In>(
          "video_size 1280x720 not 32-aligned",
          [](In& i) {
            i.video_size = ImageSize{1280, 720};
          },
          "video_size.height", "size_alignment"),
      Error<In>(
          "video_size width 14143",
          [](In& i) {
            i.video_size = ImageSize{14143, 704};
          },
          "video_size.width", "less_than_equal"),
      NoError<In>(
          "extra video_size named", [](In& i) { i.extra_json = R"({"video_size":"square"})"; }, "video_size",
          "enum"),
      Warning<In>(
          "extra video_size auto (not on 22b)", [](In& i) { i.extra_json = R"({"video_size":"auto"})"; },
          "video_size", "enum"),
      NoError<In>(
          "extra scheduler beta", [](In& i) { i.extra_json = R"({"scheduler":"beta"})"; }, "scheduler",
          "enum"),
      Warning<In>(
          "extra scheduler euler", [](In& i) { i.extra_json = R"({"scheduler":"euler"})"; }, "scheduler",
          "enum"),
      Warning<In>(
          "extra acceleration turbo", [](In& i) { i.extra_json = R"({"acceleration":"turbo"})"; },
          "acceleration", "enum"),
      Warning<In>(
          "extra camera_lora orbit", [](In& i) { i.extra_json = R"({"camera_lora":"orbit"})"; },
          "camera_lora", "enum"),
      NoError<In>(
          "extra video_output_type gif",
          [](In& i) { i.extra_json = R"j({"video_output_type":"GIF (.gif)"})j"; }, "video_output_type",
          "enum"),
      Warning<In>(
          "extra video_output_type mp4", [](In& i) { i.extra_json = R"({"video_output_type":"mp4"})"; },
          "video_output_type", "enum"),
      Warning<In>(
          "extra video_quality", [](In& i) { i.extra_json = R"({"video_quality":"best"})"; }, "video_quality",
          "enum"),
      Warning<In>(
          "extra video_write_mode", [](In& i) { i.extra_json = R"({"video_write_mode":"slow"})"; },
          "video_write_mode", "enum"),
  };
  // The guidance knobs: just inside and just outside both ends of each published range.
  struct Knob {
    const char* key;
    Field field;
    double min;
    double max;
  };
  const Knob knobs[] = {
      {"video_cfg_scale", &In::video_cfg_scale, 1, 20},
      {"video_stg_scale", &In::video_stg_scale, 0, 20},
      {"video_rescaling_scale", &In::video_rescaling_scale, 0, 1},
      {"video_modality_scale", &In::video_modality_scale, 0, 10},
      {"audio_cfg_scale", &In::audio_cfg_scale, 1, 20},
      {"audio_stg_scale", &In::audio_stg_scale, 0, 20},
      {"audio_rescaling_scale", &In::audio_rescaling_scale, 0, 1},
      {"audio_modality_scale", &In::audio_modality_scale, 0, 10},
      {"gradient_estimation_gamma", &In::gradient_estimation_gamma, 0, 10},
      {"camera_lora_scale", &In::camera_lora_scale, 0, 1},
      {"distill_lora_first_pass_scale", &In::distill_lora_first_pass_scale, 0, 1},
      {"distill_lora_second_pass_scale", &In::distill_lora_second_pass_scale, 0, 1},
  };
  for (const Knob& k : knobs) {
    auto set = [field = k.field](double v) { return [field, v](In& i) { i.*field = v; }; };
    const std::string key = k.key;
    cases.push_back(NoError<In>(key + " min", set(k.min), key, "greater_than_equal"));
    cases.push_back(Error<In>(key + " below", set(k.min - 0.01), key, "greater_than_equal"));
    cases.push_back(NoError<In>(key + " max", set(k.max), key, "less_than_equal"));
    cases.push_back(Error<In>(key + " above", set(k.max + 0.01), key, "less_than_equal"));
    cases.push_back(Error<In>(key + " nan", set(kNan), key, "finite_number"));
  }
  return cases;
}
INSTANTIATE_TEST_SUITE_P(TextToVideoLora, LtxRule,
                         ::testing::ValuesIn(Params("TextToVideoLora", test::ValidTextToVideo(),
                                                    TextToVideoLoraCases())),
                         RuleName);

// ---- Reporting ----

TEST(LtxRules, AllFindingsAtOnce) {
  ReferenceVideoToVideoLoraInput in;  // no prompt, no video, no LoRA
  in.num_frames = 1000;
  in.guidance_scale = 50;
  in.mid_image_url = "https://e.com/m.png";
  in.loras.assign(5, LoraInput{"", {}, {}, {}});
  const ValidationReport r = Check(in);
  for (const char* path : {"video_url", "loras", "loras.0.path", "loras.4.path", "num_frames",
                           "guidance_scale", "mid_image_url"}) {
    bool found = false;
    for (const FieldError& e : r.Errors()) found = found || e.Path() == path;
    EXPECT_TRUE(found) << path << "\n" << r.ToString();
  }
  EXPECT_EQ(r.Errors().size(), 10u) << r.ToString();
  // A blank prompt is a warning (fal's schema has no minimum length).
  bool blank = false;
  for (const FieldError& w : r.Warnings()) blank = blank || (w.Path() == "prompt" && w.type == "blank");
  EXPECT_TRUE(blank) << r.ToString();
}

TEST(LtxRules, MessagesSayWhatWasGivenTheLimitAndTheFix) {
  RenderToRealInput in = test::ValidRenderToReal();
  in.num_inference_steps = 31;
  in.guidance_scale = 0.5;
  const ValidationReport r = Check(in);
  EXPECT_EQ(Find(r, "num_inference_steps", "less_than_equal").value().error.msg,
            "num_inference_steps=31 is above the maximum of 30: use a value from 8 to 30");
  EXPECT_EQ(Find(r, "guidance_scale", "greater_than_equal").value().error.msg,
            "guidance_scale=0.5 is below the minimum of 1: use a value from 1 to 20");
  EXPECT_EQ(Find(r, "guidance_scale", "greater_than_equal").value().error.loc,
            (std::vector<std::string>{"body", "guidance_scale"}));

  ReferenceVideoToVideoLoraInput rv = test::ValidReferenceVideo();
  rv.loras.push_back(rv.loras[0]);
  rv.loras[1].scale = 5;
  const std::optional<Finding> scale = Find(Check(rv), "loras.1.scale", "less_than_equal");
  ASSERT_TRUE(scale.has_value());
  EXPECT_EQ(scale->error.loc, (std::vector<std::string>{"body", "loras", "1", "scale"}));
  EXPECT_NE(scale->error.msg.find("loras.1.scale=5"), std::string::npos) << scale->error.msg;

  ImageToVideoInput iv = test::ValidImageToVideo();
  iv.num_frames = 100;
  EXPECT_EQ(Find(Check(iv), "num_frames", "frame_grid").value().error.msg,
            "num_frames=100 is not of the form 8k+1: LTX works in steps of 8 frames plus one and may floor "
            "it to 97; "
            "use 97 or 105");
}

}  // namespace
}  // namespace fal::ltx
