// --api-key: queue and rest routes demand "Authorization: Key K"; storage, JWKS and control do not.
#include "emulator_test_util.hpp"

namespace fal::emulator_test {
namespace {

class EmulatorAuthTest : public EmulatorTest {
 protected:
  void SetUp() override { Restart(FastArgs({"--api-key", "key-id:key-secret"})); }
  const httplib::Headers good_ = {{"Authorization", "Key key-id:key-secret"}};
};

TEST_F(EmulatorAuthTest, SubmitNeedsTheKey) {
  const std::string input = MinimalInput(kRenderToReal).dump();
  auto none = http().Post(std::string("/") + kRenderToReal, input, "application/json");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(ParseJson(none->body)["detail"], "Authorization header is required");
  auto wrong = http().Post(std::string("/") + kRenderToReal, {{"Authorization", "Key key-id:other"}}, input,
                           "application/json");
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(ParseJson(wrong->body)["detail"], "No user found for Key ID and Secret");
  auto bearer = http().Post(std::string("/") + kRenderToReal, {{"Authorization", "Bearer key-id:key-secret"}},
                            input, "application/json");
  EXPECT_EQ(bearer->status, 401);
  auto good = http().Post(std::string("/") + kRenderToReal, good_, input, "application/json");
  EXPECT_EQ(good->status, 200);
  EXPECT_EQ(Stats()["jobs_created"], 1);
}

TEST_F(EmulatorAuthTest, StatusStreamResultAndCancelNeedTheKey) {
  const std::string id = Submit(kRenderToReal, MinimalInput(kRenderToReal), "", good_)["request_id"];
  const std::string base_path = "/fal-ai/ltx-2.3-quality/requests/" + id;
  EXPECT_EQ(http().Get(base_path + "/status")->status, 401);
  EXPECT_EQ(http().Get(base_path + "/status/stream")->status, 401);
  EXPECT_EQ(http().Get(base_path)->status, 401);
  EXPECT_EQ(http().Put(base_path + "/cancel", "", "application/json")->status, 401);
  EXPECT_EQ(http().Get(base_path + "/status", good_)->status / 100, 2);
  EXPECT_EQ(http().Put(base_path + "/cancel", good_, "", "application/json")->status / 100, 2);
  // A 401 carries no job data but still names the request.
  EXPECT_EQ(http().Get(base_path + "/status")->get_header_value("x-fal-request-id"), id);
}

TEST_F(EmulatorAuthTest, InitiateNeedsTheKeyButUploadsAndFilesDoNot) {
  EXPECT_EQ(http().Post("/storage/upload/initiate?storage_type=fal-cdn-v3", "{}", "application/json")->status,
            401);
  auto initiate = http().Post("/storage/upload/initiate?storage_type=fal-cdn-v3", good_,
                              R"({"content_type":"text/plain","file_name":"a.txt"})", "application/json");
  ASSERT_EQ(initiate->status, 200);
  const json ticket = ParseJson(initiate->body);
  const std::string upload_path = ticket["upload_url"].get<std::string>().substr(base().size());
  EXPECT_EQ(http().Put(upload_path, "hello", "text/plain")->status, 200);
  EXPECT_EQ(http().Get(ticket["file_url"].get<std::string>().substr(base().size()))->body, "hello");
  EXPECT_EQ(http().Get("/.well-known/jwks.json")->status, 200);
  EXPECT_EQ(http().Get("/_emulator/stats")->status, 200);
  EXPECT_EQ(Stats()["authorization_on_storage"], 0);
}

TEST(EmulatorAuthOffTest, WithoutApiKeyNoAuthorizationIsNeeded) {
  EmulatorProcess emulator(FastArgs());
  httplib::Client http(emulator.base_url());
  auto res =
      http.Post(std::string("/") + kRenderToReal, MinimalInput(kRenderToReal).dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  // Any Authorization is accepted too.
  auto with = http.Post(std::string("/") + kRenderToReal, {{"Authorization", "Key whatever"}},
                        MinimalInput(kRenderToReal).dump(), "application/json");
  EXPECT_EQ(with->status, 200);
}

}  // namespace
}  // namespace fal::emulator_test
