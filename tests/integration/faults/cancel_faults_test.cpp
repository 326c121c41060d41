// Fault matrix, cancel races (docs/reliability.md, fault matrix row 24): fal's cancel answers map to the
// right outcome, and a caller's cancellation ends a call promptly wherever it is: in flight, in a retry's
// backoff sleep, or in a wait.
#include <algorithm>
#include <functional>
#include <future>
#include <thread>

#include "fault_fixture.hpp"

namespace fal::faults {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr char kBody[] = R"({"video_url":"https://example.com/v.mp4","prompt":"cancel race"})";

class CancelFaults : public FaultTest {};

// Runs `call` on another thread, cancels it once `reached()` says the call got to the stage under test
// (a request the server holds, a backoff sleep, a wait), and measures how long the call took to return
// after the cancel. Waiting on the stage, not a guessed time, makes the cancel hit it at any speed.
template <class Call>
milliseconds CancelLatency(Call call, const std::function<bool()>& reached) {
  CancellationSource source;
  auto result = std::async(std::launch::async, [&] { return call(source.Token()); });
  const auto deadline = Clock::now() + milliseconds(Slack(10000));
  bool there = reached();
  while (!there && Clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(2));  // the poll interval of the check: the check orders
    there = reached();
  }
  EXPECT_TRUE(there) << "the call never reached the stage under test";
  auto cancelled_at = Clock::now();
  source.Cancel();
  auto r = result.get();
  auto latency = std::chrono::duration_cast<milliseconds>(Clock::now() - cancelled_at);
  EXPECT_FALSE(r.ok());
  if (!r.ok()) {
    EXPECT_EQ(r.error().code(), ErrorCode::kCancelled) << r.error().ToString();
  }
  return latency;
}

void ExpectPrompt(const std::string& what, std::vector<milliseconds> latencies) {
  std::sort(latencies.begin(), latencies.end());
  std::cout << "[figures] cancel " << what << ": p50 " << latencies[latencies.size() / 2].count()
            << " ms, max " << latencies.back().count() << " ms over " << latencies.size() << std::endl;
  EXPECT_LT(latencies.back().count(), Slack(200)) << what;
}

TEST_F(CancelFaults, CancelWhileQueuedEndsTheJobAsCancelled) {
  Start({"--queue-ms", "3000"});
  auto job = client().Submit(kRender, kBody);
  ASSERT_TRUE(job.ok()) << job.error().ToString();
  auto outcome = job->Cancel();
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_EQ(*outcome, CancelOutcome::kCancellationRequested);
  WaitOptions w;
  w.timeout = std::chrono::seconds(5);
  auto out = job->Wait(w);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kCancelled) << out.error().ToString();
  EXPECT_EQ(out.error().error_type(), "client_cancelled");
  EXPECT_EQ(control().WaitForStat("jobs_cancelled", 1)["jobs_cancelled"], 1);
}

TEST_F(CancelFaults, CancelAfterCompletionIsAlreadyCompleted) {
  Start();
  auto job = client().Submit(kRender, kBody);
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(job->Wait().ok());
  auto outcome = job->Cancel();
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_EQ(*outcome, CancelOutcome::kAlreadyCompleted);
  auto unknown = client().Job(kRender, "00000000-0000-0000-0000-000000000000").value().Cancel();
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(*unknown, CancelOutcome::kNotFound);
}

// A cancel that fails transiently is retried like any idempotent call.
TEST_F(CancelFaults, CancelIsRetriedOnTransientFailures) {
  Start({"--queue-ms", "3000"});
  auto job = client().Submit(kRender, kBody);
  ASSERT_TRUE(job.ok());
  control().SetFaults("cancel:503x2");
  auto outcome = job->Cancel();
  ASSERT_TRUE(outcome.ok()) << outcome.error().ToString();
  EXPECT_EQ(*outcome, CancelOutcome::kCancellationRequested);
  EXPECT_EQ(log().Retries("cancel"), 2u);
}

TEST_F(CancelFaults, ACallerCancelEndsAnInFlightCallPromptly) {
  Start();
  auto job = client().Submit(kRender, kBody);
  ASSERT_TRUE(job.ok());
  control().SetFaults("status:stall=5000@1; result:stall=5000@1");
  std::vector<milliseconds> latencies;
  for (int i = 0; i < 5; ++i) {
    const std::uint64_t before = Requests("status");
    latencies.push_back(CancelLatency(
        [&](CancellationToken token) {
          CallOptions call;
          call.cancel = token;
          return job->Status(fal::Logs::kOmit, call);
        },
        [&, before] { return Requests("status") > before; }));  // held by the server
  }
  ExpectPrompt("in flight", latencies);
}

TEST_F(CancelFaults, ACallerCancelEndsABackoffSleepPromptly) {
  Start({}, [](ClientOptions& o) { o.retry.status.max_delay = milliseconds(10000); });
  auto job = client().Submit(kRender, kBody);
  ASSERT_TRUE(job.ok());
  control().SetFaults("status:503(retry-after=5)@1");  // every retry sleeps 5 s
  std::vector<milliseconds> latencies;
  for (int i = 0; i < 5; ++i) {
    const std::uint64_t before = log().Retries("status");
    latencies.push_back(CancelLatency(
        [&](CancellationToken token) {
          CallOptions call;
          call.cancel = token;
          return job->Status(fal::Logs::kOmit, call);
        },
        [&, before] { return log().Retries("status") > before; }));  // the retry's sleep has begun
  }
  ExpectPrompt("in a backoff sleep", latencies);
}

TEST_F(CancelFaults, ACallerCancelEndsAWaitPromptly) {
  Start({"--queue-ms", "5000"});
  std::vector<milliseconds> latencies;
  for (WaitMode mode : {WaitMode::kStreaming, WaitMode::kPolling, WaitMode::kStreaming, WaitMode::kPolling}) {
    auto job = client().Submit(kRender, kBody);
    ASSERT_TRUE(job.ok());
    const std::uint64_t before = Requests("stream") + Requests("status");
    latencies.push_back(CancelLatency(
        [&](CancellationToken token) {
          WaitOptions w;
          w.mode = mode;
          w.cancel = token;
          return job->Wait(w);
        },
        [&, before] { return Requests("stream") + Requests("status") > before; }));
  }
  ExpectPrompt("waiting", latencies);
}

// Destroying the client in the middle of everything: every callback runs once, with kCancelled, and the
// destructor returns promptly.
TEST_F(CancelFaults, DestroyingTheClientCancelsEverythingPromptly) {
  Start({"--queue-ms", "5000"});
  control().SetFaults("submit:stall=3000x4");
  std::atomic<int> callbacks{0}, cancelled{0};
  {
    ClientOptions o = client().options();
    Client doomed(o);
    for (int i = 0; i < 8; ++i) {
      doomed.SubscribeAsync(kRender, kBody, {}, [&](Result<RawOutput> r) {
        ++callbacks;
        if (!r.ok() &&
            (r.error().code() == ErrorCode::kCancelled || r.error().code() == ErrorCode::kAmbiguousSubmit)) {
          ++cancelled;
        }
      });
    }
    // Every submit has reached the server: four are held there, four jobs wait in the queue.
    ASSERT_TRUE(WaitForRequests("submit", 8));
    auto started = Clock::now();
    doomed = Client(o);  // the last copy of the first engine goes
    auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    std::cout << "[figures] client destroyed with 8 calls in flight in " << took.count() << " ms"
              << std::endl;
    EXPECT_LT(took.count(), Slack(500));
    EXPECT_EQ(callbacks.load(), 8);
  }
  EXPECT_EQ(cancelled.load(), 8);
}

}  // namespace
}  // namespace fal::faults
