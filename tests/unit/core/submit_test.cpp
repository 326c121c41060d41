// Submit through the client: URL, headers per operation, credentials only to API hosts.
#include <gtest/gtest.h>

#include "fake_client.hpp"

namespace fal {
namespace {

using test::FakeClient;

constexpr const char* kSubmitOk =
    R"({"status":"IN_QUEUE","request_id":"req-1","status_url":"https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-1/status",)"
    R"("response_url":"https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-1","cancel_url":"https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-1/cancel"})";

TEST(Submit, PostsBodyToFullIdWithStandardHeaders) {
  FakeClient f;
  f.fake->EnqueueResponse(200, kSubmitOk);
  auto job = f.client.Submit("fal-ai/ltx-2.3-quality/render-to-real", R"({"video_url":"https://x/v.mp4"})");
  ASSERT_TRUE(job.ok()) << job.error().ToString();
  EXPECT_EQ(job->request_id(), "req-1");
  EXPECT_EQ(job->endpoint().Full(), "fal-ai/ltx-2.3-quality/render-to-real");
  auto reqs = f.fake->requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, http::Method::kPost);
  EXPECT_EQ(reqs[0].url, "https://queue.fal.run/fal-ai/ltx-2.3-quality/render-to-real");
  EXPECT_EQ(reqs[0].body, R"({"video_url":"https://x/v.mp4"})");
  EXPECT_EQ(http::FindHeader(reqs[0].headers, "authorization"), "Key key-id:key-secret");
  EXPECT_EQ(http::FindHeader(reqs[0].headers, "content-type"), "application/json");
  EXPECT_EQ(http::FindHeader(reqs[0].headers, "accept"), "application/json");
  EXPECT_EQ(http::FindHeader(reqs[0].headers, "user-agent").value_or("").rfind("falcpp/", 0), 0u);
  EXPECT_FALSE(http::FindHeader(reqs[0].headers, "x-fal-queue-priority"));
  EXPECT_EQ(reqs[0].timeout, std::chrono::milliseconds(60000));
  EXPECT_EQ(reqs[0].connect_timeout, std::chrono::milliseconds(10000));
}

TEST(Submit, WebhookAndOptionsReachTheWire) {
  FakeClient f;
  f.fake->EnqueueResponse(200, kSubmitOk);
  SubmitOptions o;
  o.webhook_url = "https://hooks.example/fal?job=1&x=a b";
  o.priority = Priority::kLow;
  o.hint = "h1";
  ASSERT_TRUE(f.client.Submit("fal-ai/flux", "{}", o).ok());
  auto r = f.fake->requests().at(0);
  EXPECT_EQ(
      r.url,
      "https://queue.fal.run/fal-ai/flux?fal_webhook=https%3A%2F%2Fhooks.example%2Ffal%3Fjob%3D1%26x%3Da+b");
  EXPECT_EQ(http::FindHeader(r.headers, "x-fal-queue-priority"), "low");
  EXPECT_EQ(http::FindHeader(r.headers, "x-fal-runner-hint"), "h1");
}

TEST(Submit, NoCredentialsNoAuthorizationHeader) {
  ClientOptions o;
  o.credentials = Credentials("");
  auto fake = std::make_shared<testing::FakeTransport>();
  o.transport = fake;
  o.use_environment = false;
  Client c(o);
  fake->EnqueueResponse(200, kSubmitOk);
  ASSERT_TRUE(c.Submit("fal-ai/flux", "{}").ok());
  EXPECT_FALSE(http::FindHeader(fake->requests().at(0).headers, "authorization"));
}

TEST(Submit, BadInputsFailBeforeAnythingIsSent) {
  FakeClient f;
  EXPECT_EQ(f.client.Submit("not an id", "{}").error().code(), ErrorCode::kInvalidArgument);
  SubmitOptions o;
  o.start_timeout = std::chrono::milliseconds(50);
  EXPECT_EQ(f.client.Submit("fal-ai/flux", "{}", o).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(Submit, ConfigurationErrorSurfacesOnFirstCall) {
  ClientOptions o;
  o.base_url = "http://10.1.2.3:8080";
  FakeClient f(o);
  auto job = f.client.Submit("fal-ai/flux", "{}");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(job.error().message().find("plain http"), std::string::npos);
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(Submit, ServerUrlsOnAnotherHostAreNotTrusted) {
  FakeClient f;
  f.fake->EnqueueResponse(
      200,
      R"({"request_id":"req-1","status_url":"https://evil.example/s","response_url":"https://evil.example/r","cancel_url":"https://evil.example/c"})");
  auto job = f.client.Submit("fal-ai/ltx-2.3-quality/render-to-real", "{}").value();
  f.fake->EnqueueResponse(200, R"({"status":"COMPLETED"})");
  ASSERT_TRUE(job.Status().ok());
  EXPECT_EQ(f.fake->requests().at(1).url,
            "https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-1/status?logs=0");
}

TEST(Submit, ServerUrlsOnTheQueueHostAreUsed) {
  FakeClient f;
  f.fake->EnqueueResponse(
      200,
      R"({"request_id":"req-1","status_url":"https://queue.fal.run/workflows/a/b/requests/req-1/status"})");
  auto job = f.client.Submit("workflows/a/b/c", "{}").value();
  f.fake->EnqueueResponse(200, R"({"status":"COMPLETED"})");
  ASSERT_TRUE(job.Status(fal::Logs::kInclude).ok());
  EXPECT_EQ(f.fake->requests().at(1).url, "https://queue.fal.run/workflows/a/b/requests/req-1/status?logs=1");
}

TEST(Headers, EveryApiOperationCarriesKeyAndUserAgent) {
  ClientOptions o;
  o.user_agent_suffix = "my-plugin/2";
  FakeClient f(o);
  auto job = f.client.Job("fal-ai/ltx-2.3-quality/render-to-real", "req-9").value();
  f.fake->EnqueueResponse(202, R"({"status":"IN_QUEUE","queue_position":0})");
  f.fake->EnqueueResponse(200, R"({"video":{"url":"u"}})");
  f.fake->EnqueueResponse(202, R"({"status":"CANCELLATION_REQUESTED"})");
  ASSERT_TRUE(job.Status().ok());
  ASSERT_TRUE(job.FetchResult().ok());
  ASSERT_TRUE(job.Cancel().ok());
  auto reqs = f.fake->requests();
  ASSERT_EQ(reqs.size(), 3u);
  EXPECT_EQ(reqs[0].method, http::Method::kGet);
  EXPECT_EQ(reqs[1].method, http::Method::kGet);
  EXPECT_EQ(reqs[1].url, "https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-9");
  EXPECT_EQ(reqs[2].method, http::Method::kPut);
  EXPECT_EQ(reqs[2].url, "https://queue.fal.run/fal-ai/ltx-2.3-quality/requests/req-9/cancel");
  for (const auto& r : reqs) {
    EXPECT_EQ(http::FindHeader(r.headers, "authorization"), "Key key-id:key-secret") << r.url;
    std::string ua = http::FindHeader(r.headers, "user-agent").value_or("");
    EXPECT_NE(ua.find(" my-plugin/2"), std::string::npos) << ua;
  }
}

TEST(Logging, NeverShowsTheKeyOrQueryStrings) {
  std::vector<std::string> lines;
  ClientOptions o;
  o.credentials = Credentials("canary-KEY-0123456789");
  o.log = [&](LogLevel, std::string_view line) { lines.emplace_back(line); };
  o.log_bodies = true;
  FakeClient f(o);
  f.fake->EnqueueResponse(503, "{}");
  f.fake->EnqueueResponse(200, kSubmitOk, test::FalId());
  SubmitOptions so;
  so.webhook_url = "https://hooks.example/x?token=hook-secret";
  ASSERT_TRUE(f.client.Submit("fal-ai/flux", R"({"prompt":"hi"})", so).ok());
  ASSERT_FALSE(lines.empty());
  for (const auto& l : lines) {
    EXPECT_EQ(l.find("canary-KEY"), std::string::npos) << l;
    EXPECT_EQ(l.find("hook-secret"), std::string::npos) << l;
    EXPECT_EQ(l.find("fal_webhook"), std::string::npos) << l;
  }
}

}  // namespace
}  // namespace fal
