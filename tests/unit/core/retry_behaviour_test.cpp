// The retry loop, end to end through the client: which answers are retried per operation, how long it
// sleeps, Retry-After, deadlines, cancellation, and submits that may have created a job.
#include <gtest/gtest.h>

#include <ctime>
#include <sstream>

#include "fake_client.hpp"

namespace fal {
namespace {

using std::chrono::milliseconds;
using test::FakeClient;
using test::FalId;
using Kind = http::NetworkError::Kind;

constexpr const char* kEndpoint = "fal-ai/ltx-2.3-quality/render-to-real";
constexpr const char* kSubmitOk = R"({"request_id":"req-1"})";
constexpr const char* kQueued = R"({"status":"IN_QUEUE","queue_position":1})";

JobHandle Job(FakeClient& f) { return f.client.Job(kEndpoint, "req-1").value(); }

class ReadRetries : public ::testing::TestWithParam<int> {};

TEST_P(ReadRetries, TransientStatusesAreRetriedForStatusResultAndCancel) {
  const int code = GetParam();
  FakeClient f;
  f.fake->EnqueueResponse(code, "{}");
  f.fake->EnqueueResponse(202, kQueued);
  ASSERT_TRUE(Job(f).Status().ok());
  f.fake->EnqueueResponse(code, "{}");
  f.fake->EnqueueResponse(200, R"({"video":{"url":"u"}})");
  ASSERT_TRUE(Job(f).FetchResult().ok());
  f.fake->EnqueueResponse(code, "{}");
  f.fake->EnqueueResponse(202, R"({"status":"CANCELLATION_REQUESTED"})");
  ASSERT_TRUE(Job(f).Cancel().ok());
  EXPECT_EQ(f.fake->requests().size(), 6u);
  EXPECT_EQ(f.fake->delays().size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Statuses, ReadRetries, ::testing::Values(408, 429, 500, 502, 503, 504));

class ReadNoRetry : public ::testing::TestWithParam<int> {};

TEST_P(ReadNoRetry, ClientErrorsAreFinal) {
  FakeClient f;
  f.fake->EnqueueResponse(GetParam(), R"({"detail":"no"})");
  auto s = Job(f).Status();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().http_status(), GetParam());
  EXPECT_EQ(f.fake->requests().size(), 1u);
  EXPECT_TRUE(f.fake->delays().empty());
}

INSTANTIATE_TEST_SUITE_P(Statuses, ReadNoRetry, ::testing::Values(400, 401, 403, 404, 422, 501));

TEST(ReadRetries, NetworkErrorsAreRetried) {
  FakeClient f;
  f.fake->EnqueueNetworkError(Kind::kConnectFailed);
  f.fake->EnqueueNetworkError(Kind::kConnectionLost, true);
  f.fake->EnqueueNetworkError(Kind::kTimeout, true);
  f.fake->EnqueueResponse(202, kQueued);
  ASSERT_TRUE(Job(f).Status().ok());
  EXPECT_EQ(f.fake->requests().size(), 4u);
}

TEST(ReadRetries, AttemptsAreBoundedAndTheLastAnswerIsReported) {
  FakeClient f;
  f.fake->SetHandler([](const http::Request&) {
    return http::Outcome::Of(http::Response{
        503, {{"x-fal-request-id", "rid"}}, R"({"detail":"busy","error_type":"runner_scheduling_failure"})"});
  });
  auto s = Job(f).Status();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(s.error().error_type(), "runner_scheduling_failure");
  EXPECT_EQ(s.error().request_id(), "rid");
  EXPECT_EQ(f.fake->requests().size(), 6u);  // the status policy's max_attempts
}

TEST(Backoff, DelaysStayWithinThePolicy) {
  ClientOptions o;
  o.retry.status = RetryPolicy{5, milliseconds(100), milliseconds(300), 2.0, 0};
  FakeClient f(o);
  for (int i = 0; i < 4; ++i) f.fake->EnqueueResponse(503, "{}");
  f.fake->EnqueueResponse(202, kQueued);
  ASSERT_TRUE(Job(f).Status().ok());
  auto d = f.fake->delays();
  ASSERT_EQ(d.size(), 4u);
  const long long ceilings[] = {100, 200, 300, 300};
  for (std::size_t i = 0; i < d.size(); ++i) {
    EXPECT_GE(d[i].count(), 0);
    EXPECT_LE(d[i].count(), ceilings[i]) << i;
  }
}

TEST(RetryAfter, SecondsReplaceTheBackoff) {
  FakeClient f;
  f.fake->EnqueueResponse(429, "{}", {{"Retry-After", "3"}});
  f.fake->EnqueueResponse(202, kQueued);
  ASSERT_TRUE(Job(f).Status().ok());
  EXPECT_EQ(f.fake->delays(), (std::vector<milliseconds>{milliseconds(3000)}));
}

TEST(RetryAfter, HttpDateIsHonoured) {
  std::time_t at = std::time(nullptr) + 6;
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&at));
  FakeClient f;
  f.fake->EnqueueResponse(503, "{}", {{"Retry-After", date}});
  f.fake->EnqueueResponse(202, kQueued);
  ASSERT_TRUE(Job(f).Status().ok());
  ASSERT_EQ(f.fake->delays().size(), 1u);
  EXPECT_GE(f.fake->delays()[0].count(), 4000);
  EXPECT_LE(f.fake->delays()[0].count(), 6000);
}

TEST(RetryAfter, PastTheDeadlineIsNotWaitedFor) {
  FakeClient f;
  f.fake->EnqueueResponse(429, R"({"detail":"slow down"})", {{"Retry-After", "30"}});
  CallOptions call;
  call.timeout = milliseconds(5000);
  auto s = Job(f).Status(fal::Logs::kOmit, call);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kRateLimited);
  EXPECT_EQ(s.error().retry_after(), milliseconds(30000));
  EXPECT_NE(s.error().message().find("deadline"), std::string::npos) << s.error().message();
  EXPECT_EQ(f.fake->requests().size(), 1u);
  EXPECT_TRUE(f.fake->delays().empty());
}

TEST(RetryAfter, LongerThanThePolicyAllowsIsNotWaitedForEvenWithoutADeadline) {
  ClientOptions o;
  o.control_call_timeout = milliseconds(0);  // no budget either: the policy's max_delay alone stops it
  FakeClient f(o);
  f.fake->EnqueueResponse(429, R"({"detail":"slow down"})", {{"Retry-After", "86400"}});
  auto job = f.client.Submit(kEndpoint, "{}");  // no CallOptions::timeout
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kRateLimited);
  EXPECT_EQ(job.error().retry_after(), milliseconds(86400000));
  EXPECT_NE(job.error().message().find("max_delay"), std::string::npos) << job.error().message();
  EXPECT_EQ(f.fake->requests().size(), 1u);
  EXPECT_TRUE(f.fake->delays().empty());
}

TEST(UnusableAnswer, GarbledStatusIsRetriedLikeA503) {
  FakeClient f;
  f.fake->EnqueueResponse(202, "\x7f\x01 not json");
  f.fake->EnqueueResponse(202, R"({"status":"IN_Q)");  // cut short
  f.fake->EnqueueResponse(202, kQueued);
  auto s = Job(f).Status();
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(s->state, JobState::kInQueue);
  EXPECT_EQ(f.fake->requests().size(), 3u);
}

TEST(UnusableAnswer, GarbledResultIsRetriedAndNeverAnOutput) {
  FakeClient f;
  f.fake->SetHandler([](const http::Request&) {
    return http::Outcome::Of(http::Response{200, {}, "<<garbage>>"});
  });
  auto out = Job(f).FetchResult();
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kMalformedResponse);
  EXPECT_EQ(f.fake->requests().size(), 4u);  // the result policy's attempts
}

TEST(UnusableAnswer, GarbledSubmitAnswerIsAmbiguousAndNotResent) {
  FakeClient f;
  f.fake->EnqueueResponse(200, "<<garbage>>", FalId("req-7"));
  auto job = f.client.Submit(kEndpoint, "{}");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kAmbiguousSubmit);
  EXPECT_EQ(job.error().request_id(), "req-7");
  EXPECT_EQ(f.fake->requests().size(), 1u);
}

TEST(AnswerLimit, ALargerAnswerIsNotKept) {
  ClientOptions o;
  o.max_answer_bytes = 1000;
  FakeClient f(o);
  f.fake->EnqueueResponse(200, std::string(1001, 'x'));
  auto out = Job(f).FetchResult();
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kMalformedResponse);
  EXPECT_NE(out.error().message().find("max_answer_bytes"), std::string::npos) << out.error().message();
  EXPECT_EQ(f.fake->requests().size(), 1u);  // the same answer would come back: not retried

  f.fake->EnqueueResponse(200, std::string(1001, 'x'), FalId());
  auto job = f.client.Submit(kEndpoint, "{}");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kAmbiguousSubmit) << job.error().ToString();

  f.fake->EnqueueResponse(200, R"({"request_id":"req-1"})" + std::string(900, ' '), FalId());
  EXPECT_TRUE(f.client.Submit(kEndpoint, "{}").ok());  // at the limit: kept
}

TEST(Deadline, SleepsNeverAddUpPastIt) {
  ClientOptions o;
  o.retry.status = RetryPolicy{100, milliseconds(400), milliseconds(400), 1.0, 3};
  FakeClient f(o);
  f.fake->SetHandler([](const http::Request&) { return http::Outcome::Of(http::Response{503, {}, "{}"}); });
  CallOptions call;
  call.timeout = milliseconds(2000);
  auto s = Job(f).Status(fal::Logs::kOmit, call);
  ASSERT_FALSE(s.ok());
  long long slept = 0;
  for (auto d : f.fake->delays()) slept += d.count();
  EXPECT_LE(slept, 2000);
  EXPECT_GT(f.fake->requests().size(), 1u);
  for (const auto& r : f.fake->requests()) EXPECT_LE(r.timeout.count(), 2000);
}

// Without CallOptions::timeout, a control call still ends: ClientOptions::control_call_timeout bounds it,
// whatever the retry policy allows (here 100 attempts of 60 s each, 5 s apart).
TEST(Deadline, ControlCallsHaveATotalBudgetByDefault) {
  ClientOptions o;
  o.retry.status = RetryPolicy{100, milliseconds(5000), milliseconds(5000), 1.0, 3};
  FakeClient f(o);
  EXPECT_EQ(f.client.options().control_call_timeout, milliseconds(120000));
  f.fake->SetHandler([](const http::Request&) { return http::Outcome::Of(http::Response{503, {}, "{}"}); });
  const auto start = f.fake->Now();
  auto s = Job(f).Status();
  ASSERT_FALSE(s.ok());
  EXPECT_LE(f.fake->Now() - start, milliseconds(120000));
  EXPECT_LT(f.fake->requests().size(), 100u);
  for (const auto& r : f.fake->requests()) EXPECT_LE(r.timeout.count(), 120000);
  EXPECT_NE(s.error().message().find("deadline"), std::string::npos) << s.error().message();
}

TEST(Deadline, TheBudgetIsAnOptionAndTransfersHaveNone) {
  ClientOptions o;
  o.control_call_timeout = milliseconds(3000);
  o.retry.status = RetryPolicy{100, milliseconds(400), milliseconds(400), 1.0, 3};
  FakeClient f(o);
  f.fake->SetHandler([](const http::Request&) { return http::Outcome::Of(http::Response{503, {}, "{}"}); });
  const auto start = f.fake->Now();
  ASSERT_FALSE(Job(f).Status().ok());
  EXPECT_LE(f.fake->Now() - start, milliseconds(3000));
  for (const auto& r : f.fake->requests()) EXPECT_LE(r.timeout.count(), 3000);
  // A download is a transfer: no total limit, the low-speed rule instead.
  f.fake->SetHandler([](const http::Request&) { return http::Outcome::Of(http::Response{200, {}, "abc"}); });
  OutputFile file;
  file.url = "https://v3.fal.media/files/x.mp4";
  std::ostringstream out;
  ASSERT_TRUE(f.client.Storage().DownloadTo(file, out).ok());
  EXPECT_EQ(f.fake->requests().back().timeout.count(), 0);
}

TEST(Cancel, InterruptsABackoffSleep) {
  FakeClient f;
  f.fake->SetAutoAdvance(false);
  f.fake->EnqueueResponse(503, "{}");
  CancellationSource cancel;
  CallOptions call;
  call.cancel = cancel.Token();
  std::optional<Result<JobStatus>> got;
  Job(f).StatusAsync(fal::Logs::kOmit, call, [&](Result<JobStatus> r) { got = std::move(r); });
  EXPECT_FALSE(got);
  EXPECT_EQ(f.fake->pending_timers(), 1u);
  cancel.Cancel();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->error().code(), ErrorCode::kCancelled);
  EXPECT_EQ(f.fake->requests().size(), 1u);
  EXPECT_EQ(f.fake->pending_timers(), 0u);
}

TEST(Cancel, BeforeStartSendsNothing) {
  FakeClient f;
  CancellationSource cancel;
  cancel.Cancel();
  CallOptions call;
  call.cancel = cancel.Token();
  EXPECT_EQ(Job(f).Status(fal::Logs::kOmit, call).error().code(), ErrorCode::kCancelled);
  EXPECT_TRUE(f.fake->requests().empty());
}

struct SubmitCase {
  const char* name;
  http::Outcome first;
  bool retried;
  ErrorCode code_if_not;
};

class SubmitRetry : public ::testing::TestWithParam<SubmitCase> {};

TEST_P(SubmitRetry, OnlyWhenNoJobCanExist) {
  const SubmitCase& c = GetParam();
  FakeClient f;
  f.fake->Enqueue(c.first);
  f.fake->EnqueueResponse(200, kSubmitOk, FalId());
  auto job = f.client.Submit(kEndpoint, "{}");
  if (c.retried) {
    ASSERT_TRUE(job.ok()) << c.name << ": " << job.error().ToString();
    EXPECT_EQ(f.fake->requests().size(), 2u) << c.name;
  } else {
    ASSERT_FALSE(job.ok()) << c.name;
    EXPECT_EQ(job.error().code(), c.code_if_not) << c.name << ": " << job.error().ToString();
    EXPECT_EQ(f.fake->requests().size(), 1u) << c.name;
  }
}

http::Outcome Resp(int status, http::Headers h = {}) {
  return http::Outcome::Of(http::Response{status, std::move(h), "{}"});
}
http::Outcome NetErr(Kind k, bool sent) { return http::Outcome::Of(http::NetworkError{k, "x", sent}); }

INSTANTIATE_TEST_SUITE_P(
    Table, SubmitRetry,
    ::testing::Values(SubmitCase{"refused", NetErr(Kind::kConnectFailed, false), true, ErrorCode::kInternal},
                      SubmitCase{"429", Resp(429, FalId()), true, ErrorCode::kInternal},
                      SubmitCase{"proxy 502", Resp(502), true, ErrorCode::kInternal},
                      SubmitCase{"proxy 503", Resp(503), true, ErrorCode::kInternal},
                      SubmitCase{"proxy 504", Resp(504), true, ErrorCode::kInternal},
                      SubmitCase{"fal 503", Resp(503, FalId()), false, ErrorCode::kUnavailable},
                      SubmitCase{"500", Resp(500), false, ErrorCode::kUnavailable},
                      SubmitCase{"user timeout", Resp(504, {{"X-Fal-Request-Timeout-Type", "user"}}), false,
                                 ErrorCode::kDeadlineExceeded},
                      SubmitCase{"reset after send", NetErr(Kind::kConnectionLost, true), false,
                                 ErrorCode::kAmbiguousSubmit},
                      SubmitCase{"timeout after send", NetErr(Kind::kTimeout, true), false,
                                 ErrorCode::kAmbiguousSubmit},
                      SubmitCase{"422", Resp(422), false, ErrorCode::kInvalidArgument}));

TEST(AmbiguousSubmit, OptInRetriesPerCallAndPerClient) {
  {
    FakeClient f;
    f.fake->EnqueueNetworkError(Kind::kConnectionLost, true);
    f.fake->EnqueueResponse(200, kSubmitOk, FalId());
    SubmitOptions o;
    o.retry_ambiguous = true;
    ASSERT_TRUE(f.client.Submit(kEndpoint, "{}", o).ok());
    EXPECT_EQ(f.fake->requests().size(), 2u);
  }
  {
    ClientOptions co;
    co.retry_ambiguous_submits = true;
    FakeClient f(co);
    f.fake->EnqueueNetworkError(Kind::kTimeout, true);
    f.fake->EnqueueResponse(200, kSubmitOk, FalId());
    ASSERT_TRUE(f.client.Submit(kEndpoint, "{}").ok());
    EXPECT_EQ(f.fake->requests().size(), 2u);
  }
}

TEST(AmbiguousSubmit, MessageSaysTheJobMayExist) {
  FakeClient f;
  f.fake->EnqueueNetworkError(Kind::kConnectionLost, true);
  auto job = f.client.Submit(kEndpoint, "{}");
  ASSERT_EQ(job.error().code(), ErrorCode::kAmbiguousSubmit);
  EXPECT_NE(job.error().message().find("may have created the job"), std::string::npos);
  EXPECT_NE(job.error().message().find("retry_ambiguous"), std::string::npos);
}

}  // namespace
}  // namespace fal
