// Typed submits through the client: finalize, validate per mode, serialize, parse the typed output.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_client.hpp"
#include "fal/ltx/render_to_real.hpp"

namespace fal {
namespace {

using test::FakeClient;

ltx::RenderToRealInput OverBudget() {
  ltx::RenderToRealInput in;
  in.video_url = "https://example.com/render.mp4";
  in.resolution = ltx::RenderResolution::k720p;
  in.num_frames = 200;
  return in;
}

TEST(TypedSubmit, StrictRejectsBeforeAnythingIsSent) {
  FakeClient f;
  auto job = f.client.Submit(OverBudget());
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_FALSE(job.error().field_errors().empty());
  EXPECT_EQ(job.error().field_errors()[0].Path(), "num_frames");
  EXPECT_NE(job.error().message().find("720p budget of 145 frames"), std::string::npos)
      << job.error().message();
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(TypedSubmit, WarnLogsAndSendsOffSendsSilently) {
  std::vector<std::string> warnings;
  FakeClient f(test::WarnModeLoggingTo(warnings));
  f.fake->EnqueueResponse(200, R"({"request_id":"r1"})");
  ASSERT_TRUE(f.client.Submit(OverBudget()).ok());
  EXPECT_EQ(f.fake->requests().size(), 1u);
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings[0].find("num_frames"), std::string::npos);

  warnings.clear();
  f.fake->EnqueueResponse(200, R"({"request_id":"r2"})");
  SubmitOptions off;
  off.validation = ValidationMode::kOff;
  ASSERT_TRUE(f.client.Submit(OverBudget(), off).ok());
  EXPECT_TRUE(warnings.empty());
  EXPECT_EQ(nlohmann::json::parse(f.fake->requests().at(1).body)["num_frames"], 200);
}

// Without a log sink, a caller still sees every finding that did not stop the submit: on the job, and
// through on_warning (the way for Subscribe).
TEST(TypedSubmit, WarningsReachTheCallerWithoutALogSink) {
  FakeClient f;  // no ClientOptions::log
  ltx::RenderToRealInput in = OverBudget();
  in.resolution = ltx::RenderResolution::k480p;  // within budget, but 200 is not 8k+1: a warning
  f.fake->EnqueueResponse(200, R"({"request_id":"r1"})");
  std::vector<FieldError> seen;
  SubmitOptions options;
  options.on_warning = [&](const FieldError& w) { seen.push_back(w); };
  auto job = f.client.Submit(in, options);
  ASSERT_TRUE(job.ok()) << job.error().ToString();
  ASSERT_EQ(job->warnings().size(), 1u);
  EXPECT_EQ(job->warnings()[0].Path(), "num_frames");
  EXPECT_EQ(seen, job->warnings());

  seen.clear();
  f.fake->EnqueueResponse(200, R"({"request_id":"r2"})");
  f.fake->EnqueueResponse(200, R"({"status":"COMPLETED"})");
  f.fake->EnqueueResponse(200, R"({"video":{"url":"https://cdn/v.mp4"},"seed":1,"prompt":"3DREAL. x"})");
  SubscribeOptions subscribe;
  subscribe.submit.on_warning = [&](const FieldError& w) { seen.push_back(w); };
  subscribe.wait.mode = WaitMode::kPolling;
  auto out = f.client.Subscribe(in, subscribe);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].Path(), "num_frames");

  seen.clear();
  auto refused = f.client.Submit(OverBudget(), options);  // strict: errors refuse, they are not warnings
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(seen.size(), 1u) << "the 8k+1 warning, not the budget error";
}

TEST(TypedSubmit, TriggerIsGuaranteedAndUnsetFieldsAreOmitted) {
  FakeClient f;
  f.fake->EnqueueResponse(200, R"({"request_id":"r1"})");
  ltx::RenderToRealInput in;
  in.video_url = "https://example.com/render.mp4";
  in.prompt = "a rainy street at night";
  auto job = f.client.Submit(in);
  ASSERT_TRUE(job.ok()) << job.error().ToString();
  auto body = nlohmann::json::parse(f.fake->requests().at(0).body);
  EXPECT_EQ(body, (nlohmann::json{{"video_url", "https://example.com/render.mp4"},
                                  {"prompt", "3DREAL. a rainy street at night"}}));
  EXPECT_EQ(f.fake->requests().at(0).url, "https://queue.fal.run/fal-ai/ltx-2.3-quality/render-to-real");
}

TEST(TypedSubmit, ResultIsTyped) {
  FakeClient f;
  f.fake->EnqueueResponse(200, R"({"request_id":"r1"})");
  f.fake->EnqueueResponse(200, R"({"status":"COMPLETED"})");
  f.fake->EnqueueResponse(
      200,
      R"({"video":{"url":"https://cdn/v.mp4","content_type":"video/mp4","file_size":12},"seed":5,"prompt":"3DREAL. x"})");
  ltx::RenderToRealInput in;
  in.video_url = "https://example.com/render.mp4";
  SubscribeOptions o;
  o.wait.mode = WaitMode::kPolling;
  std::string enqueued;
  o.on_enqueue = [&](const std::string& id) { enqueued = id; };
  Result<ltx::RenderToRealOutput> out = f.client.Subscribe(in, o);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(enqueued, "r1");
  EXPECT_EQ(out->video.url, "https://cdn/v.mp4");
  EXPECT_EQ(out->video.file_size, 12);
  EXPECT_EQ(out->seed, 5);
  EXPECT_EQ(out->prompt, "3DREAL. x");
}

TEST(TypedSubmit, UnparseableOutputIsMalformedWithRequestId) {
  FakeClient f;
  auto job = f.client.Job<ltx::RenderToRealInput>("r9").value();
  f.fake->EnqueueResponse(200, R"({"no_video":true})");
  auto out = job.FetchResult();
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kMalformedResponse);
  EXPECT_EQ(out.error().request_id(), "r9");
}

TEST(DryRun, ShowsTheExactBodyAndFindingsWithoutSending) {
  FakeClient f;
  PreparedRequest p = f.client.DryRun(OverBudget());
  EXPECT_EQ(p.endpoint_id, "fal-ai/ltx-2.3-quality/render-to-real");
  EXPECT_EQ(nlohmann::json::parse(p.body)["prompt"], "3DREAL. ");
  EXPECT_TRUE(p.report.HasErrors());
  EXPECT_TRUE(f.fake->requests().empty());
}

}  // namespace
}  // namespace fal
