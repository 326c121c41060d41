// The engine under load against fal-emulator: many jobs on two threads, callbacks ordered and serial per
// job, cancellation at every stage, and no callback after the client is gone.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "fal/client.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "support/emulator_process.hpp"
#include "support/job_state_order.hpp"
#include "support/sanitizer_slack.hpp"

namespace fal {
namespace {

using std::chrono::milliseconds;
using test_support::EmulatorProcess;

ClientOptions OptionsFor(const EmulatorProcess& emulator) {
  ClientOptions o;
  o.use_environment = false;
  o.base_url = emulator.base_url();
  o.engine_threads = 2;
  return o;
}

ltx::RenderToRealInput Render() {
  ltx::RenderToRealInput in;
  in.video_url = "https://example.com/blockout.mp4";
  in.resolution = ltx::RenderResolution::k480p;
  return in;
}

class Engine : public ::testing::TestWithParam<WaitMode> {};

TEST_P(Engine, ManyJobsOnTwoThreadsWithOrderedSerialCallbacks) {
  EmulatorProcess emulator(
      {"--workers", "16", "--queue-ms", "50", "--run-ms", "200", "--log-every-ms", "40"});
  Client client(OptionsFor(emulator));
  constexpr int kJobs = 120;
  struct PerJob {
    std::atomic<bool> inside{false};
    std::atomic<bool> overlapped{false};
    std::vector<int> ranks;
    std::size_t last_logs = 0;
    bool logs_shrank = false;
  };
  std::vector<PerJob> per(kJobs);
  std::mutex mu;
  std::condition_variable cv;
  int done = 0, ok = 0;
  for (int i = 0; i < kJobs; ++i) {
    WaitOptions w;
    w.mode = GetParam();
    w.poll_interval = milliseconds(30);
    w.with_logs = true;
    w.on_update = [&per, i](const JobStatus& s) {
      PerJob& p = per[static_cast<std::size_t>(i)];
      if (p.inside.exchange(true)) p.overlapped = true;
      p.ranks.push_back(test_support::StateRank(s.state));
      if (s.logs.size() < p.last_logs) p.logs_shrank = true;
      p.last_logs = s.logs.size();
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      p.inside = false;
    };
    client.SubmitAsync(Render(), SubmitOptions{}, [&, w](Result<TypedJob<ltx::RenderToRealOutput>> job) {
      auto finish = [&](bool success) {
        std::lock_guard<std::mutex> lock(mu);
        ++done;
        ok += success;
        cv.notify_all();
      };
      if (!job) return finish(false);
      job->WaitAsync(
          w, [finish](Result<ltx::RenderToRealOutput> out) { finish(out.ok() && !out->video.url.empty()); });
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(60), [&] { return done == kJobs; }));
  EXPECT_EQ(ok, kJobs);
  for (int i = 0; i < kJobs; ++i) {
    const PerJob& p = per[static_cast<std::size_t>(i)];
    EXPECT_FALSE(p.overlapped) << i;
    EXPECT_FALSE(p.logs_shrank) << i;
    ASSERT_FALSE(p.ranks.empty()) << i;
    EXPECT_EQ(p.ranks.back(), 2) << i;
    for (std::size_t k = 1; k < p.ranks.size(); ++k) EXPECT_LE(p.ranks[k - 1], p.ranks[k]) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, Engine, ::testing::Values(WaitMode::kStreaming, WaitMode::kPolling),
                         [](const auto& info) {
                           return info.param == WaitMode::kStreaming ? "Streaming" : "Polling";
                         });

TEST(EngineLifetime, NoCallbackAfterTheClientIsGone) {
  EmulatorProcess emulator({"--queue-ms", "10", "--run-ms", "60000"});
  std::atomic<bool> destroyed{false};
  std::atomic<int> late{0}, cancelled{0}, waiting{0};
  constexpr int kJobs = 20;
  {
    Client client(OptionsFor(emulator));
    std::vector<std::atomic<bool>> seen(kJobs);
    for (int i = 0; i < kJobs; ++i) {
      auto job = client.Submit(Render());
      ASSERT_TRUE(job.ok()) << job.error().ToString();
      WaitOptions w;
      w.mode = i % 2 == 0 ? WaitMode::kStreaming : WaitMode::kPolling;
      w.on_update = [&, i](const JobStatus&) {
        late += destroyed.load();
        if (!seen[static_cast<std::size_t>(i)].exchange(true)) ++waiting;
      };
      job->WaitAsync(w, [&](Result<ltx::RenderToRealOutput> out) {
        late += destroyed.load();
        cancelled += !out.ok() && out.error().code() == ErrorCode::kCancelled;
      });
    }
    // Every wait has had an answer from the server: all of them are in flight, each in its own state.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (waiting.load() < kJobs && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    ASSERT_EQ(waiting.load(), kJobs);
  }  // the last handle: cancels everything in flight and joins the engine's threads
  destroyed = true;
  // The engine's threads are joined: a callback still to come would have had no thread to run on.
  EXPECT_EQ(cancelled.load(), kJobs);
  EXPECT_EQ(late.load(), 0);
}

// Cancelling at each stage of a typed subscribe ends it promptly with kCancelled.
TEST(EngineCancel, AtEveryStage) {
  // Stages: during a submit stalled by the server, during the wait (queued and running), and during a
  // result fetch stalled by the server. Each cancel fires when its stage is reached: the server has the
  // request (route), or the wait reported the state.
  struct Stage {
    const char* name;
    std::vector<std::string> args;
    const char* route;
    std::optional<JobState> state;
  };
  const Stage stages[] = {
      {"submit", {"--faults", "submit:stall=60000"}, "submit", std::nullopt},
      {"queued", {"--workers", "1", "--queue-ms", "60000"}, nullptr, JobState::kInQueue},
      {"running", {"--queue-ms", "10", "--run-ms", "60000"}, nullptr, JobState::kInProgress},
      {"result",
       {"--queue-ms", "10", "--run-ms", "10", "--faults", "result:stall=60000"},
       "result",
       std::nullopt},
  };
  for (const Stage& stage : stages) {
    EmulatorProcess emulator(stage.args);
    Client client(OptionsFor(emulator));
    CancellationSource cancel;
    std::mutex mu;
    std::optional<std::chrono::steady_clock::time_point> cancelled_at;
    auto cancel_now = [&] {
      std::lock_guard<std::mutex> lock(mu);
      if (cancelled_at) return;
      cancelled_at = std::chrono::steady_clock::now();
      cancel.Cancel();
    };
    SubscribeOptions o;
    o.submit.call.cancel = cancel.Token();
    o.wait.cancel = cancel.Token();
    if (stage.state) {
      o.wait.on_update = [&, want = *stage.state](const JobStatus& s) {
        if (s.state == want) cancel_now();
      };
    }
    std::thread canceller([&] {
      if (stage.route != nullptr && emulator.WaitForRequests(stage.route, 1)) cancel_now();
    });
    auto out = client.Subscribe(Render(), o);
    const auto ended = std::chrono::steady_clock::now();
    canceller.join();
    ASSERT_FALSE(out.ok()) << stage.name;
    ASSERT_TRUE(cancelled_at) << stage.name << ": ended before its stage was reached";
    ErrorCode code = out.error().code();
    // A submit cancelled after its request went out may have created the job: that is reported as such.
    if (std::string(stage.name) == "submit") {
      EXPECT_EQ(code, ErrorCode::kAmbiguousSubmit) << out.error().ToString();
    } else {
      EXPECT_EQ(code, ErrorCode::kCancelled) << stage.name << ": " << out.error().ToString();
    }
    // Promptly: the server would have held each stage for a minute.
    EXPECT_LT(ended - *cancelled_at, milliseconds(test_support::Slack(2000))) << stage.name;
  }
}

}  // namespace
}  // namespace fal
