// The generic nlohmann::json API and the gmock transport mock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fake_client.hpp"
#include "fal/json.hpp"
#include "fal/testing/mock_transport.hpp"

namespace fal {
namespace {

using ::testing::_;
using ::testing::Invoke;

TEST(JsonApi, SubscribeJsonRoundTrips) {
  test::FakeClient f;
  f.fake->EnqueueResponse(200, R"({"request_id":"r1"})");
  f.fake->EnqueueResponse(200, R"({"status":"COMPLETED"})");
  f.fake->EnqueueResponse(200, R"({"video":{"url":"https://cdn/v.mp4"},"seed":3})");
  SubscribeOptions o;
  o.wait.mode = WaitMode::kPolling;
  auto out = SubscribeJson(f.client, "fal-ai/flux", {{"prompt", "a cat"}, {"n", 2}}, o);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ((*out)["video"]["url"], "https://cdn/v.mp4");
  EXPECT_EQ(nlohmann::json::parse(f.fake->requests().at(0).body),
            (nlohmann::json{{"prompt", "a cat"}, {"n", 2}}));
}

TEST(JsonApi, NonJsonOutputIsMalformed) {
  auto out = ParseJson(RawOutput{"<html>", "r9"});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), ErrorCode::kMalformedResponse);
  EXPECT_EQ(out.error().request_id(), "r9");
}

TEST(MockTransport, UsersCanSetExpectationsOnRequests) {
  auto mock = std::make_shared<testing::MockTransport>();
  EXPECT_CALL(*mock, Send(_, _))
      .WillOnce(Invoke([](http::Request r, std::function<void(http::Outcome)> done) {
        EXPECT_EQ(r.url, "https://queue.fal.run/fal-ai/flux");
        done(http::Outcome::Of(http::Response{200, {}, R"({"request_id":"m1"})"}));
      }));
  ClientOptions o;
  o.transport = mock;
  o.use_environment = false;
  Client client(o);
  auto job = client.Submit("fal-ai/flux", "{}");
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->request_id(), "m1");
}

}  // namespace
}  // namespace fal
