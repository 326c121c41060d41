// Fit the clip and the cost guard through the client: a fake ClipProbe stands in for falcpp::media, and
// the fake transport shows that nothing is uploaded or sent when Strict refuses.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "fake_client.hpp"
#include "fal/ltx/render_to_real.hpp"

namespace fal {
namespace {

using test::FakeClient;

ClipInfo Clip(std::int64_t frames, int fps = 24, int width = 1280, int height = 720) {
  ClipInfo c;
  c.width = width;
  c.height = height;
  c.frame_count = frames;
  c.frame_rate_numerator = fps;
  c.duration_seconds = static_cast<double>(frames) / fps;
  c.video_codec = "h264";
  return c;
}

// A probe that answers `clip` for every path and records the paths it was asked about.
struct FakeProbe {
  std::shared_ptr<std::vector<std::string>> asked = std::make_shared<std::vector<std::string>>();
  ClipProbe Answering(ClipInfo clip) const {
    return [asked = asked, clip](const std::string& path) -> Result<ClipInfo> {
      asked->push_back(path);
      return clip;
    };
  }
};

ClientOptions WithProbe(ClipProbe probe) {
  ClientOptions o;
  o.clip_probe = std::move(probe);
  return o;
}

ltx::RenderToRealInput Local(const char* path = "shots/blockout.mp4") {
  ltx::RenderToRealInput in;
  in.video_url = File::FromPath(path);
  return in;
}

const Finding* FindingOf(const ValidationReport& report, const std::string& type) {
  for (const Finding& f : report.findings) {
    if (f.error.type == type) return &f;
  }
  return nullptr;
}

// num_frames unset and the clip within the budget: the request takes the clip's length, snapped down.
struct FitCase {
  const char* name;
  std::int64_t clip_frames;
  std::optional<ltx::RenderResolution> resolution;
  int expected_num_frames;
  const char* said;
};

class FitUnsetFrames : public ::testing::TestWithParam<FitCase> {};

TEST_P(FitUnsetFrames, UsesTheClipsLengthSnappedDownAndSaysSo) {
  const FitCase& c = GetParam();
  FakeProbe probe;
  FakeClient f(WithProbe(probe.Answering(Clip(c.clip_frames))));
  ltx::RenderToRealInput in = Local();
  in.resolution = c.resolution;
  const PreparedRequest p = f.client.DryRun(in);
  EXPECT_EQ(*probe.asked, std::vector<std::string>{"shots/blockout.mp4"});
  EXPECT_EQ(nlohmann::json::parse(p.body)["num_frames"], c.expected_num_frames) << p.body;
  EXPECT_FALSE(p.report.HasErrors()) << p.report.ToString();
  const Finding* fit = FindingOf(p.report, "fitted_to_clip");
  ASSERT_NE(fit, nullptr) << p.report.ToString();
  EXPECT_EQ(fit->severity, Severity::kWarning);
  EXPECT_EQ(fit->error.Path(), "num_frames");
  EXPECT_NE(fit->error.msg.find(c.said), std::string::npos) << fit->error.msg;
  ASSERT_TRUE(p.clip);
  EXPECT_EQ(p.clip->frame_count, c.clip_frames);
  EXPECT_TRUE(f.fake->requests().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Clips, FitUnsetFrames,
    ::testing::Values(FitCase{"Exact8kPlus1", 121, std::nullopt, 121,
                              "set to 121 from the clip, 121 frames (5.0 s at 24 fps): the whole clip"},
                      FitCase{"SnappedDown", 100, std::nullopt, 97,
                              "snapped down to 8k+1: its last 3 frames are not rendered"},
                      FitCase{"AtThe720pBudget", 145, ltx::RenderResolution::k720p, 145, "the whole clip"},
                      FitCase{"At480pAFifteenSecondClip", 360, ltx::RenderResolution::k480p, 353,
                              "its last 7 frames are not rendered"},
                      FitCase{"Shortest", 9, std::nullopt, 9, "the whole clip"}),
    [](const ::testing::TestParamInfo<FitCase>& info) { return std::string(info.param.name); });

TEST(FitTheClip, AClipOverTheBudgetSaysHowLongItIsWhatFitsAndHowToAskForIt) {
  FakeProbe probe;
  FakeClient f(WithProbe(probe.Answering(Clip(240))));  // 10 s at 24 fps: over 720p, within 480p
  const PreparedRequest p = f.client.DryRun(Local());
  const Finding* over = FindingOf(p.report, "clip_over_budget");
  ASSERT_NE(over, nullptr) << p.report.ToString();
  EXPECT_EQ(over->severity, Severity::kError);
  const std::string& msg = over->error.msg;
  EXPECT_NE(msg.find("the clip is 240 frames (10 s at 24 fps)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("720p budget of 145 frames (6.0 s at 24 fps)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("at 480p the whole clip fits (resolution=480p, --resolution 480p: num_frames 233"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("--split chained|parallel"), std::string::npos) << msg;
  EXPECT_NE(msg.find("set num_frames to 145 or less"), std::string::npos) << msg;
  // DryRun shows the final body: what kWarn would send.
  EXPECT_EQ(nlohmann::json::parse(p.body)["num_frames"], 145);

  auto job = f.client.Submit(Local());  // Strict: refused, nothing uploaded or sent
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(FitTheClip, AClipOverThe480pBudgetTooOffersOnlyTheSplit) {
  FakeClient f(WithProbe(FakeProbe().Answering(Clip(480))));  // 20 s at 24 fps
  ltx::RenderToRealInput in = Local();
  in.resolution = ltx::RenderResolution::k480p;
  const PreparedRequest prepared = f.client.DryRun(in);  // kept: `over` points into its report
  const Finding* over = FindingOf(prepared.report, "clip_over_budget");
  ASSERT_NE(over, nullptr);
  EXPECT_NE(
      over->error.msg.find("the clip is 480 frames (20 s at 24 fps), over the 480p budget of 361 frames"),
      std::string::npos)
      << over->error.msg;
  EXPECT_EQ(over->error.msg.find("at 480p the whole clip fits"), std::string::npos) << over->error.msg;
  EXPECT_NE(over->error.msg.find("--split"), std::string::npos);
}

TEST(FitTheClip, TheClipsFrameRateIsUsedWhenUnsetAndSaid) {
  FakeClient f(WithProbe(FakeProbe().Answering(Clip(121, 30))));  // 4.0 s at 30 fps
  const PreparedRequest p = f.client.DryRun(Local());
  const nlohmann::json body = nlohmann::json::parse(p.body);
  EXPECT_EQ(body["frames_per_second"], 30.0);
  EXPECT_EQ(body["num_frames"], 121);
  EXPECT_EQ(FindingOf(p.report, "fitted_to_clip")->error.Path(), "frames_per_second");
  EXPECT_FALSE(p.report.HasErrors()) << p.report.ToString();
}

TEST(FitTheClip, ExplicitFieldsAreKeptAndALengthPastTheClipIsAWarning) {
  FakeClient f(WithProbe(FakeProbe().Answering(Clip(100))));
  ltx::RenderToRealInput in = Local();
  in.num_frames = 121;
  in.frames_per_second = 24;
  const PreparedRequest p = f.client.DryRun(in);
  EXPECT_EQ(nlohmann::json::parse(p.body)["num_frames"], 121);
  EXPECT_EQ(FindingOf(p.report, "fitted_to_clip"), nullptr);
  const Finding* longer = FindingOf(p.report, "longer_than_clip");
  ASSERT_NE(longer, nullptr);
  EXPECT_EQ(longer->severity, Severity::kWarning);
  EXPECT_NE(longer->error.msg.find("lower num_frames to 97"), std::string::npos) << longer->error.msg;
}

TEST(FitTheClip, ARemoteVideoIsNotProbedAndNothingChanges) {
  FakeProbe probe;
  FakeClient f(WithProbe(probe.Answering(Clip(100))));
  ltx::RenderToRealInput in;
  in.video_url = "https://example.com/render.mp4";
  const PreparedRequest p = f.client.DryRun(in);
  EXPECT_TRUE(probe.asked->empty());
  EXPECT_FALSE(nlohmann::json::parse(p.body).contains("num_frames"));
  EXPECT_FALSE(p.cost.known);
  EXPECT_NE(p.cost.note.find("not a probed local file"), std::string::npos) << p.cost.note;
}

TEST(FitTheClip, WithoutAProbeALocalClipIsNotReadAndTheCostIsUnknown) {
  FakeClient f;
  const PreparedRequest p = f.client.DryRun(Local());
  EXPECT_FALSE(p.clip);
  EXPECT_FALSE(nlohmann::json::parse(p.body).contains("num_frames"));
  EXPECT_FALSE(p.cost.known);
}

TEST(FitTheClip, AnUnreadableClipIsAClearErrorBeforeAnythingIsSent) {
  ClipProbe failing = [](const std::string& path) -> Result<ClipInfo> {
    return Error(ErrorCode::kInvalidArgument, path + ": moov atom not found (a truncated MP4?)");
  };
  FakeClient f(WithProbe(failing));
  const PreparedRequest p = f.client.DryRun(Local("broken.mp4"));
  const Finding* unreadable = FindingOf(p.report, "clip_unreadable");
  ASSERT_NE(unreadable, nullptr) << p.report.ToString();
  EXPECT_EQ(unreadable->severity, Severity::kError);
  EXPECT_EQ(unreadable->error.Path(), "video_url");
  EXPECT_NE(unreadable->error.msg.find("cannot read the clip broken.mp4 (broken.mp4: moov atom not found"),
            std::string::npos)
      << unreadable->error.msg;
  auto job = f.client.Submit(Local("broken.mp4"));
  ASSERT_FALSE(job.ok());
  EXPECT_NE(job.error().ToString().find("cannot read the clip"), std::string::npos) << job.error().ToString();
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(CostInDryRun, TheProbedClipGivesFalsExample) {
  FakeClient f(WithProbe(FakeProbe().Answering(Clip(121, 24, 1280, 720))));
  const PreparedRequest p = f.client.DryRun(Local());
  ASSERT_TRUE(p.cost.known) << p.cost.note;
  EXPECT_EQ(p.cost.megapixels, 112);
  EXPECT_NEAR(p.cost.usd, 0.26964, 1e-9);
  EXPECT_EQ(ltx::FormatUsd(p.cost.usd), "$0.2696");
}

TEST(CostInDryRun, TheClientsPriceTableIsUsed) {
  ClientOptions o = WithProbe(FakeProbe().Answering(Clip(121)));
  o.prices.Set("fal-ai/ltx-2.3-quality/render-to-real", 0.001, "2027-01-01");
  FakeClient f(o);
  const PreparedRequest p = f.client.DryRun(Local());
  EXPECT_NEAR(p.cost.usd, 0.112, 1e-12);
  EXPECT_EQ(p.cost.price_as_of, "2027-01-01");
}

TEST(CostGuard, StrictRefusesAboveTheLimitBeforeAnyUploadOrSubmit) {
  FakeClient f(WithProbe(FakeProbe().Answering(Clip(121))));
  SubmitOptions options;
  options.max_cost_usd = 0.25;  // the request is $0.2696
  auto job = f.client.Submit(Local(), options);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(job.error().field_errors().size(), 1u);
  EXPECT_EQ(job.error().field_errors()[0].type, "cost_limit");
  EXPECT_NE(job.error().message().find("$0.2696"), std::string::npos) << job.error().message();
  EXPECT_TRUE(f.fake->requests().empty()) << "no upload, no submit";

  ClientOptions client_limit = WithProbe(FakeProbe().Answering(Clip(121)));
  client_limit.max_cost_usd = 0.10;  // the client's limit applies when the call sets none
  FakeClient g(client_limit);
  EXPECT_FALSE(g.client.Submit(Local()).ok());
  EXPECT_NE(FindingOf(g.client.DryRun(Local()).report, "cost_limit"), nullptr);
  SubmitOptions raised;
  raised.max_cost_usd = 1.0;  // the call's limit wins
  EXPECT_EQ(FindingOf(g.client.DryRun(Local(), raised).report, "cost_limit"), nullptr);
  EXPECT_TRUE(g.fake->requests().empty());
}

TEST(CostGuard, SubmitAsyncRefusesTooBeforeAnyUploadOrSubmit) {
  FakeClient f(WithProbe(FakeProbe().Answering(Clip(121))));
  SubmitOptions options;
  options.max_cost_usd = 0.25;
  std::optional<Result<TypedJob<ltx::RenderToRealOutput>>> got;
  f.client.SubmitAsync(Local(), options, [&](Result<TypedJob<ltx::RenderToRealOutput>> job) { got = job; });
  ASSERT_TRUE(got) << "a Strict refusal calls back at once, on this thread";
  ASSERT_FALSE(got->ok());
  EXPECT_EQ(got->error().field_errors().at(0).type, "cost_limit");
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(FitTheClip, SubmitAsyncReadsTheClipAsSubmitDoes) {
  FakeProbe probe;
  FakeClient f(WithProbe(probe.Answering(Clip(240))));  // over the 720p budget
  std::optional<Result<TypedJob<ltx::RenderToRealOutput>>> got;
  f.client.SubmitAsync(Local(), {}, [&](Result<TypedJob<ltx::RenderToRealOutput>> job) { got = job; });
  EXPECT_EQ(probe.asked->size(), 1u);
  ASSERT_TRUE(got);
  ASSERT_FALSE(got->ok());
  EXPECT_EQ(got->error().field_errors().at(0).type, "clip_over_budget");
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(CostGuard, AnUnknownCostIsRefusedUnderALimitAndNotGuessed) {
  FakeClient f;
  ltx::RenderToRealInput in;
  in.video_url = "https://example.com/render.mp4";  // its aspect cannot be known
  SubmitOptions options;
  options.max_cost_usd = 100;
  auto job = f.client.Submit(in, options);
  ASSERT_FALSE(job.ok());
  EXPECT_NE(job.error().ToString().find("cannot be estimated"), std::string::npos) << job.error().ToString();
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(CostGuard, WarnLogsTheFindingAndSends) {
  std::vector<std::string> warnings;
  FakeClient f(test::WarnModeLoggingTo(warnings));
  f.fake->EnqueueResponse(200, R"({"request_id":"r1"})");
  ltx::RenderToRealInput in;
  in.video_url = "https://example.com/render.mp4";
  in.resolution = ltx::RenderResolution::k480p;
  SubmitOptions options;
  options.max_cost_usd = 0.01;
  auto job = f.client.Submit(in, options);
  ASSERT_TRUE(job.ok()) << job.error().ToString();
  EXPECT_EQ(f.fake->requests().size(), 1u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("cost limit of $0.0100 (max_cost_usd)"), std::string::npos) << warnings[0];
}

}  // namespace
}  // namespace fal
