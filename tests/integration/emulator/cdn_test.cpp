// CDN v3 (fal's Python client's default upload path): the token endpoint, single and multipart uploads
// to the CDN base with the token checked on every call, files served like the others, stats, journal, the
// credential counters and the CDN fault actions.
#include <unistd.h>

#include <fstream>

#include "emulator_test_util.hpp"

namespace fal::emulator_test {
namespace {

constexpr char kApiKey[] = "cdn-test-key-41d9";
constexpr char kTokenPrefix[] = "cdn-canary-8c1e-";

class EmulatorCdnTest : public EmulatorTest {
 protected:
  void StartWith(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--api-key", kApiKey, "--cdn-token-prefix", kTokenPrefix};
    args.insert(args.end(), extra.begin(), extra.end());
    Restart(FastArgs(args));
  }
  httplib::Headers Key() const { return {{"Authorization", std::string("Key ") + kApiKey}}; }
  json Token() {
    auto res = http().Post("/storage/auth/token?storage_type=fal-cdn-v3", Key(), "{}", "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
    return res ? ParseJson(res->body) : json();
  }
  static httplib::Headers Bearer(const json& token, httplib::Headers more = {}) {
    more.emplace("Authorization",
                 token["token_type"].get<std::string>() + " " + token["token"].get<std::string>());
    return more;
  }
  std::string Path(const std::string& url) { return url.substr(base().size()); }
};

TEST_F(EmulatorCdnTest, TokenNeedsTheKeyAndAnswersFalsShape) {
  StartWith();
  auto bare = http().Post("/storage/auth/token?storage_type=fal-cdn-v3", "{}", "application/json");
  EXPECT_EQ(bare->status, 401);
  auto other = http().Post("/storage/auth/token?storage_type=gcs", Key(), "{}", "application/json");
  EXPECT_EQ(other->status, 400);
  const json token = Token();
  EXPECT_EQ(token["token_type"], "Bearer");
  EXPECT_EQ(token["base_url"], base());
  EXPECT_EQ(token["token"].get<std::string>().rfind(kTokenPrefix, 0), 0u);
  // ISO 8601 with an explicit offset, as Python's datetime.fromisoformat reads it.
  const std::string expires = token["expires_at"];
  EXPECT_EQ(expires.size(), std::string("2026-01-31T12:00:00.123456+00:00").size()) << expires;
  EXPECT_EQ(expires.substr(expires.size() - 6), "+00:00");
  EXPECT_NE(Token()["token"], token["token"]) << "every call mints a new token";
}

TEST_F(EmulatorCdnTest, SingleUploadStoresTheFileUnderItsAccessUrl) {
  StartWith();
  const json token = Token();
  const std::string bytes(123457, 'q');
  auto res = http().Post(
      "/files/upload",
      Bearer(token, {{"X-Fal-File-Name", "clip one.mp4"},
                     {"X-Fal-Object-Lifecycle-Preference", R"({"expiration_duration_seconds":60})"},
                     {"X-Fal-Object-Lifecycle", R"({"expiration_duration_seconds":60})"}}),
      bytes, "video/mp4");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string access_url = ParseJson(res->body)["access_url"];
  EXPECT_EQ(access_url.rfind(base() + "/files/", 0), 0u);
  EXPECT_NE(access_url.find("clip%20one.mp4"), std::string::npos);
  auto get = http().Get(Path(access_url));
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, bytes);
  EXPECT_EQ(get->get_header_value("Content-Type"), "video/mp4");
  const json stats = Stats();
  EXPECT_EQ(stats["requests"]["token"], 1);
  EXPECT_EQ(stats["requests"]["cdn-upload"], 1);
  EXPECT_EQ(stats["bytes_uploaded"], bytes.size());
  EXPECT_EQ(stats["authorization_on_storage"], 0) << "a CDN token on the CDN is expected";
  EXPECT_EQ(stats["cdn_token_off_cdn"], 0);
}

TEST_F(EmulatorCdnTest, EveryCdnCallChecksTheToken) {
  StartWith();
  EXPECT_EQ(http().Post("/files/upload", "x", "text/plain")->status, 401);
  EXPECT_EQ(http().Post("/files/upload", {{"Authorization", "Bearer nope"}}, "x", "text/plain")->status, 401);
  EXPECT_EQ(http().Post("/files/upload/multipart", "", "text/plain")->status, 401);
  const json token = Token();
  const json created =
      ParseJson(http().Post("/files/upload/multipart", Bearer(token), "", "text/plain")->body);
  const std::string parts =
      Path(created["access_url"]) + "/multipart/" + created["uploadId"].get<std::string>();
  EXPECT_EQ(http().Put(parts + "/1", "abc", "text/plain")->status, 401);
  EXPECT_EQ(http().Post(parts + "/complete", R"({"parts":[]})", "application/json")->status, 401);
  // The API key is not a CDN token, and sending it there is counted as a leak.
  EXPECT_EQ(http().Post("/files/upload", Key(), "x", "text/plain")->status, 401);
  EXPECT_EQ(Stats()["authorization_on_storage"], 1);
  // A wrong uploadId is refused even with a good token.
  EXPECT_EQ(http()
                .Put(Path(created["access_url"]) + "/multipart/wrong/1", Bearer(token), "abc", "text/plain")
                ->status,
            404);
}

TEST_F(EmulatorCdnTest, TokensExpireAfterTheirLifetime) {
  StartWith({"--cdn-token-lifetime-ms", "1000"});
  const json token = Token();
  EXPECT_EQ(http().Post("/files/upload", Bearer(token), "a", "text/plain")->status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto late = http().Post("/files/upload", Bearer(token), "a", "text/plain");
  EXPECT_EQ(late->status, 401);
  EXPECT_NE(late->body.find("expired"), std::string::npos) << late->body;
}

TEST_F(EmulatorCdnTest, MultipartPartsInAnyOrderAnswerETagsAndComplete) {
  StartWith();
  const json token = Token();
  auto create = http().Post("/files/upload/multipart", Bearer(token, {{"X-Fal-File-Name", "big.bin"}}), "",
                            "application/octet-stream");
  ASSERT_EQ(create->status, 200) << create->body;
  const json created = ParseJson(create->body);
  const std::string access_url = created["access_url"];
  const std::string base_path = Path(access_url) + "/multipart/" + created["uploadId"].get<std::string>();
  const std::string chunks[3] = {std::string(1000, 'a'), std::string(1000, 'b'), "tail"};
  json parts = json::array();
  for (int n : {3, 1, 2}) {  // completion order, as fal's Python client lists them
    auto put = http().Put(base_path + "/" + std::to_string(n), Bearer(token), chunks[n - 1],
                          "application/octet-stream");
    ASSERT_EQ(put->status, 200) << put->body;
    const std::string etag = put->get_header_value("ETag");
    ASSERT_FALSE(etag.empty());
    parts.push_back({{"partNumber", n}, {"etag", etag}});
  }
  auto done =
      http().Post(base_path + "/complete", Bearer(token), json{{"parts", parts}}.dump(), "application/json");
  ASSERT_EQ(done->status, 200) << done->body;
  EXPECT_EQ(ParseJson(done->body)["access_url"], access_url);
  EXPECT_EQ(http().Get(Path(access_url))->body, chunks[0] + chunks[1] + chunks[2]);
  const json stats = Stats();
  EXPECT_EQ(stats["requests"]["cdn-multipart"], 1);
  EXPECT_EQ(stats["requests"]["cdn-part"], 3);
  EXPECT_EQ(stats["requests"]["cdn-complete"], 1);
}

TEST_F(EmulatorCdnTest, FaultPlansExpireTheTokenFailPartsAndAnswer401) {
  StartWith({"--faults", "cdn-part:expire-token; cdn-part:500; cdn-upload:401"});
  json token = Token();
  const json created =
      ParseJson(http().Post("/files/upload/multipart", Bearer(token), "", "text/plain")->body);
  const std::string parts =
      Path(created["access_url"]) + "/multipart/" + created["uploadId"].get<std::string>();
  // The token expires mid-upload: this part and every later use of it get 401.
  EXPECT_EQ(http().Put(parts + "/1", Bearer(token), "abc", "text/plain")->status, 401);
  auto later = http().Post("/files/upload/multipart", Bearer(token), "", "text/plain");
  EXPECT_EQ(later->status, 401);
  EXPECT_NE(later->body.find("expired"), std::string::npos) << later->body;
  token = Token();
  // Then a part fails, and the retried part goes through with the new token.
  EXPECT_EQ(http().Put(parts + "/1", Bearer(token), "abc", "text/plain")->status, 500);
  EXPECT_EQ(http().Put(parts + "/1", Bearer(token), "abc", "text/plain")->status, 200);
  EXPECT_EQ(http().Post("/files/upload", Bearer(token), "x", "text/plain")->status, 401);
  EXPECT_EQ(http().Post("/files/upload", Bearer(token), "x", "text/plain")->status, 200);
  const json faults = ParseJson(http().Get("/_emulator/faults")->body);
  EXPECT_EQ(faults["injected"], 3);
  EXPECT_EQ(http().Post("/_emulator/faults", "token:expire-token", "text/plain")->status, 400)
      << "expire-token applies to CDN routes only";
}

TEST_F(EmulatorCdnTest, ATokenSentAnywhereButTheCdnIsCounted) {
  StartWith();
  const json token = Token();
  const json ticket = ParseJson(
      http().Post("/storage/upload/initiate?storage_type=fal-cdn-v3", Key(), "{}", "application/json")->body);
  http().Put(Path(ticket["upload_url"]), Bearer(token), "abc", "text/plain");
  const json stats = Stats();
  EXPECT_EQ(stats["cdn_token_off_cdn"], 1);
  EXPECT_EQ(stats["authorization_on_storage"], 1);
}

TEST_F(EmulatorCdnTest, JournalHashesTheToken) {
  char path[] = "/tmp/fal-emulator-cdn-journal-XXXXXX";
  close(mkstemp(path));
  StartWith({"--journal", path});
  const json token = Token();
  EXPECT_EQ(http().Post("/files/upload", Bearer(token), "abc", "text/plain")->status, 200);
  emulator().Stop();
  std::ifstream in(path);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unlink(path);
  EXPECT_NE(all.find("\"route\":\"token\""), std::string::npos) << all;
  EXPECT_NE(all.find("\"route\":\"cdn-upload\""), std::string::npos) << all;
  EXPECT_EQ(all.find(kTokenPrefix), std::string::npos) << "the CDN token leaked into the journal";
  EXPECT_EQ(all.find(kApiKey), std::string::npos);
}

}  // namespace
}  // namespace fal::emulator_test
