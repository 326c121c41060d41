// Fault matrix, status-stream rows (docs/reliability.md, fault matrix rows 17-19): repeated events change
// nothing, a stream that ends early is not completion, and a silent one is noticed by the idle watchdog. Row
// 20 (framing split anywhere) is the SSE parser's fuzz target, tests/fuzz/sse_parser_fuzz.cpp.
#include "fault_fixture.hpp"

namespace fal::faults {
namespace {

using std::chrono::milliseconds;

class StreamFaults : public FaultTest {
 protected:
  static RunOptions Streaming() {
    RunOptions o;
    o.wait.mode = WaitMode::kStreaming;
    o.wait.with_logs = true;
    return o;
  }
};

// Row 17: every event twice: statuses never go back, COMPLETED is delivered once per job.
TEST_F(StreamFaults, DuplicatedEventsAreHarmless) {
  Start();
  constexpr std::size_t kJobs = 10;
  control().SetFaults("stream:sse-duplicate@1");
  Figures f = Run(kJobs, Streaming());
  EXPECT_EQ(f.completed, kJobs);
  EXPECT_EQ(f.regressions, 0u);
  EXPECT_EQ(f.extra_completed, 0u);
  for (const auto& o : outcomes()) EXPECT_EQ(o.completed_updates, 1);
  EXPECT_EQ(f.emulator_requests["stream"], kJobs);
}

// Row 18: each job's first stream closes after one event, before COMPLETED, without the chunked
// terminator: not taken for completion; the wait reconnects and completes.
TEST_F(StreamFaults, DroppedStreamsReconnect) {
  Start();
  constexpr std::size_t kJobs = 10;
  control().SetFaults("stream:sse-drop=1x10");
  Figures f = Run(kJobs, Streaming());
  EXPECT_EQ(f.completed, kJobs);
  EXPECT_EQ(f.lost, 0u);
  EXPECT_EQ(f.regressions, 0u);
  EXPECT_GE(f.emulator_requests["stream"], kJobs + 10);  // one reconnect per dropped stream
  EXPECT_EQ(f.emulator_requests["submit"], kJobs);
  EXPECT_TRUE(control().FaultsConsumed());
}

// Row 18, every stream dropping: the wait falls back to polling after repeated failures and still completes.
TEST_F(StreamFaults, StreamsThatAlwaysFailFallBackToPolling) {
  Start();
  control().SetFaults("stream:reset@1");
  Figures f = Run(4, Streaming());
  EXPECT_EQ(f.completed, 4u);
  EXPECT_GT(f.emulator_requests["status"], 0u);
}

// Row 19: a stream that goes silent (no events, no keep-alive) is dropped by the idle watchdog and
// reopened; the job completes long before the silence would have ended.
TEST_F(StreamFaults, SilentStreamsAreNoticedByTheIdleWatchdog) {
  Start();
  constexpr std::size_t kJobs = 4;
  control().SetFaults("stream:sse-silence=10000x4");
  RunOptions o = Streaming();
  o.wait.stream_idle_timeout = milliseconds(400);
  Figures f = Run(kJobs, o);
  EXPECT_EQ(f.completed, kJobs);
  for (const auto& out : outcomes()) {
    std::cout << "[figures] silent stream noticed, job took " << out.elapsed.count()
              << " ms (idle timeout 400 ms)" << std::endl;
    EXPECT_GE(out.elapsed.count(), 400);
    EXPECT_LT(out.elapsed.count(), Slack(2500));
  }
}

}  // namespace
}  // namespace fal::faults
