// falcpp end to end against fal-emulator on loopback: typed submits, streaming and polling waits, server
// rejections, cancel, auth, resume, and no credentials on storage routes.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "fal/client.hpp"
#include "fal/ltx/reference_video_to_video.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "fal/ltx/text_to_video.hpp"
#include "support/emulator_process.hpp"

namespace fal {
namespace {

using std::chrono::milliseconds;
using test_support::EmulatorProcess;

Client ClientFor(const EmulatorProcess& emulator, const std::string& key = "", ClientOptions o = {}) {
  o.use_environment = false;
  o.base_url = emulator.base_url();
  o.credentials = Credentials(key);
  return Client(o);
}

nlohmann::json Stats(const EmulatorProcess& emulator) {
  httplib::Client http(emulator.base_url());
  auto res = http.Get("/_emulator/stats");
  return res ? nlohmann::json::parse(res->body) : nlohmann::json();
}

ltx::RenderToRealInput Render() {
  ltx::RenderToRealInput in;
  in.video_url = "https://example.com/blockout.mp4";
  in.prompt = "a wet street at dusk";
  in.resolution = ltx::RenderResolution::k480p;
  in.num_frames = 241;
  return in;
}

class QueueEndToEnd : public ::testing::TestWithParam<WaitMode> {};

TEST_P(QueueEndToEnd, RenderToRealFromSubmitToTypedOutput) {
  EmulatorProcess emulator({"--queue-ms", "100", "--run-ms", "300", "--log-every-ms", "50"});
  Client client = ClientFor(emulator);
  std::vector<JobStatus> updates;
  std::string enqueued;
  SubscribeOptions o;
  o.on_enqueue = [&](const std::string& id) { enqueued = id; };
  o.wait.mode = GetParam();
  o.wait.poll_interval = milliseconds(50);
  o.wait.with_logs = true;
  o.wait.on_update = [&](const JobStatus& s) { updates.push_back(s); };
  Result<ltx::RenderToRealOutput> out = client.Subscribe(Render(), o);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_FALSE(enqueued.empty());
  EXPECT_EQ(out->prompt.rfind("3DREAL", 0), 0u) << out->prompt;
  EXPECT_EQ(out->video.url.rfind(emulator.base_url(), 0), 0u) << out->video.url;
  EXPECT_EQ(out->video.content_type, "video/mp4");
  ASSERT_FALSE(updates.empty());
  EXPECT_EQ(updates.back().state, JobState::kCompleted);
  EXPECT_FALSE(updates.back().logs.empty());
  bool saw_progress = false;
  for (const auto& u : updates) saw_progress |= u.state == JobState::kInProgress;
  EXPECT_TRUE(saw_progress);
  auto stats = Stats(emulator);
  EXPECT_EQ(stats["jobs_completed"], 1);
  EXPECT_EQ(stats["authorization_on_storage"], 0);
}

INSTANTIATE_TEST_SUITE_P(Modes, QueueEndToEnd, ::testing::Values(WaitMode::kStreaming, WaitMode::kPolling),
                         [](const auto& info) {
                           return info.param == WaitMode::kStreaming ? "Streaming" : "Polling";
                         });

TEST(QueueEndToEnd2, ServerBudgetRejectionIsAJobFailureWithFieldErrors) {
  EmulatorProcess emulator({"--queue-ms", "10", "--run-ms", "10"});
  Client client = ClientFor(emulator);
  ltx::RenderToRealInput in = Render();
  in.resolution = ltx::RenderResolution::k720p;
  in.num_frames = 200;  // over the 720p budget: the emulator answers as fal does, after queueing
  SubscribeOptions o;
  o.submit.validation = ValidationMode::kOff;
  auto out = client.Subscribe(in, o);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kJobFailed);
  EXPECT_EQ(out.error().http_status(), 422);
  ASSERT_FALSE(out.error().field_errors().empty());
  EXPECT_EQ(out.error().field_errors()[0].Path(), "num_frames");
  // Strict mode (the default) stops the same request before it costs a queue slot.
  auto local = client.Subscribe(in);
  ASSERT_FALSE(local.ok());
  EXPECT_EQ(local.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Stats(emulator)["jobs_created"], 1);
}

TEST(QueueEndToEnd2, CancelAQueuedJob) {
  EmulatorProcess emulator({"--workers", "1", "--queue-ms", "10", "--run-ms", "5000"});
  Client client = ClientFor(emulator);
  auto first = client.Submit(Render()).value();
  auto second = client.Submit(Render()).value();
  auto status = second.Status().value();
  EXPECT_EQ(status.state, JobState::kInQueue);
  EXPECT_EQ(second.Cancel().value(), CancelOutcome::kCancellationRequested);
  auto waited = second.Wait();
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code(), ErrorCode::kCancelled) << waited.error().ToString();
  EXPECT_EQ(first.Cancel().value(), CancelOutcome::kCancellationRequested);
}

TEST(QueueEndToEnd2, WaitTimeoutCancelsTheJob) {
  EmulatorProcess emulator({"--queue-ms", "10", "--run-ms", "10000"});
  Client client = ClientFor(emulator);
  auto job = client.Submit(Render()).value();
  WaitOptions w;
  w.timeout = milliseconds(300);
  auto out = job.Wait(w);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(Stats(emulator)["jobs_cancelled"], 1);
}

TEST(QueueEndToEnd2, ApiKeyIsRequiredAndChecked) {
  EmulatorProcess emulator({"--api-key", "right-key", "--queue-ms", "10", "--run-ms", "10"});
  auto none = ClientFor(emulator).Submit(Render());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), ErrorCode::kUnauthenticated);
  auto wrong = ClientFor(emulator, "wrong-key").Submit(Render());
  EXPECT_EQ(wrong.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message().find("wrong-key"), std::string::npos);
  auto right = ClientFor(emulator, "right-key").Subscribe(Render());
  EXPECT_TRUE(right.ok()) << right.error().ToString();
}

TEST(QueueEndToEnd2, ResumeFromTheRequestIdInAnotherClient) {
  EmulatorProcess emulator({"--queue-ms", "10", "--run-ms", "100"});
  std::string id;
  {
    Client first = ClientFor(emulator);
    id = first.Submit(Render()).value().request_id();
  }
  Client second = ClientFor(emulator);
  auto job = second.Job<ltx::RenderToRealInput>(id).value();
  auto out = job.Wait();
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_FALSE(out->video.url.empty());
}

TEST(QueueEndToEnd2, TextToVideoOutputsAVideoFileWithDimensions) {
  EmulatorProcess emulator({"--queue-ms", "10", "--run-ms", "50"});
  Client client = ClientFor(emulator);
  ltx::TextToVideoLoraInput in;
  in.prompt = "a cowboy walking through a dusty town";
  in.loras = {ltx::LoraInput{"", 1.0, std::nullopt, std::nullopt}};
  auto out = client.Subscribe(in);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_TRUE(out->video.width.has_value());
  EXPECT_TRUE(out->video.num_frames.has_value());
}

TEST(QueueEndToEnd2, UnknownEndpointIsNotFound) {
  EmulatorProcess emulator;
  auto job = ClientFor(emulator).Submit("fal-ai/does-not-exist", "{}");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace fal
