// Fault matrix, read rows (docs/reliability.md, fault matrix rows 2, 9-13, 15, 16): status and result
// requests are retried on every transient failure, a cut or garbled answer is never taken for an output,
// stalls are detected by the request timeout, and no answer can make falcpp hold more than
// ClientOptions::max_answer_bytes.
#include <fstream>
#include <thread>

#include "fault_fixture.hpp"
#include "support/loopback_server.hpp"

namespace fal::faults {
namespace {

using std::chrono::milliseconds;

class ReadFaults : public FaultTest {
 protected:
  static RunOptions Polling() {
    RunOptions o;
    o.wait.mode = WaitMode::kPolling;
    return o;
  }
};

// Row 2: a 503 burst on status polls is retried silently; nothing is resubmitted.
TEST_F(ReadFaults, StatusServiceUnavailableBurstIsRetriedWithoutResubmitting) {
  Start();
  constexpr std::size_t kJobs = 10;
  control().SetFaults("status:503x5");
  Figures f = Run(kJobs, Polling());
  EXPECT_EQ(f.completed, kJobs);
  EXPECT_EQ(f.lost, 0u);
  EXPECT_EQ(f.emulator_requests["submit"], kJobs);
  EXPECT_EQ(f.retries["status"], 5u);
  EXPECT_EQ(f.retries["submit"], 0u);
  EXPECT_TRUE(f.CountsAgree()) << f.ToJson();
  EXPECT_TRUE(control().FaultsConsumed());
}

// Row 9: resets in the middle of result bodies: the GET is retried and the partial body is never used.
TEST_F(ReadFaults, ResultResetMidBodyIsRetried) {
  Start();
  control().SetFaults("result:reset-mid-body=40x2; result:reset-mid-bodyx2");
  Figures f = Run(6);
  EXPECT_EQ(f.completed, 6u);
  EXPECT_EQ(f.retries["result"], 4u);
  EXPECT_EQ(f.emulator_requests["result"], 6u + 4u);
  EXPECT_TRUE(f.CountsAgree()) << f.ToJson();
  EXPECT_TRUE(control().FaultsConsumed());
}

// Row 10: a clean close (FIN) before the announced length: a transport error, retried for reads.
TEST_F(ReadFaults, ShortBodiesAreRetried) {
  Start();
  control().SetFaults("result:close-mid-bodyx3; status:close-mid-bodyx3");
  Figures f = Run(6, Polling());
  EXPECT_EQ(f.completed, 6u);
  EXPECT_EQ(f.retries["result"], 3u);
  EXPECT_EQ(f.retries["status"], 3u);
  EXPECT_TRUE(control().FaultsConsumed());
}

// Row 11: a success status with a garbled body: never parsed into a status or handed out as an output;
// retried like a transient failure.
TEST_F(ReadFaults, GarbledAnswersAreRetriedNeverUsed) {
  Start();
  control().SetFaults("status:garbagex3; result:garbagex3");
  Figures f = Run(6, Polling());
  EXPECT_EQ(f.completed, 6u);
  EXPECT_EQ(f.retries["status"], 3u);
  EXPECT_EQ(f.retries["result"], 3u);
  EXPECT_TRUE(control().FaultsConsumed());

  // Past the budget: a malformed-response error, not an output.
  control().SetFaults("result:garbage@1");
  auto job = client().Submit(kRender, R"({"video_url":"https://example.com/v.mp4","prompt":"garbled"})");
  ASSERT_TRUE(job.ok()) << job.error().ToString();
  WaitOptions w;
  w.mode = WaitMode::kPolling;
  w.poll_interval = milliseconds(10);
  auto out = job->Wait(w);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kMalformedResponse) << out.error().ToString();
}

// Row 12: the answer stalls after its headers and part of the body: the request timeout fires, the read
// is retried, and the job completes; the stall is detected within the configured timeout plus a margin.
TEST_F(ReadFaults, StallAfterHeadersIsDetectedAndRetried) {
  Start({}, [](ClientOptions& o) { o.request_timeout = milliseconds(300); });
  control().SetFaults("result:stall-mid-body=5000x2");
  Figures f = Run(2);
  EXPECT_EQ(f.completed, 2u);
  EXPECT_EQ(f.retries["result"], 2u);
  for (const auto& o : outcomes())
    EXPECT_LT(o.elapsed.count(), Slack(2500)) << "a stalled read must not wait 5 s";
  auto times = transport().SendTimes("result");
  ASSERT_GE(times.size(), 3u);
}

// Row 13: no answer at all (stall before headers): the same, for status polls.
TEST_F(ReadFaults, StallBeforeHeadersIsDetectedAndRetried) {
  Start({}, [](ClientOptions& o) { o.request_timeout = milliseconds(300); });
  control().SetFaults("status:stall=5000x2");
  auto started = std::chrono::steady_clock::now();
  Figures f = Run(2, Polling());
  auto took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
  EXPECT_EQ(f.completed, 2u);
  EXPECT_EQ(f.retries["status"], 2u);
  EXPECT_LT(took.count(), Slack(2500));
}

// Row 15: HTML error pages from a proxy on reads: retried; past the budget the error has the status and an
// excerpt, and the HTML is not parsed as JSON.
TEST_F(ReadFaults, HtmlBadGatewayOnReadsIsRetried) {
  Start();
  control().SetFaults("status:502(ingress)x4; result:503(ingress)x2");
  Figures f = Run(4, Polling());
  EXPECT_EQ(f.completed, 4u);
  EXPECT_EQ(f.retries["status"], 4u);
  EXPECT_EQ(f.retries["result"], 2u);
}

double VmHwmMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

// Row 16: an answer that never ends. falcpp stops reading at max_answer_bytes: a read fails as malformed,
// a submit as ambiguous (its job may exist), and memory stays bounded by the cap.
TEST(HugeAnswers, AreCutAtTheLimitWithBoundedMemory) {
  auto provider = [](std::size_t, httplib::DataSink& sink) {
    static const std::string kChunk(64 * 1024, 'x');
    return sink.write(kChunk.data(), kChunk.size());  // until falcpp hangs up
  };
  test_support::LoopbackServer endless([&](httplib::Server& http) {
    http.Get(".*", [&](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/json", provider);
    });
    http.Post(".*", [&](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/json", provider);
    });
  });
  ClientOptions o;
  o.use_environment = false;
  o.base_url = endless.base_url();
  o.max_answer_bytes = 8u << 20;
  o.retry.result = FastPolicy(4);
  Client client(o);
  const double before = VmHwmMb();

  auto job = client.Job(kRender, "r1").value();
  auto result = job.FetchResult();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), ErrorCode::kMalformedResponse) << result.error().ToString();
  EXPECT_NE(result.error().message().find("max_answer_bytes"), std::string::npos);

  // One call's peak: the buffer at the cap, plus the copy a growing string makes when it reallocates.
  const double grew = VmHwmMb() - before;
  std::cout << "[figures] huge answer: cap 8 MiB, peak RSS grew " << grew << " MB" << std::endl;
  EXPECT_LT(grew, static_cast<double>(test_support::MemorySlack(2 * 8 + 32)));

  auto submit = client.Submit(kRender, "{}");
  ASSERT_FALSE(submit.ok());
  EXPECT_EQ(submit.error().code(), ErrorCode::kAmbiguousSubmit) << submit.error().ToString();
}

}  // namespace
}  // namespace fal::faults
