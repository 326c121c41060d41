// Fault matrix, submit rows (docs/reliability.md, fault matrix rows 1, 3-8, and the submit forms of 10, 11
// and 13): a submit is retried only when no job can exist, an answer that never came is surfaced as an
// ambiguous submit, and no job is ever lost or duplicated unless the caller opted in.
#include <thread>

#include "fault_fixture.hpp"

namespace fal::faults {
namespace {

using std::chrono::milliseconds;

class SubmitFaults : public FaultTest {};

// Row 1: a proxy's 503 burst (nginx HTML, no x-fal-request-id): nothing was enqueued, so the submits are
// retried with backoff and every job completes once.
TEST_F(SubmitFaults, ProxyServiceUnavailableBurstIsRetried) {
  Start({}, [](ClientOptions& o) { o.retry.submit = FastPolicy(10); });
  constexpr std::size_t kJobs = 20;
  control().SetFaults("submit:503(ingress)x40");
  Figures f = Run(kJobs);
  EXPECT_EQ(f.completed, kJobs);
  EXPECT_EQ(f.lost, 0u);
  EXPECT_EQ(f.duplicated, 0u);
  EXPECT_EQ(f.jobs_created, kJobs);
  EXPECT_EQ(f.retries["submit"], 40u);
  EXPECT_EQ(f.emulator_requests["submit"], kJobs + 40);
  EXPECT_TRUE(f.CountsAgree()) << f.ToJson();
  EXPECT_TRUE(control().FaultsConsumed());
}

// Row 1, fal's own 503 (x-fal-request-id present): falcpp does not resubmit what fal itself refused, and
// says so at once; the error is definite (no job) and nothing was created.
TEST_F(SubmitFaults, FalServiceUnavailableIsReportedNotResubmitted) {
  Start();
  control().SetFaults("submit:503x5");
  Figures f = Run(5);
  EXPECT_EQ(f.submit_failed, 5u);
  EXPECT_EQ(f.jobs_created, 0u);
  EXPECT_EQ(f.lost, 0u);
  EXPECT_EQ(f.retries["submit"], 0u);
  for (const auto& o : outcomes()) {
    ASSERT_TRUE(o.submit_error);
    EXPECT_EQ(o.submit_error->code(), ErrorCode::kUnavailable) << o.submit_error->ToString();
    EXPECT_EQ(o.submit_error->http_status(), 503);
    EXPECT_EQ(o.submit_error->error_type(), "runner_scheduling_failure");
  }
}

// Row 3: 429 with Retry-After in seconds: the retry waits at least that long, and not much longer.
// The policy's max_delay bounds every sleep, the server's too: raise it for these rows.
void LongSleepsAllowed(ClientOptions& o) { o.retry.submit.max_delay = std::chrono::seconds(5); }

TEST_F(SubmitFaults, RetryAfterSecondsIsWaitedFor) {
  Start({}, LongSleepsAllowed);
  control().SetFaults("submit:429(retry-after=1)");
  Figures f = Run(1);
  EXPECT_EQ(f.completed, 1u);
  EXPECT_EQ(f.retries["submit"], 1u);
  auto times = transport().SendTimes("submit");
  ASSERT_EQ(times.size(), 2u);
  auto waited = std::chrono::duration_cast<milliseconds>(times[1] - times[0]);
  std::cout << "[figures] retry-after=1 waited_ms=" << waited.count() << std::endl;
  EXPECT_GE(waited.count(), 1000);
  EXPECT_LT(waited.count(), Slack(1500));
}

// Row 4: the HTTP-date form (one-second resolution, so the wait lands between 1 and 2 s for "2 s ahead").
TEST_F(SubmitFaults, RetryAfterHttpDateIsWaitedFor) {
  Start({}, LongSleepsAllowed);
  control().SetFaults("submit:429(retry-after=date+2)");
  Figures f = Run(1);
  EXPECT_EQ(f.completed, 1u);
  auto times = transport().SendTimes("submit");
  ASSERT_EQ(times.size(), 2u);
  auto waited = std::chrono::duration_cast<milliseconds>(times[1] - times[0]);
  std::cout << "[figures] retry-after=date+2 waited_ms=" << waited.count() << std::endl;
  EXPECT_GE(waited.count(), 900);
  EXPECT_LE(waited.count(), Slack(2500));
}

// Row 4: a garbage Retry-After falls back to the policy's backoff (milliseconds here).
TEST_F(SubmitFaults, GarbageRetryAfterFallsBackToBackoff) {
  Start();
  control().SetFaults("submit:429(retry-after=soon)");
  Figures f = Run(1);
  EXPECT_EQ(f.completed, 1u);
  auto times = transport().SendTimes("submit");
  ASSERT_EQ(times.size(), 2u);
  EXPECT_LT(std::chrono::duration_cast<milliseconds>(times[1] - times[0]).count(), Slack(500));
}

// Row 4: a Retry-After past the call's deadline, or past what the policy allows, fails at once with a
// rate-limit error carrying retry_after(), instead of sleeping.
TEST_F(SubmitFaults, RetryAfterPastTheDeadlineFailsFast) {
  Start();
  control().SetFaults("submit:429(retry-after=86400)x2");
  SubmitOptions with_deadline;
  with_deadline.call.timeout = milliseconds(2000);
  for (const SubmitOptions& options : {with_deadline, SubmitOptions{}}) {
    auto started = std::chrono::steady_clock::now();
    auto job = client().Submit(kRender, R"({"video_url":"https://example.com/v.mp4"})", options);
    auto took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
    ASSERT_FALSE(job.ok());
    EXPECT_EQ(job.error().code(), ErrorCode::kRateLimited) << job.error().ToString();
    EXPECT_EQ(job.error().retry_after(), milliseconds(86400 * 1000));
    EXPECT_LT(took.count(), Slack(1000));
  }
  EXPECT_EQ(control().Stats()["jobs_created"], 0);
}

// Row 5: the queue is full (429 without Retry-After) a few times, then accepts: backoff, no duplicate.
// Past the retry budget the caller gets kRateLimited and no job.
TEST_F(SubmitFaults, QueueFullIsRetriedThenReportedAsRateLimited) {
  Start();
  control().SetFaults("submit:429x3");
  Figures f = Run(1);
  EXPECT_EQ(f.completed, 1u);
  EXPECT_EQ(f.retries["submit"], 3u);
  EXPECT_EQ(f.duplicated, 0u);

  control().SetFaults("submit:429@1");
  auto job = client().Submit(kRender, R"({"video_url":"https://example.com/v.mp4"})");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kRateLimited);
  EXPECT_EQ(control().Stats()["jobs_created"], 1);  // the first run's job only
}

// Row 6: connection refused: nothing was sent, so it is retried, bounded by the policy, then reported as
// unavailable; no job exists anywhere.
TEST_F(SubmitFaults, RefusedConnectionIsRetriedThenUnavailable) {
  Start();
  int port = 0;
  {
    EmulatorProcess gone(std::vector<std::string>{});
    port = gone.port();
  }  // stopped: its port now refuses connections
  ClientOptions o;
  o.use_environment = false;
  o.base_url = "http://127.0.0.1:" + std::to_string(port);
  o.credentials = Credentials(kKey);
  o.retry.submit = FastPolicy(4);
  LogCapture log;
  o.log = log.Sink();
  Client refused(o);
  auto started = std::chrono::steady_clock::now();
  auto job = refused.Submit(kRender, "{}");
  auto took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kUnavailable) << job.error().ToString();
  EXPECT_EQ(log.Retries("submit"), 3u);
  EXPECT_LT(took.count(), Slack(2000));
}

// Row 7: a reset before the emulator read the request: no job exists, but the client cannot tell this
// reset from one after enqueueing, so the submit is surfaced as ambiguous (never silently resubmitted).
// With the opt-in it is resubmitted, and since nothing was created there is no duplicate.
TEST_F(SubmitFaults, ResetBeforeTheJobExistsIsAmbiguousOrRetriedWithOptIn) {
  Start();
  control().SetFaults("submit:resetx5");
  Figures f = Run(5);
  EXPECT_EQ(f.ambiguous, 5u);
  EXPECT_EQ(f.jobs_created, 0u);
  EXPECT_EQ(f.lost, 0u);
  EXPECT_EQ(f.retries["submit"], 0u);
  for (const auto& o : outcomes()) {
    ASSERT_TRUE(o.submit_error);
    EXPECT_NE(o.submit_error->message().find("may have created the job"), std::string::npos);
  }

  control().SetFaults("submit:resetx5");
  RunOptions opt_in;
  opt_in.submit.retry_ambiguous = true;
  Figures g = Run(5, opt_in);
  EXPECT_EQ(g.completed, 5u);
  EXPECT_EQ(g.duplicated, 0u);
  EXPECT_EQ(g.lost, 0u);
  EXPECT_EQ(g.retries["submit"], 5u);
}

// Row 8: a reset after the job was enqueued. Default: every submit is surfaced as ambiguous, nothing is
// duplicated, nothing lost (the caller was told a job may exist). Opt-in: resubmitted, and the duplicates
// that creates are counted from the emulator's journal, not hidden.
TEST_F(SubmitFaults, ResetAfterEnqueueIsAmbiguousAndDuplicatesOnlyWithOptIn) {
  Start();
  constexpr std::size_t kJobs = 10;
  control().SetFaults("submit:reset-after-enqueuex10");
  Figures f = Run(kJobs);
  EXPECT_EQ(f.ambiguous, kJobs);
  EXPECT_EQ(f.jobs_created, kJobs);
  EXPECT_EQ(f.duplicated, 0u);
  EXPECT_EQ(f.lost, 0u);
  EXPECT_EQ(f.emulator_requests["submit"], kJobs);

  control().SetFaults("submit:reset-after-enqueuex10");
  RunOptions opt_in;
  opt_in.submit.retry_ambiguous = true;
  Figures g = Run(kJobs, opt_in);
  EXPECT_EQ(g.completed, kJobs);
  EXPECT_EQ(g.ambiguous, 0u);
  EXPECT_EQ(g.duplicated, kJobs);  // one orphan per job: the price of the opt-in, reported
  EXPECT_EQ(g.lost, 0u);
}

// Row 8 on kept-alive connections: libcurl silently re-sends a request when a reused connection dies
// before any answer byte. For a submit that would be a duplicate nobody asked for; falcpp's submits must
// come out ambiguous instead, one emulator job each.
TEST_F(SubmitFaults, ResetAfterEnqueueOnAReusedConnectionIsNotResentByLibcurl) {
  Start({}, [](ClientOptions& o) { o.engine_threads = 1; });
  RunOptions one_at_a_time;
  one_at_a_time.concurrency = 1;  // each submit after the first finds the previous connection alive
  Figures warm = Run(3, one_at_a_time);
  ASSERT_EQ(warm.completed, 3u);
  control().SetFaults("submit:reset-after-enqueuex5");
  Figures f = Run(5, one_at_a_time);
  EXPECT_EQ(f.ambiguous, 5u);
  EXPECT_EQ(f.jobs_created, 5u);
  EXPECT_EQ(f.duplicated, 0u);
  EXPECT_EQ(f.emulator_requests["submit"], 5u);
}

// Rows 10 and 11 for submit: the answer is cut (FIN mid-body) or garbled after fal created the job. Neither
// is retried, and neither is a plain failure: both say the job exists (the garbled one with its id).
TEST_F(SubmitFaults, CutOrGarbledAnswerAfterEnqueueIsAmbiguous) {
  Start();
  control().SetFaults("submit:close-mid-bodyx3; submit:garbagex3");
  Figures f = Run(6);
  EXPECT_EQ(f.ambiguous, 6u);
  EXPECT_EQ(f.jobs_created, 6u);
  EXPECT_EQ(f.lost, 0u);
  EXPECT_EQ(f.duplicated, 0u);
  EXPECT_EQ(f.retries["submit"], 0u);
  int with_id = 0;
  for (const auto& o : outcomes()) with_id += o.submit_error && !o.submit_error->request_id().empty();
  EXPECT_EQ(with_id, 3) << "the garbled answers carry x-fal-request-id";
  EXPECT_TRUE(control().FaultsConsumed());
}

// Row 13 for submit: no answer within the request timeout while the job exists: ambiguous, not resent.
TEST_F(SubmitFaults, StalledAnswerIsAmbiguous) {
  Start({}, [](ClientOptions& o) { o.request_timeout = milliseconds(300); });
  control().SetFaults("submit:stall=2000x2");
  Figures f = Run(2);
  EXPECT_EQ(f.ambiguous, 2u);
  EXPECT_EQ(f.jobs_created, 2u);
  EXPECT_EQ(f.lost, 0u);
  for (const auto& o : outcomes()) {
    EXPECT_LT(o.elapsed.count(), Slack(1500)) << "the request timeout ends the wait for the answer";
  }
}

// Row 15: an HTML 502 from a proxy is retried for submits too (no job behind a proxy error); past the
// budget the error carries the status and a short excerpt of the page, not the whole body.
TEST_F(SubmitFaults, HtmlBadGatewayIsRetriedThenReportedWithAnExcerpt) {
  Start();
  control().SetFaults("submit:502(ingress)x2");
  Figures f = Run(1);
  EXPECT_EQ(f.completed, 1u);
  EXPECT_EQ(f.retries["submit"], 2u);

  control().SetFaults("submit:502(ingress)@1");
  auto job = client().Submit(kRender, R"({"video_url":"https://example.com/v.mp4"})");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(job.error().http_status(), 502);
  EXPECT_NE(job.error().message().find("502 Bad Gateway"), std::string::npos) << job.error().message();
  EXPECT_LT(job.error().message().size(), 1000u);
}

}  // namespace
}  // namespace fal::faults
