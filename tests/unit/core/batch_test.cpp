// RunBatch: bounded concurrency, results as they complete, failures, cancellation; thousands of fake jobs.
#include "fal/batch.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "fake_client.hpp"
#include "fal/ltx/render_to_real.hpp"

namespace fal {
namespace {

using std::chrono::milliseconds;

// A fake fal: each job needs `polls` status polls to complete; jobs whose video_url contains "fail" fail.
class FakeFal {
 public:
  explicit FakeFal(int polls) : polls_(polls) {}

  http::Outcome Handle(const http::Request& r) {
    std::lock_guard<std::mutex> lock(mu_);
    if (r.method == http::Method::kPost) {
      std::string id = "job-" + std::to_string(next_++);
      failing_[id] = r.body.find("fail") != std::string::npos;
      polls_left_[id] = polls_;
      ++in_flight_;
      peak_ = std::max(peak_, in_flight_);
      return Ok(200, R"({"request_id":")" + id + R"("})");
    }
    std::string id = IdOf(r.url);
    if (r.url.find("/status") != std::string::npos) {
      if (--polls_left_[id] > 0) return Ok(202, R"({"status":"IN_PROGRESS"})");
      if (failing_[id])
        return Ok(200, R"({"status":"COMPLETED","error":"boom","error_type":"runner_server_error"})");
      return Ok(200, R"({"status":"COMPLETED"})");
    }
    --in_flight_;
    if (failing_[id]) return Ok(500, R"({"detail":"boom"})");
    return Ok(200, R"({"video":{"url":"https://cdn/)" + id + R"(.mp4"},"prompt":"3DREAL. "})");
  }

  int peak() {
    std::lock_guard<std::mutex> lock(mu_);
    return peak_;
  }
  int submitted() {
    std::lock_guard<std::mutex> lock(mu_);
    return next_;
  }

 private:
  static http::Outcome Ok(int status, std::string body) {
    return http::Outcome::Of(http::Response{status, {}, std::move(body)});
  }
  static std::string IdOf(const std::string& url) {
    auto at = url.find("/requests/") + 10;
    return url.substr(at, url.find_first_of("/?", at) - at);
  }
  std::mutex mu_;
  int polls_;
  int next_ = 0, in_flight_ = 0, peak_ = 0;
  std::map<std::string, int> polls_left_;
  std::map<std::string, bool> failing_;
};

std::vector<ltx::RenderToRealInput> Inputs(int n, int fail_every = 0) {
  std::vector<ltx::RenderToRealInput> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    bool fail = fail_every > 0 && i % fail_every == fail_every - 1;
    v[static_cast<std::size_t>(i)].video_url =
        std::string("https://example.com/") + (fail ? "fail" : "ok") + std::to_string(i) + ".mp4";
  }
  return v;
}

// The options of a client whose fake clock Drive() runs. Drive() advances that clock as fast as it can:
// on a loaded machine one call can see minutes of fake time pass before its answer is read, which the
// default control-call budget (2 min) would turn into a failed job (CI saw OneFailureDoesNotStopTheRest
// count a sixth failure that way). These tests are about the batch, not about call budgets.
ClientOptions DrivenOptions() {
  ClientOptions options;
  options.control_call_timeout = std::chrono::hours(24);
  return options;
}

// Runs RunBatch on a thread while this thread drives the fake's virtual clock.
template <class F>
auto Drive(test::FakeClient& f, F run) {
  f.fake->SetAutoAdvance(false);
  std::atomic<bool> done{false};
  decltype(run()) result;
  std::thread t([&] {
    result = run();
    done = true;
  });
  while (!done) {
    f.fake->Advance(milliseconds(250));
    std::this_thread::yield();
  }
  t.join();
  return result;
}

BatchOptions Polling(std::size_t k) {
  BatchOptions o;
  o.max_in_flight = k;
  o.wait.mode = WaitMode::kPolling;
  return o;
}

TEST(RunBatch, ThousandsOfJobsNeverMoreThanKInFlight) {
  test::FakeClient f(DrivenOptions());
  FakeFal fal(3);
  f.fake->SetHandler([&](const http::Request& r) { return fal.Handle(r); });
  std::atomic<int> callbacks{0};
  auto batch = Drive(f, [&] {
    return RunBatch(f.client, Inputs(2000), Polling(300), [&](std::size_t, const auto&) { ++callbacks; });
  });
  EXPECT_EQ(batch.succeeded, 2000u);
  EXPECT_EQ(batch.failed, 0u);
  EXPECT_EQ(callbacks.load(), 2000);
  EXPECT_LE(fal.peak(), 300);
  EXPECT_GT(fal.peak(), 1);
  for (std::size_t i = 0; i < batch.results.size(); ++i) {
    ASSERT_TRUE(batch.results[i] && batch.results[i]->ok()) << i;
  }
}

TEST(RunBatch, OneFailureDoesNotStopTheRest) {
  test::FakeClient f(DrivenOptions());
  FakeFal fal(2);
  f.fake->SetHandler([&](const http::Request& r) { return fal.Handle(r); });
  auto batch = Drive(f, [&] { return RunBatch(f.client, Inputs(50, 10), Polling(8)); });
  EXPECT_EQ(batch.failed, 5u);
  EXPECT_EQ(batch.succeeded, 45u);
  EXPECT_EQ(batch.results[9]->error().code(), ErrorCode::kJobFailed);
}

TEST(RunBatch, StopOnFailureStartsNoMore) {
  test::FakeClient f(DrivenOptions());
  FakeFal fal(2);
  f.fake->SetHandler([&](const http::Request& r) { return fal.Handle(r); });
  BatchOptions o = Polling(1);
  o.stop_on_failure = true;
  auto batch = Drive(f, [&] { return RunBatch(f.client, Inputs(20, 3), o); });
  EXPECT_EQ(batch.succeeded, 2u);
  EXPECT_EQ(batch.failed, 1u);
  EXPECT_EQ(batch.not_started, 17u);
  EXPECT_FALSE(batch.results[3].has_value());
  EXPECT_EQ(fal.submitted(), 3);
}

TEST(RunBatch, InvalidInputsFailLocallyAndOthersRun) {
  test::FakeClient f(DrivenOptions());
  FakeFal fal(1);
  f.fake->SetHandler([&](const http::Request& r) { return fal.Handle(r); });
  auto inputs = Inputs(4);
  inputs[1].num_frames = 1000;
  auto batch = Drive(f, [&] { return RunBatch(f.client, inputs, Polling(2)); });
  EXPECT_EQ(batch.succeeded, 3u);
  EXPECT_EQ(batch.results[1]->error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(fal.submitted(), 3);
}

TEST(RunBatch, CancelStopsWaitsAndStartsNoMore) {
  test::FakeClient f(DrivenOptions());
  FakeFal fal(1000000);  // never completes
  f.fake->SetHandler([&](const http::Request& r) { return fal.Handle(r); });
  CancellationSource cancel;
  BatchOptions o = Polling(4);
  o.cancel = cancel.Token();
  std::atomic<int> finished{0};
  f.fake->SetAutoAdvance(false);
  std::thread canceller([&] {
    while (fal.submitted() < 4) std::this_thread::yield();
    cancel.Cancel();
  });
  auto batch = Drive(
      f, [&] { return RunBatch(f.client, Inputs(10), o, [&](std::size_t, const auto&) { ++finished; }); });
  canceller.join();
  EXPECT_EQ(batch.succeeded, 0u);
  EXPECT_EQ(batch.failed, 4u);
  EXPECT_EQ(batch.not_started, 6u);
  EXPECT_EQ(batch.results[0]->error().code(), ErrorCode::kCancelled);
}

}  // namespace
}  // namespace fal
