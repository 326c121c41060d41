// Job handles: status, result, cancel, the polling wait, subscribe and job failures.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fake_client.hpp"
#include "support/manual_transport.hpp"

namespace fal {
namespace {

using std::chrono::milliseconds;
using test::FakeClient;

constexpr const char* kEndpoint = "fal-ai/ltx-2.3-quality/render-to-real";
constexpr const char* kResult = R"({"video":{"url":"https://cdn/v.mp4"},"seed":7,"prompt":"3DREAL. x"})";

JobHandle Job(FakeClient& f) { return f.client.Job(kEndpoint, "req-1").value(); }

WaitOptions Polling() {
  WaitOptions w;
  w.mode = WaitMode::kPolling;
  return w;
}

TEST(Wait, PollsAtOnceThenEveryIntervalAndReportsEachStatus) {
  FakeClient f;
  f.fake->EnqueueResponse(202, R"({"status":"IN_QUEUE","queue_position":2})");
  f.fake->EnqueueResponse(202, R"({"status":"IN_QUEUE","queue_position":0})");
  f.fake->EnqueueResponse(202, R"({"status":"IN_PROGRESS","logs":[{"message":"a"}]})");
  f.fake->EnqueueResponse(
      200,
      R"({"status":"COMPLETED","logs":[{"message":"a"},{"message":"b"}],"metrics":{"inference_time":2}})");
  f.fake->EnqueueResponse(200, kResult);
  std::vector<JobStatus> seen;
  WaitOptions w = Polling();
  w.poll_interval = milliseconds(400);
  w.with_logs = true;
  w.on_update = [&](const JobStatus& s) { seen.push_back(s); };
  auto out = Job(f).Wait(w);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(out->json, kResult);
  EXPECT_EQ(out->request_id, "req-1");
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].queue_position, 2);
  EXPECT_EQ(seen[2].state, JobState::kInProgress);
  EXPECT_EQ(seen[3].logs.size(), 2u);
  EXPECT_EQ(f.fake->delays(), (std::vector<milliseconds>(3, milliseconds(400))));
  auto reqs = f.fake->requests();
  EXPECT_EQ(reqs[0].url, "https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-1/status?logs=1");
  EXPECT_EQ(reqs[4].url, "https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-1");
}

TEST(Wait, CompletedWithErrorIsJobFailedWithFieldErrors) {
  FakeClient f;
  f.fake->EnqueueResponse(
      200, R"({"status":"COMPLETED","error":"Invalid status code: 422","error_type":"validation_error"})");
  f.fake->EnqueueResponse(
      422, R"({"detail":[{"loc":["body","num_frames"],"msg":"over budget","type":"budget_exceeded"}]})");
  auto out = Job(f).Wait(Polling());
  ASSERT_FALSE(out.ok());
  const Error& e = out.error();
  EXPECT_EQ(e.code(), ErrorCode::kJobFailed);
  EXPECT_EQ(e.request_id(), "req-1");
  EXPECT_EQ(e.error_type(), "validation_error");
  EXPECT_EQ(e.http_status(), 422);
  ASSERT_EQ(e.field_errors().size(), 1u);
  EXPECT_EQ(e.field_errors()[0].Path(), "num_frames");
  EXPECT_NE(e.message().find("Invalid status code: 422"), std::string::npos);
  EXPECT_NE(e.ToString().find("over budget"), std::string::npos);
}

TEST(Result, FailedJobFoundThroughItsStatus) {
  FakeClient f;
  f.fake->EnqueueResponse(500, R"({"detail":"Runner disconnected","error_type":"runner_disconnected"})");
  f.fake->EnqueueResponse(500, R"({"detail":"Runner disconnected"})");
  f.fake->EnqueueResponse(500, R"({"detail":"Runner disconnected"})");
  f.fake->EnqueueResponse(500, R"({"detail":"Runner disconnected"})");
  f.fake->EnqueueResponse(
      200, R"({"status":"COMPLETED","error":"Runner disconnected","error_type":"runner_disconnected"})");
  auto out = Job(f).FetchResult();
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kJobFailed);
  EXPECT_EQ(out.error().error_type(), "runner_disconnected");
}

TEST(Result, ASuccessfulJobWhoseResultStaysUnavailableIsNotAFailure) {
  FakeClient f;
  f.fake->EnqueueResponse(200, R"({"status":"COMPLETED"})");
  for (int i = 0; i < 4; ++i) f.fake->EnqueueResponse(503, R"({"detail":"Service Unavailable"})");
  auto out = Job(f).Wait(Polling());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kUnavailable) << out.error().ToString();
  EXPECT_EQ(out.error().http_status(), 503);
}

TEST(Result, BeforeCompletionSaysWaitFirst) {
  FakeClient f;
  f.fake->EnqueueResponse(400, R"({"detail":"Request is still in progress"})");
  f.fake->EnqueueResponse(202, R"({"status":"IN_PROGRESS"})");
  auto out = Job(f).FetchResult();
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(out.error().message().find("IN_PROGRESS"), std::string::npos);
}

// A job that never started within its start timeout ends COMPLETED with fal's 504 marked "user": that is the
// caller's deadline (kDeadlineExceeded), not the model failing (kJobFailed).
TEST(Wait, AStartTimeoutIsDeadlineExceededNotAFailedJob) {
  FakeClient f;
  f.fake->EnqueueResponse(
      200, R"({"status":"COMPLETED","error":"Request timed out","error_type":"request_timeout"})");
  f.fake->EnqueueResponse(504, R"({"detail":"Request timed out","error_type":"request_timeout"})",
                          {{"X-Fal-Request-Timeout-Type", "user"}});
  auto out = Job(f).Wait(Polling());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kDeadlineExceeded) << out.error().ToString();
  EXPECT_EQ(out.error().advice(), Advice::kLongerStartTimeout);
  EXPECT_NE(out.error().message().find("did not start within its start timeout"), std::string::npos);
  EXPECT_EQ(out.error().http_status(), 504);
}

TEST(Wait, AnotherTimeoutOfTheJobIsStillAFailedJob) {
  FakeClient f;
  f.fake->EnqueueResponse(
      200, R"({"status":"COMPLETED","error":"Request timed out","error_type":"request_timeout"})");
  for (int attempt = 0; attempt < 4; ++attempt) {  // a 504 without "user" is retried, then reported
    f.fake->EnqueueResponse(504, R"({"detail":"Request timed out","error_type":"request_timeout"})");
  }
  auto out = Job(f).Wait(Polling());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kJobFailed) << out.error().ToString();
}

TEST(Wait, TimeoutCancelsTheJobThenReportsDeadline) {
  FakeClient f;
  f.fake->SetHandler([](const http::Request& r) {
    if (r.method == http::Method::kPut)
      return http::Outcome::Of(http::Response{202, {}, R"({"status":"CANCELLATION_REQUESTED"})"});
    return http::Outcome::Of(http::Response{202, {}, R"({"status":"IN_QUEUE","queue_position":5})"});
  });
  WaitOptions w = Polling();
  w.poll_interval = milliseconds(250);
  w.timeout = milliseconds(1000);
  auto out = Job(f).Wait(w);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kDeadlineExceeded);
  EXPECT_NE(out.error().message().find("it was cancelled on fal"), std::string::npos)
      << out.error().message();
  EXPECT_EQ(out.error().advice(), Advice::kRaiseWaitTimeout);
  auto reqs = f.fake->requests();
  EXPECT_EQ(reqs.back().method, http::Method::kPut);
  EXPECT_EQ(reqs.back().url, "https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-1/cancel");
  long long slept = 0;
  for (auto d : f.fake->delays()) slept += d.count();
  EXPECT_LE(slept, 1000);
}

TEST(Wait, CancelStopsWaitingPromptly) {
  FakeClient f;
  f.fake->SetAutoAdvance(false);
  f.fake->SetHandler([](const http::Request&) {
    return http::Outcome::Of(http::Response{202, {}, R"({"status":"IN_PROGRESS"})"});
  });
  CancellationSource cancel;
  WaitOptions w = Polling();
  w.poll_interval = milliseconds(60000);
  w.cancel = cancel.Token();
  std::optional<Result<RawOutput>> got;
  Job(f).WaitAsync(w, [&](Result<RawOutput> r) { got = std::move(r); });
  ASSERT_FALSE(got);
  cancel.Cancel();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->error().code(), ErrorCode::kCancelled);
  for (const auto& r : f.fake->requests())
    EXPECT_NE(r.method, http::Method::kPut);  // waiting stops; the job does not
}

TEST(Wait, UnknownStatesKeepPolling) {
  FakeClient f;
  f.fake->EnqueueResponse(202, R"({"status":"SOMETHING_NEW"})");
  f.fake->EnqueueResponse(200, R"({"status":"COMPLETED"})");
  f.fake->EnqueueResponse(200, kResult);
  EXPECT_TRUE(Job(f).Wait(Polling()).ok());
}

TEST(Wait, FutureForm) {
  FakeClient f;
  f.fake->EnqueueResponse(200, R"({"status":"COMPLETED"})");
  f.fake->EnqueueResponse(200, kResult);
  auto fut = Job(f).WaitFuture(Polling());
  auto out = fut.get();
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->json, kResult);
}

TEST(Subscribe, SubmitEnqueueWaitResult) {
  FakeClient f;
  f.fake->EnqueueResponse(200, R"({"request_id":"req-7"})");
  f.fake->EnqueueResponse(202, R"({"status":"IN_QUEUE","queue_position":0})");
  f.fake->EnqueueResponse(200, R"({"status":"COMPLETED"})");
  f.fake->EnqueueResponse(200, kResult);
  std::string enqueued;
  int updates = 0;
  SubscribeOptions o;
  o.on_enqueue = [&](const std::string& id) { enqueued = id; };
  o.wait.mode = WaitMode::kPolling;
  o.wait.on_update = [&](const JobStatus&) { ++updates; };
  auto out = f.client.Subscribe(kEndpoint, "{}", o);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(enqueued, "req-7");
  EXPECT_EQ(updates, 2);
  EXPECT_EQ(out->request_id, "req-7");
}

TEST(Cancel, Outcomes) {
  FakeClient f;
  f.fake->EnqueueResponse(202, R"({"status":"CANCELLATION_REQUESTED"})");
  f.fake->EnqueueResponse(400, R"({"status":"ALREADY_COMPLETED"})");
  f.fake->EnqueueResponse(404, R"({"status":"NOT_FOUND"})");
  EXPECT_EQ(Job(f).Cancel().value(), CancelOutcome::kCancellationRequested);
  EXPECT_EQ(Job(f).Cancel().value(), CancelOutcome::kAlreadyCompleted);
  EXPECT_EQ(Job(f).Cancel().value(), CancelOutcome::kNotFound);
}

TEST(ClientJob, RebuildsFromIdsAndRejectsBadOnes) {
  FakeClient f;
  auto job = f.client.Job("workflows/acme/flow/sub", "764cabcf-b745-4b3e-ae38-1200304cf45b");
  ASSERT_TRUE(job.ok());
  f.fake->EnqueueResponse(200, R"({"status":"COMPLETED"})");
  ASSERT_TRUE(job->Status().ok());
  EXPECT_EQ(f.fake->requests().at(0).url,
            "https://queue.fal.run/workflows/acme/flow/requests/764cabcf-b745-4b3e-ae38-1200304cf45b/"
            "status?logs=0");
  EXPECT_EQ(f.client.Job(kEndpoint, "../../x").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(f.client.Job("bad", "r").error().code(), ErrorCode::kInvalidArgument);
}

TEST(Status, MalformedAnswerCarriesRequestIdAndExcerpt) {
  ClientOptions o;
  o.retry.status.max_attempts = 1;  // a garbled answer is otherwise retried (retry_behaviour_test)
  FakeClient f(o);
  f.fake->EnqueueResponse(200, "<html>oops</html>", {{"x-fal-request-id", "rid-9"}});
  auto s = Job(f).Status();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kMalformedResponse);
  EXPECT_EQ(s.error().request_id(), "rid-9");
  EXPECT_NE(s.error().message().find("<html>oops</html>"), std::string::npos);
}

TEST(Client, CopiesShareOneEngineAndOutliveNothing) {
  std::weak_ptr<testing::FakeTransport> weak;
  {
    FakeClient f;
    weak = f.fake;
    Client copy = f.client;
    auto job = Job(f);
    f.fake.reset();
    EXPECT_FALSE(weak.expired());  // the copies and the handle keep the engine
  }
  EXPECT_TRUE(weak.expired());
}

// The last Client let go of while its subscribe's submit is being answered on another thread: letting go
// shuts the client down there and then, so the subscribe has ended (cancelled) when the assignment
// returns. A JobHandle made inside that answer would have held the client a moment longer, and the
// owner's thread would have moved on with the callback still to come (CI once saw 0 of 8 that way).
TEST(Client, LettingGoWhileASubmitIsAnsweredEndsTheSubscribeFirst) {
  auto transport = std::make_shared<test::ManualTransport>();
  ClientOptions options = FakeClient::Configure({}, nullptr);
  options.transport = transport;
  Client doomed(options);
  std::atomic<bool> answering{false}, letting_go{false};
  std::atomic<int> callbacks{0};
  std::optional<ErrorCode> code;
  SubscribeOptions o;
  o.wait = Polling();
  o.on_enqueue = [&](const std::string&) {
    answering = true;
    while (!letting_go) std::this_thread::yield();
    std::this_thread::sleep_for(milliseconds(100));  // the owner's thread is inside the assignment now
  };
  doomed.SubscribeAsync(kEndpoint, "{}", o, [&](Result<RawOutput> r) {
    code = r.ok() ? std::nullopt : std::optional<ErrorCode>(r.error().code());
    ++callbacks;
  });
  ASSERT_TRUE(transport->WaitForPending(1));
  std::thread server([&] {
    transport->Answer(transport->pending().at(0),
                      http::Outcome::Of(http::Response{200, {}, R"({"request_id":"req-7"})"}));
  });
  while (!answering) std::this_thread::yield();
  letting_go = true;
  doomed = Client(options);
  EXPECT_EQ(callbacks.load(), 1);
  server.join();
  EXPECT_EQ(callbacks.load(), 1);
  EXPECT_EQ(code, ErrorCode::kCancelled);
}

}  // namespace
}  // namespace fal
