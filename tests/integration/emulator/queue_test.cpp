// Queue routes: submit, status (every state), status stream, result, cancel, start timeouts, and the
// URL rules of fal-protocol.md 1.3.
#include <cctype>
#include <set>

#include "emulator_test_util.hpp"

namespace fal::emulator_test {
namespace {

// 8-4-4-4-12 lower-case hex, version 4, RFC 4122 variant. (No std::regex: GCC 12 warns inside <regex>
// under ASan, and warnings are errors.)
bool IsUuid4(const std::string& id) {
  if (id.size() != 36) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (id[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(id[i]))) return false;
    if (!dash && std::isupper(static_cast<unsigned char>(id[i]))) return false;
  }
  return id[14] == '4' && std::string("89ab").find(id[19]) != std::string::npos;
}

using EmulatorQueueTest = EmulatorTest;

// Reads a status stream to its end; returns the JSON of each data: line and the comment lines.
struct StreamRead {
  int status = 0;
  httplib::Headers headers;
  std::vector<json> events;
  std::vector<std::string> raw_events;
  int comments = 0;
  bool ok = false;
};

StreamRead ReadStream(httplib::Client& http, const std::string& path) {
  StreamRead out;
  std::string buffer;
  auto res = http.Get(
      path, httplib::Headers{{"Accept", "text/event-stream"}},
      [&](const httplib::Response& response) {
        out.status = response.status;
        out.headers = response.headers;
        return true;
      },
      [&](const char* data, std::size_t size) {
        buffer.append(data, size);
        std::size_t end;
        while ((end = buffer.find("\n\n")) != std::string::npos) {
          const std::string block = buffer.substr(0, end);
          buffer.erase(0, end + 2);
          if (block.rfind(":", 0) == 0) {
            ++out.comments;
          } else if (block.rfind("data: ", 0) == 0) {
            out.raw_events.push_back(block.substr(6));
            out.events.push_back(json::parse(block.substr(6), nullptr, false));
          }
        }
        return true;
      });
  out.ok = static_cast<bool>(res);
  return out;
}

TEST_F(EmulatorQueueTest, SubmitAnswersInQueueWithRequestIdAndAppUrls) {
  auto res =
      http().Post(std::string("/") + kRenderToReal, MinimalInput(kRenderToReal).dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const json body = ParseJson(res->body);
  const std::string id = body["request_id"];
  EXPECT_TRUE(IsUuid4(id)) << id;
  EXPECT_EQ(res->get_header_value("x-fal-request-id"), id);
  EXPECT_EQ(body["status"], "IN_QUEUE");
  EXPECT_EQ(body["gateway_request_id"], id);
  EXPECT_EQ(body["queue_position"], 0);
  // Status, result and cancel URLs carry owner/alias only, never the endpoint's path.
  const std::string response_url = base() + "/fal-ai/ltx-2.3-quality/requests/" + id;
  EXPECT_EQ(body["response_url"], response_url);
  EXPECT_EQ(body["status_url"], response_url + "/status");
  EXPECT_EQ(body["cancel_url"], response_url + "/cancel");
}

TEST_F(EmulatorQueueTest, RequestIdsAreUniqueUuids) {
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.insert(Submit(kImageToVideo, MinimalInput(kImageToVideo))["request_id"]);
  EXPECT_EQ(ids.size(), 20u);
}

TEST_F(EmulatorQueueTest, StatusGoesInQueueThenInProgressThenCompleted) {
  Restart({"--queue-ms", "150", "--run-ms", "300", "--log-every-ms", "50"});
  const json submitted = Submit(kRenderToReal, MinimalInput(kRenderToReal));
  const std::string path = StatusPath(kQualityApp, submitted["request_id"]) + "?logs=1";
  std::set<std::string> seen;
  std::string last;
  const std::int64_t before_us = SteadyNowMicros();
  for (int i = 0; i < 400 && last != "COMPLETED"; ++i) {
    auto res = http().Get(path);
    ASSERT_TRUE(res);
    const json status = ParseJson(res->body);
    last = status["status"];
    seen.insert(last);
    EXPECT_EQ(res->get_header_value("x-fal-request-id"), submitted["request_id"]);
    if (last == "IN_QUEUE") {
      EXPECT_EQ(res->status, 202);
      EXPECT_EQ(status["queue_position"], 0);
      EXPECT_FALSE(res->has_header("X-Emulator-Completed-At-Us"));
    } else if (last == "IN_PROGRESS") {
      EXPECT_EQ(res->status, 202);
      EXPECT_TRUE(status["logs"].is_array());
      EXPECT_FALSE(status.contains("metrics"));
    } else {
      EXPECT_EQ(res->status, 200);
      EXPECT_TRUE(status["logs"].is_array());
      EXPECT_GE(status["logs"].size(), 4u);  // pipeline, denoising steps, done
      EXPECT_NEAR(status["metrics"]["inference_time"].get<double>(), 0.3, 0.01);
      EXPECT_FALSE(status.contains("error"));
      // The completion stamp is CLOCK_MONOTONIC microseconds, comparable with our steady_clock.
      const std::int64_t stamp = std::stoll(res->get_header_value("X-Emulator-Completed-At-Us"));
      EXPECT_GT(stamp, before_us);
      EXPECT_LE(stamp, SteadyNowMicros());
      for (const auto& line : status["logs"]) {
        EXPECT_EQ(line["source"], "USER");
        EXPECT_TRUE(line["timestamp"].is_string());
        EXPECT_TRUE(line["level"].is_string());
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(seen, (std::set<std::string>{"IN_QUEUE", "IN_PROGRESS", "COMPLETED"}));
}

TEST_F(EmulatorQueueTest, LogsOnlyWhenAsked) {
  const json submitted = Submit(kRenderToReal, MinimalInput(kRenderToReal));
  WaitCompleted(kQualityApp, submitted["request_id"]);
  const std::string path = StatusPath(kQualityApp, submitted["request_id"]);
  EXPECT_TRUE(ParseJson(http().Get(path + "?logs=0")->body)["logs"].is_null());
  EXPECT_TRUE(ParseJson(http().Get(path)->body)["logs"].is_null());
  EXPECT_TRUE(ParseJson(http().Get(path + "?logs=1")->body)["logs"].is_array());
  EXPECT_TRUE(ParseJson(http().Get(path + "?logs=true")->body)["logs"].is_array());
  // Older server-side code adds a trailing slash.
  auto slash = http().Get(path + "/?logs=1");
  ASSERT_TRUE(slash);
  EXPECT_EQ(slash->status, 200);
}

TEST_F(EmulatorQueueTest, QueuePositionsAreTrueBehindLimitedWorkers) {
  Restart({"--workers", "1", "--queue-ms", "0", "--run-ms", "800", "--log-every-ms", "100"});
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    const json submitted = Submit(kImageToVideo, MinimalInput(kImageToVideo));
    ids.push_back(submitted["request_id"]);
  }
  ASSERT_EQ(WaitForStat("jobs_in_progress", 1)["jobs_in_progress"], 1);
  // One job runs; the others wait with 0, 1, 2 jobs ahead of them.
  EXPECT_EQ(ParseJson(http().Get(StatusPath(kQualityApp, ids[0]))->body)["status"], "IN_PROGRESS");
  for (int i = 1; i < 4; ++i) {
    const json status = ParseJson(http().Get(StatusPath(kQualityApp, ids[i]))->body);
    EXPECT_EQ(status["status"], "IN_QUEUE");
    EXPECT_EQ(status["queue_position"], i - 1);
  }
  // When the first finishes, everybody moves up by one.
  WaitCompleted(kQualityApp, ids[0]);
  ASSERT_EQ(WaitForStat("jobs_in_queue", 2)["jobs_in_queue"], 2);  // the next job has taken the worker
  EXPECT_EQ(ParseJson(http().Get(StatusPath(kQualityApp, ids[1]))->body)["status"], "IN_PROGRESS");
  EXPECT_EQ(ParseJson(http().Get(StatusPath(kQualityApp, ids[3]))->body)["queue_position"], 1);
  const json stats = Stats();
  EXPECT_EQ(stats["jobs_in_progress"], 1);
  EXPECT_EQ(stats["jobs_in_queue"], 2);
}

TEST_F(EmulatorQueueTest, LowPriorityWaitsBehindNormal) {
  Restart({"--workers", "1", "--queue-ms", "0", "--run-ms", "400"});
  Submit(kImageToVideo, MinimalInput(kImageToVideo));  // takes the worker
  ASSERT_EQ(WaitForStat("jobs_in_progress", 1)["jobs_in_progress"], 1);
  const json low = Submit(kImageToVideo, MinimalInput(kImageToVideo), "", {{"x-fal-queue-priority", "low"}});
  EXPECT_EQ(low["queue_position"], 0);
  const json normal = Submit(kImageToVideo, MinimalInput(kImageToVideo));
  EXPECT_EQ(normal["queue_position"], 0);
  EXPECT_EQ(ParseJson(http().Get(StatusPath(kQualityApp, low["request_id"]))->body)["queue_position"], 1);
}

TEST_F(EmulatorQueueTest, ResultIs400BeforeCompletionAndTheOutputAfter) {
  Restart({"--queue-ms", "200", "--run-ms", "50"});
  const json submitted = Submit(kRenderToReal, MinimalInput(kRenderToReal));
  const std::string result_path =
      "/" + std::string(kQualityApp) + "/requests/" + submitted["request_id"].get<std::string>();
  auto early = http().Get(result_path);
  ASSERT_TRUE(early);
  EXPECT_EQ(early->status, 400);
  EXPECT_EQ(early->get_header_value("x-fal-request-id"), submitted["request_id"]);
  WaitCompleted(kQualityApp, submitted["request_id"]);
  auto done = http().Get(result_path);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, 200);
  EXPECT_EQ(done->get_header_value("x-fal-request-id"), submitted["request_id"]);
  EXPECT_TRUE(ParseJson(done->body)["video"]["url"].is_string());
}

TEST_F(EmulatorQueueTest, UrlsWithTheEndpointPathOrAnUnknownIdAre404) {
  const json submitted = Submit(kRenderToReal, MinimalInput(kRenderToReal));
  const std::string id = submitted["request_id"];
  // fal-protocol.md 1.3: status, result and cancel drop the endpoint's path.
  auto with_path = http().Get(std::string("/") + kRenderToReal + "/requests/" + id + "/status");
  ASSERT_TRUE(with_path);
  EXPECT_EQ(with_path->status, 404);
  auto other_app = http().Get("/fal-ai/ltx-2.3-22b/requests/" + id + "/status");
  EXPECT_EQ(other_app->status, 404);
  auto unknown = http().Get(StatusPath(kQualityApp, "00000000-0000-4000-8000-000000000000"));
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(unknown->get_header_value("x-fal-request-id"), "00000000-0000-4000-8000-000000000000");
  auto unknown_result = http().Get("/fal-ai/ltx-2.3-quality/requests/nope");
  EXPECT_EQ(unknown_result->status, 404);
}

TEST_F(EmulatorQueueTest, UnknownEndpointIs404AndBadJsonIs422) {
  auto unknown = http().Post("/fal-ai/ltx-2.3-quality/no-such-endpoint", "{}", "application/json");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_NE(ParseJson(unknown->body)["detail"].get<std::string>().find("no-such-endpoint"),
            std::string::npos);
  EXPECT_TRUE(unknown->has_header("x-fal-request-id"));

  auto bad_json = http().Post(std::string("/") + kRenderToReal, "{not json", "application/json");
  EXPECT_EQ(bad_json->status, 422);
  EXPECT_EQ(ParseJson(bad_json->body)["detail"][0]["type"], "json_invalid");
  auto not_object = http().Post(std::string("/") + kRenderToReal, "[1,2]", "application/json");
  EXPECT_EQ(not_object->status, 422);
  EXPECT_EQ(Stats()["jobs_created"], 0);

  auto unknown_route = http().Get("/nothing-here");
  EXPECT_EQ(unknown_route->status, 404);
  EXPECT_EQ(Stats()["requests"]["unknown"], 1);
}

TEST_F(EmulatorQueueTest, CancelWhileQueuedEndsTheJobCancelled) {
  Restart({"--workers", "1", "--queue-ms", "0", "--run-ms", "500"});
  Submit(kImageToVideo, MinimalInput(kImageToVideo));
  const json queued = Submit(kImageToVideo, MinimalInput(kImageToVideo));
  const std::string id = queued["request_id"];
  auto cancel =
      http().Put("/" + std::string(kQualityApp) + "/requests/" + id + "/cancel", "", "application/json");
  ASSERT_TRUE(cancel);
  EXPECT_EQ(cancel->status, 202);
  EXPECT_EQ(ParseJson(cancel->body)["status"], "CANCELLATION_REQUESTED");
  EXPECT_EQ(cancel->get_header_value("x-fal-request-id"), id);
  // fal has no CANCELLED state: the job ends COMPLETED with an error.
  const json status = ParseJson(http().Get(StatusPath(kQualityApp, id))->body);
  EXPECT_EQ(status["status"], "COMPLETED");
  EXPECT_EQ(status["error_type"], "client_cancelled");
  auto result = http().Get("/" + std::string(kQualityApp) + "/requests/" + id);
  EXPECT_EQ(result->status, 499);
  EXPECT_EQ(ParseJson(result->body)["error_type"], "client_cancelled");
  EXPECT_EQ(Stats()["jobs_cancelled"], 1);
}

// fal answers a PUT cancel without a body (curl -X PUT .../cancel sends no Content-Length) at once; so does
// the emulator, instead of waiting for a body until its read timeout.
TEST_F(EmulatorQueueTest, ABodilessCancelIsAnsweredAtOnce) {
  Restart({"--queue-ms", "5000"});
  const std::string id = Submit(kImageToVideo, MinimalInput(kImageToVideo))["request_id"];
  const std::string request = "PUT /" + std::string(kQualityApp) + "/requests/" + id +
                              "/cancel HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  const RawExchange raw = RawRequest(emulator().port(), request, std::chrono::seconds(10));
  ASSERT_FALSE(raw.timed_out);
  EXPECT_EQ(raw.received.rfind("HTTP/1.1 202", 0), 0u) << raw.received;
  EXPECT_NE(raw.received.find("CANCELLATION_REQUESTED"), std::string::npos) << raw.received;
  EXPECT_LT(raw.elapsed, std::chrono::seconds(5)) << "the read timeout is what a hang would take";
  EXPECT_EQ(Stats()["jobs_cancelled"], 1);
}

TEST_F(EmulatorQueueTest, CancelWhileRunningThenAfterCompletionThenUnknown) {
  Restart({"--queue-ms", "0", "--run-ms", "2000", "--log-every-ms", "50"});
  const json running = Submit(kRenderToReal, MinimalInput(kRenderToReal));
  const std::string id = running["request_id"];
  ASSERT_EQ(WaitForStat("jobs_in_progress", 1)["jobs_in_progress"], 1);
  const std::string cancel_path = "/" + std::string(kQualityApp) + "/requests/" + id + "/cancel";
  auto first = http().Put(cancel_path, "", "application/json");
  EXPECT_EQ(first->status, 202);
  const json status = WaitCompleted(kQualityApp, id, std::chrono::milliseconds(500));
  EXPECT_EQ(status["error_type"], "client_cancelled");
  auto again = http().Put(cancel_path, "", "application/json");
  EXPECT_EQ(again->status, 400);
  EXPECT_EQ(ParseJson(again->body)["status"], "ALREADY_COMPLETED");
  auto unknown =
      http().Put("/" + std::string(kQualityApp) + "/requests/unknown-id/cancel", "", "application/json");
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(ParseJson(unknown->body)["status"], "NOT_FOUND");
}

TEST_F(EmulatorQueueTest, StartTimeoutExpiresWhileQueued) {
  Restart({"--workers", "1", "--queue-ms", "0", "--run-ms", "1000"});
  Submit(kImageToVideo, MinimalInput(kImageToVideo));
  const json waiting =
      Submit(kImageToVideo, MinimalInput(kImageToVideo), "", {{"X-Fal-Request-Start-Timeout", "0.15"}});
  const json status = WaitCompleted(kQualityApp, waiting["request_id"], std::chrono::milliseconds(800));
  EXPECT_EQ(status["error_type"], "request_timeout");
  auto result =
      http().Get("/" + std::string(kQualityApp) + "/requests/" + waiting["request_id"].get<std::string>());
  EXPECT_EQ(result->status, 504);
  EXPECT_EQ(result->get_header_value("X-Fal-Request-Timeout-Type"), "user");
  // The older header name works too.
  const json older =
      Submit(kImageToVideo, MinimalInput(kImageToVideo), "", {{"x-fal-request-timeout", "0.1"}});
  EXPECT_EQ(WaitCompleted(kQualityApp, older["request_id"], std::chrono::milliseconds(800))["error_type"],
            "request_timeout");
}

TEST_F(EmulatorQueueTest, StreamSendsOneEventPerChangeWithOnlyNewLogsThenCloses) {
  Restart({"--queue-ms", "100", "--run-ms", "200", "--log-every-ms", "40"});
  const json submitted = Submit(kRenderToReal, MinimalInput(kRenderToReal));
  const std::string id = submitted["request_id"];
  const StreamRead stream = ReadStream(http(), StatusPath(kQualityApp, id) + "/stream?logs=1");
  ASSERT_TRUE(stream.ok);
  EXPECT_EQ(stream.status, 200);
  EXPECT_EQ(HeaderValue(stream.headers, "Content-Type"), std::string("text/event-stream"));
  ASSERT_GE(stream.events.size(), 3u);
  EXPECT_EQ(stream.events.front()["status"], "IN_QUEUE");
  EXPECT_EQ(stream.events.back()["status"], "COMPLETED");
  const std::int64_t stamp = stream.events.back()["emulator_completed_at_us"];
  EXPECT_LE(stamp, SteadyNowMicros());
  // States never go backwards, and each log line arrives exactly once.
  const std::vector<std::string> order = {"IN_QUEUE", "IN_PROGRESS", "COMPLETED"};
  std::size_t rank = 0;
  std::vector<std::string> streamed_logs;
  for (const auto& event : stream.events) {
    const auto at = std::find(order.begin(), order.end(), event["status"].get<std::string>()) - order.begin();
    EXPECT_GE(static_cast<std::size_t>(at), rank);
    rank = static_cast<std::size_t>(at);
    EXPECT_EQ(event["request_id"], id);
    if (event.contains("logs") && event["logs"].is_array()) {
      for (const auto& line : event["logs"]) streamed_logs.push_back(line["message"]);
    }
  }
  const json polled = ParseJson(http().Get(StatusPath(kQualityApp, id) + "?logs=1")->body);
  std::vector<std::string> all_logs;
  for (const auto& line : polled["logs"]) all_logs.push_back(line["message"]);
  EXPECT_EQ(streamed_logs, all_logs);
  EXPECT_EQ(WaitForStat("streams_open", 0)["streams_open"], 0);
}

TEST_F(EmulatorQueueTest, StreamWithoutLogsSendsNoEventThatRepeatsTheLastOne) {
  // A log line every 5 ms while running: each is a change, none is visible without logs=1.
  Restart({"--queue-ms", "30", "--run-ms", "150", "--log-every-ms", "5"});
  const json submitted = Submit(kRenderToReal, MinimalInput(kRenderToReal));
  const StreamRead stream = ReadStream(http(), StatusPath(kQualityApp, submitted["request_id"]) + "/stream");
  ASSERT_TRUE(stream.ok);
  ASSERT_GE(stream.raw_events.size(), 2u);
  for (std::size_t i = 1; i < stream.raw_events.size(); ++i) {
    EXPECT_NE(stream.raw_events[i], stream.raw_events[i - 1]) << "event " << i;
  }
  int in_progress = 0;
  for (const auto& event : stream.events) in_progress += event["status"] == "IN_PROGRESS" ? 1 : 0;
  EXPECT_LE(in_progress, 1);
  EXPECT_EQ(stream.events.back()["status"], "COMPLETED");
}

TEST_F(EmulatorQueueTest, StreamOfACompletedJobHasTheStampHeaderAndOneEvent) {
  const json submitted = Submit(kRenderToReal, MinimalInput(kRenderToReal));
  WaitCompleted(kQualityApp, submitted["request_id"]);
  const StreamRead stream = ReadStream(http(), StatusPath(kQualityApp, submitted["request_id"]) + "/stream");
  ASSERT_EQ(stream.events.size(), 1u);
  EXPECT_EQ(stream.events[0]["status"], "COMPLETED");
  EXPECT_TRUE(stream.events[0]["logs"].is_null());
  const std::string header = HeaderValue(stream.headers, "X-Emulator-Completed-At-Us");
  EXPECT_EQ(header, std::to_string(stream.events[0]["emulator_completed_at_us"].get<std::int64_t>()));
}

TEST_F(EmulatorQueueTest, StreamSendsKeepAliveCommentsWhileNothingChanges) {
  Restart({"--queue-ms", "400", "--run-ms", "10", "--sse-keepalive-ms", "60"});
  const json submitted = Submit(kImageToVideo, MinimalInput(kImageToVideo));
  const StreamRead stream = ReadStream(http(), StatusPath(kQualityApp, submitted["request_id"]) + "/stream");
  EXPECT_GE(stream.comments, 3);
  EXPECT_EQ(stream.events.back()["status"], "COMPLETED");
}

TEST_F(EmulatorQueueTest, StreamOfAnUnknownJobIs404) {
  auto res = http().Get(StatusPath(kQualityApp, "missing") + "/stream");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(EmulatorQueueTest, SyncStyleHeadersAreAccepted) {
  // Headers the SDK sends on submit are accepted and ignored where the emulator has no use for them.
  const json submitted =
      Submit(kRenderToReal, MinimalInput(kRenderToReal), "",
             {{"x-fal-runner-hint", "abc"},
              {"X-Fal-No-Retry", "1"},
              {"X-Fal-Store-IO", "0"},
              {"x-fal-object-lifecycle-preference", R"({"expiration_duration_seconds":60})"}});
  EXPECT_EQ(submitted["status"], "IN_QUEUE");
}

}  // namespace
}  // namespace fal::emulator_test
