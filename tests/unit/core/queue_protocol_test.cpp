#include "internal/queue_protocol.hpp"

#include <gtest/gtest.h>

namespace fal::internal {
namespace {

EndpointId Id(const char* s) { return EndpointId::Parse(s).value(); }
constexpr const char* kQ = "https://queue.fal.run";

struct UrlCase {
  const char* id;
  const char* submit;
  const char* status;
};

class QueueUrls : public ::testing::TestWithParam<UrlCase> {};

TEST_P(QueueUrls, SubmitUsesFullIdOthersUseApp) {
  const UrlCase& c = GetParam();
  EndpointId id = Id(c.id);
  EXPECT_EQ(SubmitUrl(kQ, id, ""), c.submit);
  EXPECT_EQ(RequestUrl(kQ, id, "R", "/status"), std::string(c.status) + "/status");
  EXPECT_EQ(RequestUrl(kQ, id, "R", "/status/stream"), std::string(c.status) + "/status/stream");
  EXPECT_EQ(RequestUrl(kQ, id, "R", ""), c.status);
  EXPECT_EQ(RequestUrl(kQ, id, "R", "/cancel"), std::string(c.status) + "/cancel");
}

INSTANTIATE_TEST_SUITE_P(
    Table, QueueUrls,
    ::testing::Values(UrlCase{"fal-ai/ltx-2.3-quality/render-to-real",
                              "https://queue.fal.run/fal-ai/ltx-2.3-quality/render-to-real",
                              "https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/R"},
                      UrlCase{"fal-ai/ltx-2.3-22b/text-to-video/lora",
                              "https://queue.fal.run/fal-ai/ltx-2.3-22b/text-to-video/lora",
                              "https://queue.fal.run/fal-ai/ltx-2.3-22b/requests/R"},
                      UrlCase{"workflows/acme/my-flow/sub",
                              "https://queue.fal.run/workflows/acme/my-flow/sub",
                              "https://queue.fal.run/workflows/acme/my-flow/requests/R"},
                      UrlCase{"123-my-app", "https://queue.fal.run/123/my-app",
                              "https://queue.fal.run/123/my-app/requests/R"},
                      UrlCase{"fal-ai/flux", "https://queue.fal.run/fal-ai/flux",
                              "https://queue.fal.run/fal-ai/flux/requests/R"}));

TEST(SubmitUrl, WebhookIsFormEncoded) {
  EXPECT_EQ(SubmitUrl(kQ, Id("fal-ai/ltx-2.3-quality/render-to-real"), "https://x.y/hook?a=1&b=c d"),
            "https://queue.fal.run/fal-ai/ltx-2.3-quality/render-to-real?fal_webhook="
            "https%3A%2F%2Fx.y%2Fhook%3Fa%3D1%26b%3Dc+d");
}

TEST(PreferServerUrl, OnlyOnTheQueueHost) {
  EXPECT_EQ(PreferServerUrl(kQ, "https://queue.fal.run/workflows/a/b/requests/R/status", "built"),
            "https://queue.fal.run/workflows/a/b/requests/R/status");
  EXPECT_EQ(PreferServerUrl(kQ, "https://evil.example/requests/R/status", "built"), "built");
  EXPECT_EQ(PreferServerUrl(kQ, "http://queue.fal.run/x", "built"), "built");
  EXPECT_EQ(PreferServerUrl(kQ, "", "built"), "built");
  EXPECT_EQ(PreferServerUrl(kQ, "garbage", "built"), "built");
}

TEST(CheckRequestId, OnlyPathSafeIds) {
  EXPECT_TRUE(CheckRequestId("764cabcf-b745-4b3e-ae38-1200304cf45b").ok());
  for (const char* bad : {"", "../x", "a/b", "a?b", "a b", "a%2f"})
    EXPECT_FALSE(CheckRequestId(bad).ok()) << bad;
}

TEST(SubmitHeaders, DefaultsAreMinimal) {
  auto h = SubmitHeaders(SubmitOptions{});
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*h, (http::Headers{{"Content-Type", "application/json"}}));
}

TEST(SubmitHeaders, EveryOption) {
  SubmitOptions o;
  o.priority = Priority::kLow;
  o.hint = "lora-a";
  o.start_timeout = std::chrono::milliseconds(30000);
  o.lifecycle = ObjectLifecycle::FromPreset("1d").value();
  o.no_retry = true;
  o.store_io = false;
  o.extra_headers = {{"X-Custom", "1"}, {"x-fal-queue-priority", "normal"}};
  auto h = SubmitHeaders(o);
  ASSERT_TRUE(h.ok());
  auto get = [&](const char* n) { return http::FindHeader(*h, n).value_or("<none>"); };
  EXPECT_EQ(get("x-custom"), "1");
  EXPECT_EQ(get("x-fal-queue-priority"), "low");  // the named option wins over the extra header
  EXPECT_EQ(get("x-fal-runner-hint"), "lora-a");
  EXPECT_EQ(get("x-fal-request-start-timeout"), "30");
  EXPECT_EQ(get("x-fal-request-timeout"), "30");
  EXPECT_EQ(get("x-fal-object-lifecycle-preference"), R"({"expiration_duration_seconds":86400})");
  EXPECT_EQ(get("x-fal-no-retry"), "1");
  EXPECT_EQ(get("x-fal-store-io"), "0");
  int priorities = 0;
  for (const auto& [k, v] : *h) priorities += (k == "x-fal-queue-priority");
  EXPECT_EQ(priorities, 1);
}

TEST(SubmitHeaders, FractionalStartTimeoutAndBounds) {
  SubmitOptions o;
  o.start_timeout = std::chrono::milliseconds(1500);
  EXPECT_EQ(http::FindHeader(SubmitHeaders(o).value(), "x-fal-request-start-timeout"), "1.5");
  o.start_timeout = std::chrono::milliseconds(100);
  auto bad = SubmitHeaders(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("0.1 s"), std::string::npos);
}

TEST(SubmitHeaders, AuthorizationCannotBeSmuggledIn) {
  SubmitOptions o;
  o.extra_headers = {{"authorization", "Key other"}};
  EXPECT_EQ(SubmitHeaders(o).error().code(), ErrorCode::kInvalidArgument);
}

TEST(ObjectLifecycle, PresetsAndAcl) {
  EXPECT_EQ(ObjectLifecycle::FromPreset("immediate")->expiration_seconds, 60);
  EXPECT_EQ(ObjectLifecycle::FromPreset("1h")->expiration_seconds, 3600);
  EXPECT_EQ(ObjectLifecycle::FromPreset("7d")->expiration_seconds, 604800);
  EXPECT_EQ(ObjectLifecycle::FromPreset("30d")->expiration_seconds, 2592000);
  EXPECT_EQ(ObjectLifecycle::FromPreset("1y")->expiration_seconds, 31536000);
  EXPECT_EQ(ObjectLifecycle::FromPreset("90")->expiration_seconds, 90);
  EXPECT_FALSE(ObjectLifecycle::FromPreset("never")->expiration_seconds);
  for (const char* bad : {"0", "-5", "2w", "", "1h "})
    EXPECT_FALSE(ObjectLifecycle::FromPreset(bad).ok()) << bad;
  ObjectLifecycle l = ObjectLifecycle::Never();
  EXPECT_EQ(LifecycleJson(l), "{}");
  l.default_acl = AclDecision::kHide;
  l.acl_rules.push_back({"user-1", AclDecision::kAllow});
  EXPECT_EQ(LifecycleJson(l),
            R"({"initial_acl":{"default":"hide","rules":[{"decision":"allow","user":"user-1"}]}})");
}

http::Response R(int status, std::string body, http::Headers h = {}) {
  return {status, std::move(h), std::move(body)};
}

TEST(ParseStatus, EachState) {
  auto q = ParseStatus(R(202, R"({"status":"IN_QUEUE","queue_position":3,"request_id":"r"})"), "s").value();
  EXPECT_EQ(q.state, JobState::kInQueue);
  EXPECT_EQ(q.queue_position, 3);
  EXPECT_EQ(q.request_id, "r");
  auto p =
      ParseStatus(
          R(202,
            R"({"status":"IN_PROGRESS","logs":[{"message":"step 1","level":"INFO","source":"USER","timestamp":"2026-11-21T10:00:00Z"}]})"),
          "s")
          .value();
  EXPECT_EQ(p.state, JobState::kInProgress);
  ASSERT_EQ(p.logs.size(), 1u);
  EXPECT_EQ(p.logs[0].message, "step 1");
  EXPECT_EQ(p.logs[0].level, "INFO");
  EXPECT_EQ(p.logs[0].source, "USER");
  EXPECT_EQ(p.logs[0].timestamp, "2026-11-21T10:00:00Z");
  EXPECT_FALSE(p.queue_position);
  auto c =
      ParseStatus(R(200, R"({"status":"COMPLETED","metrics":{"inference_time":1.5,"note":"x"},"logs":null})"),
                  "s")
          .value();
  EXPECT_EQ(c.state, JobState::kCompleted);
  EXPECT_FALSE(c.failed());
  EXPECT_DOUBLE_EQ(c.metrics.at("inference_time"), 1.5);
  EXPECT_EQ(c.metrics.count("note"), 0u);
  auto f =
      ParseStatus(
          R(200,
            R"({"status":"COMPLETED","error":"Runner disconnected","error_type":"runner_disconnected"})"),
          "s")
          .value();
  EXPECT_TRUE(f.failed());
  EXPECT_EQ(f.error_type, "runner_disconnected");
}

TEST(ParseStatus, UnknownStateKeepsRawString) {
  auto s = ParseStatus(R(200, R"({"status":"PAUSED"})"), "s").value();
  EXPECT_EQ(s.state, JobState::kUnknown);
  EXPECT_EQ(s.raw_state, "PAUSED");
}

TEST(ParseStatus, MissingAndWrongTypedFieldsAreTolerated) {
  auto s =
      ParseStatus(
          R(202, R"({"status":"IN_QUEUE","queue_position":"3","logs":[5,{"message":7}],"metrics":[]})"), "s")
          .value();
  EXPECT_FALSE(s.queue_position);
  ASSERT_EQ(s.logs.size(), 1u);
  EXPECT_EQ(s.logs[0].message, "");
}

TEST(ParseStatus, GarbageIsMalformedWithRequestId) {
  for (std::string body : {"", "<html>", "[]", "{\"no\":1}"}) {
    auto s = ParseStatus(R(200, body, {{"x-fal-request-id", "rid"}}), "status of x");
    ASSERT_FALSE(s.ok()) << body;
    EXPECT_EQ(s.error().code(), ErrorCode::kMalformedResponse);
    EXPECT_EQ(s.error().request_id(), "rid");
  }
}

TEST(ParseSubmitAnswer, ReadsIdAndUrls) {
  auto a =
      ParseSubmitAnswer(
          R(200,
            R"({"status":"IN_QUEUE","request_id":"abc-1","status_url":"s","response_url":"r","cancel_url":"c","queue_position":0})"),
          "submit")
          .value();
  EXPECT_EQ(a.request_id, "abc-1");
  EXPECT_EQ(a.status_url, "s");
  EXPECT_EQ(a.response_url, "r");
  EXPECT_EQ(a.cancel_url, "c");
  EXPECT_EQ(ParseSubmitAnswer(R(200, "{}", {{"x-fal-request-id", "hdr"}}), "s")->request_id, "hdr");
  // fal accepted these submits: the job exists, so an unreadable answer is ambiguous, never "malformed"
  // (a caller would resubmit after a plain failure and pay twice).
  EXPECT_EQ(ParseSubmitAnswer(R(200, "{}"), "s").error().code(), ErrorCode::kAmbiguousSubmit);
  EXPECT_EQ(ParseSubmitAnswer(R(200, R"({"request_id":"../x"})"), "s").error().code(),
            ErrorCode::kAmbiguousSubmit);
}

TEST(ParseSubmitAnswer, GarbledAnswerIsAmbiguousWithTheHeaderRequestId) {
  auto e =
      ParseSubmitAnswer(R(200, "\x01\x02garbage", {{"x-fal-request-id", "rid-7"}}), "submit to x").error();
  EXPECT_EQ(e.code(), ErrorCode::kAmbiguousSubmit);
  EXPECT_EQ(e.request_id(), "rid-7");
  EXPECT_EQ(e.http_status(), 200);
  EXPECT_NE(e.message().find("the job exists"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("Client::Job"), std::string::npos) << e.message();
  EXPECT_EQ(ParseSubmitAnswer(R(200, "<html>", {{"x-fal-request-id", "../evil"}}), "s").error().request_id(),
            "");
}

TEST(ParseResultAnswer, OnlyJsonIsAnOutput) {
  auto ok = ParseResultAnswer(R(200, R"({"video":{"url":"u"}})"), "result", "r1");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->request_id, "r1");
  auto cut = ParseResultAnswer(R(200, R"({"video":{"url":"u")"), "result", "r1");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code(), ErrorCode::kMalformedResponse);
  EXPECT_EQ(ResultAnswerProblem(R(200, "garbage")), "the answer is not JSON");
  std::string problem = "unset";
  EXPECT_TRUE(ParseStatus(R(200, R"({"status":"IN_QUEUE"})"), "status", &problem).ok());
  EXPECT_EQ(problem, "");
  EXPECT_FALSE(ParseStatus(R(200, "{}"), "status", &problem).ok());
  EXPECT_EQ(problem, "the answer has no status field");
  // A result answer already checked is not read again: the check's verdict is what counts.
  const std::string checked;
  EXPECT_TRUE(ParseResultAnswer(R(200, "{}"), "result", "r1", &checked).ok());
}

TEST(ParseCancelAnswer, BodyThenStatus) {
  EXPECT_EQ(ParseCancelAnswer(R(202, R"({"status":"CANCELLATION_REQUESTED"})"), "c").value(),
            CancelOutcome::kCancellationRequested);
  EXPECT_EQ(ParseCancelAnswer(R(400, R"({"status":"ALREADY_COMPLETED"})"), "c").value(),
            CancelOutcome::kAlreadyCompleted);
  EXPECT_EQ(ParseCancelAnswer(R(404, R"({"status":"NOT_FOUND"})"), "c").value(), CancelOutcome::kNotFound);
  EXPECT_EQ(ParseCancelAnswer(R(200, "{}"), "c").value(), CancelOutcome::kCancellationRequested);
  EXPECT_EQ(ParseCancelAnswer(R(400, ""), "c").value(), CancelOutcome::kAlreadyCompleted);
  EXPECT_EQ(ParseCancelAnswer(R(404, ""), "c").value(), CancelOutcome::kNotFound);
  EXPECT_EQ(ParseCancelAnswer(R(401, R"({"detail":"bad key"})"), "c").error().code(),
            ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace fal::internal
