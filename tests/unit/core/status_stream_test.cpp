// Waiting on the status stream: events, log accumulation, reconnects, fallback to polling.
#include <gtest/gtest.h>

#include "fake_client.hpp"
#include "internal/sse_parser.hpp"

namespace fal {
namespace {

using std::chrono::milliseconds;
using test::FakeClient;

constexpr const char* kEndpoint = "fal-ai/ltx-2.3-quality/render-to-real";
constexpr const char* kStreamUrl =
    "https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-1/status/stream?logs=1";
constexpr const char* kResultUrl = "https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-1";
constexpr const char* kResult = R"({"video":{"url":"https://cdn/v.mp4"}})";

http::Outcome Sse(std::string body) {
  return http::Outcome::Of(http::Response{200, {{"Content-Type", "text/event-stream"}}, std::move(body)});
}
http::Outcome Json(int status, std::string body) {
  return http::Outcome::Of(http::Response{status, {{"Content-Type", "application/json"}}, std::move(body)});
}
std::string Event(const std::string& json) { return "data: " + json + "\n\n"; }

WaitOptions Streaming() {
  WaitOptions w;
  w.mode = WaitMode::kStreaming;
  w.with_logs = true;
  return w;
}

TEST(StatusStream, FollowsEventsAccumulatesLogsThenFetchesResult) {
  FakeClient f;
  f.fake->Enqueue(Sse(": keep-alive\n\n" + Event(R"({"status":"IN_QUEUE","queue_position":1})") +
                      Event(R"({"status":"IN_PROGRESS","logs":[{"message":"a","timestamp":"t1"}]})") +
                      Event(R"({"status":"IN_PROGRESS","logs":[{"message":"b","timestamp":"t2"}]})") +
                      Event(R"({"status":"COMPLETED","logs":[],"metrics":{"inference_time":1}})")));
  f.fake->Enqueue(Json(200, kResult));
  std::vector<JobStatus> seen;
  WaitOptions w = Streaming();
  w.on_update = [&](const JobStatus& s) { seen.push_back(s); };
  auto out = f.client.Job(kEndpoint, "req-1")->Wait(w);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(out->json, kResult);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].queue_position, 1);
  ASSERT_EQ(seen[3].logs.size(), 2u);
  EXPECT_EQ(seen[3].logs[0].message, "a");
  EXPECT_EQ(seen[3].logs[1].message, "b");
  auto reqs = f.fake->requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].url, kStreamUrl);
  EXPECT_EQ(http::FindHeader(reqs[0].headers, "accept"), "text/event-stream");
  EXPECT_TRUE(http::FindHeader(reqs[0].headers, "authorization"));
  EXPECT_EQ(reqs[1].url, kResultUrl);
}

TEST(StatusStream, EndBeforeCompletedReconnectsAndDoesNotRepeatLogs) {
  FakeClient f;
  f.fake->Enqueue(Sse(Event(R"({"status":"IN_PROGRESS","logs":[{"message":"a","timestamp":"t1"}]})")));
  f.fake->Enqueue(Sse(
      Event(
          R"({"status":"IN_PROGRESS","logs":[{"message":"a","timestamp":"t1"},{"message":"b","timestamp":"t2"}]})") +
      Event(R"({"status":"COMPLETED"})")));
  f.fake->Enqueue(Json(200, kResult));
  JobStatus last;
  WaitOptions w = Streaming();
  w.on_update = [&](const JobStatus& s) { last = s; };
  ASSERT_TRUE(f.client.Job(kEndpoint, "req-1")->Wait(w).ok());
  EXPECT_EQ(last.state, JobState::kCompleted);
  ASSERT_EQ(last.logs.size(), 2u);
  auto reqs = f.fake->requests();
  ASSERT_EQ(reqs.size(), 3u);
  EXPECT_EQ(reqs[0].url, kStreamUrl);
  EXPECT_EQ(reqs[1].url, kStreamUrl);
}

TEST(StatusStream, DuplicateEventsAreIgnored) {
  FakeClient f;
  std::string e = Event(R"({"status":"IN_QUEUE","queue_position":0})");
  f.fake->Enqueue(Sse(e + e + e + Event(R"({"status":"COMPLETED"})")));
  f.fake->Enqueue(Json(200, kResult));
  int updates = 0;
  WaitOptions w = Streaming();
  w.on_update = [&](const JobStatus&) { ++updates; };
  ASSERT_TRUE(f.client.Job(kEndpoint, "req-1")->Wait(w).ok());
  EXPECT_EQ(updates, 2);
}

TEST(StatusStream, NotOfferedFallsBackToPollingAndIsRemembered) {
  FakeClient f;
  f.fake->Enqueue(Json(404, R"({"detail":"Not Found"})"));
  f.fake->Enqueue(Json(200, R"({"status":"COMPLETED"})"));
  f.fake->Enqueue(Json(200, kResult));
  ASSERT_TRUE(f.client.Job(kEndpoint, "req-1")->Wait(Streaming()).ok());
  f.fake->Enqueue(Json(200, R"({"status":"COMPLETED"})"));
  f.fake->Enqueue(Json(200, kResult));
  ASSERT_TRUE(f.client.Job(kEndpoint, "req-1")->Wait(Streaming()).ok());
  auto reqs = f.fake->requests();
  ASSERT_EQ(reqs.size(), 5u);
  EXPECT_EQ(reqs[0].url, kStreamUrl);
  EXPECT_EQ(reqs[1].url, "https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-1/status?logs=1");
  EXPECT_EQ(reqs[3].url, "https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-1/status?logs=1");
}

TEST(StatusStream, RepeatedFailuresFallBackToPollingWithBackoff) {
  FakeClient f;
  for (int i = 0; i < 3; ++i) f.fake->Enqueue(Json(503, "{}"));
  f.fake->Enqueue(Json(200, R"({"status":"COMPLETED"})"));
  f.fake->Enqueue(Json(200, kResult));
  ASSERT_TRUE(f.client.Job(kEndpoint, "req-1")->Wait(Streaming()).ok());
  auto reqs = f.fake->requests();
  ASSERT_EQ(reqs.size(), 5u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(reqs[i].url, kStreamUrl);
  EXPECT_NE(reqs[3].url.find("/status?logs=1"), std::string::npos);
  EXPECT_GE(f.fake->delays().size(), 2u);  // backoff between reconnects
}

TEST(StatusStream, AuthFailureIsReportedNotPolled) {
  FakeClient f;
  f.fake->Enqueue(Json(401, R"({"detail":"Invalid key"})"));
  auto out = f.client.Job(kEndpoint, "req-1")->Wait(Streaming());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(f.fake->requests().size(), 1u);
}

TEST(SseParser, EverySplitPointGivesTheSameEvents) {
  const std::string stream =
      ": hi\r\ndata: {\"a\":1}\r\n\r\nevent: x\ndata: line1\ndata: line2\nid: 7\n\ndata:nospace\r\r";
  std::vector<internal::SseEvent> whole;
  internal::SseParser p;
  p.Feed(stream, [&](const internal::SseEvent& e) { whole.push_back(e); });
  ASSERT_EQ(whole.size(), 3u);
  EXPECT_EQ(whole[0].data, "{\"a\":1}");
  EXPECT_EQ(whole[1].event, "x");
  EXPECT_EQ(whole[1].data, "line1\nline2");
  EXPECT_EQ(whole[1].id, "7");
  EXPECT_EQ(whole[2].data, "nospace");
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    for (std::size_t cut2 = cut; cut2 <= stream.size(); cut2 += 7) {
      std::vector<internal::SseEvent> got;
      internal::SseParser q;
      auto on = [&](const internal::SseEvent& e) { got.push_back(e); };
      q.Feed(std::string_view(stream).substr(0, cut), on);
      q.Feed(std::string_view(stream).substr(cut, cut2 - cut), on);
      q.Feed(std::string_view(stream).substr(cut2), on);
      ASSERT_EQ(got.size(), whole.size()) << cut << "," << cut2;
      for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].data, whole[i].data);
    }
  }
}

}  // namespace
}  // namespace fal
