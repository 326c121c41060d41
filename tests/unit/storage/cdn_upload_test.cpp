// The CDN v3 upload path on the fake transport: one token (bought with the key on the rest host) serves
// many uploads, goes only to the CDN base, is refreshed before expires_at and once on a 401; single and
// multipart shapes; part failures; the fallback to storage initiate exactly when the server shows it does
// not offer CDN v3; and the token never in a log or an error.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <mutex>
#include <set>

#include "storage/cdn_protocol.hpp"
#include "storage_test_util.hpp"

namespace fal {
namespace {

using test::FakeClient;
using test::FakeStorage;
using test::RequestsTo;
using ::testing::HasSubstr;

constexpr const char* kCdnBase = "https://v3.cdn.example";
constexpr const char* kTokenMarker = "cdntok-";
constexpr const char* kTokenUrl = "https://rest.fal.ai/storage/auth/token?storage_type=fal-cdn-v3";

std::string IsoIn(std::chrono::seconds from_now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + from_now);
  std::tm utc{};
#if defined(_WIN32)
  gmtime_s(&utc, &t);
#else
  gmtime_r(&t, &utc);
#endif
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S+00:00", &utc);
  return text;
}

http::Outcome Respond(int status, std::string body, http::Headers headers = {}) {
  return http::Outcome::Of(http::Response{status, std::move(headers), std::move(body)});
}

// fal's CDN v3 over the FakeTransport, with the initiate protocol behind it for fallbacks.
class FakeCdn {
 public:
  std::chrono::seconds token_lifetime{3600};
  int token_status = 200;        // the token endpoint's answer
  int unauthorized_uploads = 0;  // CDN requests that answer 401 before the rest go through
  int create_status = 200;
  std::string access_host = kCdnBase;  // where multipart create puts the parts
  std::map<int, int> failing_parts;    // part -> status, once

  testing::FakeTransport::Handler Handler() {
    return [this](const http::Request& r) { return Answer(r); };
  }
  int tokens_minted() const { return minted_; }

 private:
  http::Outcome Answer(const http::Request& r) {
    if (r.url == kTokenUrl) {
      if (token_status != 200) return Respond(token_status, R"({"detail":"Not Found"})");
      ++minted_;
      return Respond(200, R"({"token":")" + std::string(kTokenMarker) + std::to_string(minted_) +
                              R"(","token_type":"Bearer","base_url":")" + kCdnBase + R"(","expires_at":")" +
                              IsoIn(token_lifetime) + R"("})");
    }
    if (r.url.rfind(kCdnBase, 0) != 0 && r.url.rfind(access_host, 0) != 0) return storage_.Handler()(r);
    if (unauthorized_uploads > 0) {
      --unauthorized_uploads;
      return Respond(401, R"({"detail":"token expired"})");
    }
    const std::string path = r.url.substr(r.url.find('/', 8));
    if (path == "/files/upload")
      return Respond(200, R"({"access_url":")" + std::string(kCdnBase) + R"(/files/a1/x.bin"})");
    if (path == "/files/upload/multipart") {
      if (create_status != 200) return Respond(create_status, R"({"detail":"no"})");
      return Respond(200, R"({"access_url":")" + access_host + R"(/files/m1/big.bin","uploadId":"up-9"})");
    }
    const std::string parts = "/files/m1/big.bin/multipart/up-9/";
    if (path == parts + "complete")
      return Respond(200, R"({"access_url":")" + access_host + R"(/files/m1/big.bin"})");
    if (path.rfind(parts, 0) == 0 && r.method == http::Method::kPut) {
      const int n = std::stoi(path.substr(parts.size()));
      auto it = failing_parts.find(n);
      if (it != failing_parts.end()) {
        const int status = it->second;
        failing_parts.erase(it);
        return Respond(status, R"({"detail":"part failed"})");
      }
      return Respond(200, "", {{"ETag", "\"etag-" + std::to_string(n) + "\""}});
    }
    return Respond(404, R"({"detail":"no route"})");
  }

  FakeStorage storage_;
  int minted_ = 0;
};

struct CdnFixture {
  explicit CdnFixture(ClientOptions o = {}) : f(std::move(o)) { f.fake->SetHandler(cdn.Handler()); }
  FakeCdn cdn;
  FakeClient f;
};

UploadOptions Multipart(std::uint64_t part_size = 4, int parallelism = 3) {
  UploadOptions o;
  o.multipart_threshold = part_size;
  o.part_size = part_size;
  o.parallelism = parallelism;
  o.file_name = "big.bin";
  return o;
}

TEST(CdnUpload, SingleUploadGetsATokenWithTheKeyThenPostsToTheCdnWithTheToken) {
  CdnFixture t;
  UploadOptions o;
  o.file_name = "notes.txt";
  o.lifecycle = ObjectLifecycle::FromPreset("1h").value();
  auto url = t.f.client.Storage().UploadBytes("hello", o);
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(*url, std::string(kCdnBase) + "/files/a1/x.bin");

  auto reqs = t.f.fake->requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].url, kTokenUrl);
  EXPECT_EQ(reqs[0].method, http::Method::kPost);
  EXPECT_EQ(http::FindHeader(reqs[0].headers, "authorization"), "Key key-id:key-secret");
  EXPECT_EQ(reqs[1].method, http::Method::kPost);
  EXPECT_EQ(reqs[1].url, std::string(kCdnBase) + "/files/upload");
  EXPECT_EQ(reqs[1].body, "hello");
  EXPECT_EQ(http::FindHeader(reqs[1].headers, "authorization"), std::string("Bearer ") + kTokenMarker + "1");
  EXPECT_EQ(http::FindHeader(reqs[1].headers, "content-type"), "text/plain");
  EXPECT_EQ(http::FindHeader(reqs[1].headers, "x-fal-file-name"), "notes.txt");
  EXPECT_TRUE(http::FindHeader(reqs[1].headers, "x-fal-object-lifecycle"));
  EXPECT_TRUE(http::FindHeader(reqs[1].headers, "x-fal-object-lifecycle-preference"));
}

TEST(CdnUpload, OneTokenServesManyUploadsUntilItNearsExpiry) {
  CdnFixture t;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(t.f.client.Storage().UploadBytes("abc").ok());
  EXPECT_EQ(t.cdn.tokens_minted(), 1);
  // An hour-long token is refreshed five minutes before it expires.
  t.f.fake->Advance(std::chrono::minutes(54));
  ASSERT_TRUE(t.f.client.Storage().UploadBytes("abc").ok());
  EXPECT_EQ(t.cdn.tokens_minted(), 1);
  t.f.fake->Advance(std::chrono::minutes(2));
  ASSERT_TRUE(t.f.client.Storage().UploadBytes("abc").ok());
  EXPECT_EQ(t.cdn.tokens_minted(), 2);
  auto uploads = RequestsTo(t.f.fake->requests(), "/files/upload");
  ASSERT_EQ(uploads.size(), 5u);
  EXPECT_EQ(http::FindHeader(uploads[4].headers, "authorization"),
            std::string("Bearer ") + kTokenMarker + "2");
}

TEST(CdnUpload, A401GetsOneFreshTokenAndOneMoreTry) {
  CdnFixture t;
  t.cdn.unauthorized_uploads = 1;
  auto url = t.f.client.Storage().UploadBytes("abc");
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(t.cdn.tokens_minted(), 2);
  auto uploads = RequestsTo(t.f.fake->requests(), "/files/upload");
  ASSERT_EQ(uploads.size(), 2u);
  EXPECT_EQ(http::FindHeader(uploads[1].headers, "authorization"),
            std::string("Bearer ") + kTokenMarker + "2");
}

TEST(CdnUpload, ASecond401IsReportedWithoutTheToken) {
  CdnFixture t;
  t.cdn.unauthorized_uploads = 2;
  auto url = t.f.client.Storage().UploadBytes("abc");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_THAT(url.error().ToString(), ::testing::Not(HasSubstr(kTokenMarker)));
  EXPECT_EQ(t.cdn.tokens_minted(), 2);
  EXPECT_EQ(RequestsTo(t.f.fake->requests(), "/files/upload").size(), 2u);
  EXPECT_TRUE(RequestsTo(t.f.fake->requests(), "/storage/upload/initiate").empty()) << "a 401 is no fallback";
}

TEST(CdnUpload, MultipartCreatesPutsPartsWithTheTokenAndCompletesInOrder) {
  CdnFixture t;
  auto url = t.f.client.Storage().UploadBytes("0123456789", Multipart());
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(*url, std::string(kCdnBase) + "/files/m1/big.bin");
  const auto reqs = t.f.fake->requests();
  auto create = RequestsTo(reqs, "/files/upload/multipart");
  ASSERT_EQ(create.size(), 1u);
  EXPECT_EQ(create[0].body, "");
  EXPECT_EQ(http::FindHeader(create[0].headers, "x-fal-file-name"), "big.bin");
  auto parts = RequestsTo(reqs, "/multipart/up-9/");
  ASSERT_EQ(parts.size(), 4u);  // three parts and the complete
  std::set<std::string> bodies;
  for (const auto& r : parts) {
    EXPECT_EQ(http::FindHeader(r.headers, "authorization"), std::string("Bearer ") + kTokenMarker + "1")
        << r.url;
    if (r.method == http::Method::kPut) bodies.insert(r.body);
  }
  EXPECT_EQ(bodies, (std::set<std::string>{"0123", "4567", "89"}));
  const auto& complete = parts.back();
  EXPECT_EQ(complete.url, std::string(kCdnBase) + "/files/m1/big.bin/multipart/up-9/complete");
  EXPECT_EQ(complete.body,
            R"({"parts":[{"etag":"\"etag-1\"","partNumber":1},{"etag":"\"etag-2\"","partNumber":2},)"
            R"({"etag":"\"etag-3\"","partNumber":3}]})");
  for (const auto& r : reqs) {
    if (r.url != kTokenUrl) {
      EXPECT_FALSE(http::FindHeader(r.headers, "authorization") == "Key key-id:key-secret") << r.url;
    }
  }
}

TEST(CdnUpload, APartThatFailsFailsTheUploadAndNothingIsCompleted) {
  CdnFixture t;
  t.cdn.failing_parts[2] = 400;
  auto url = t.f.client.Storage().UploadBytes("0123456789", Multipart());
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(url.error().message(), HasSubstr("part 2"));
  EXPECT_TRUE(RequestsTo(t.f.fake->requests(), "/complete").empty());
}

TEST(CdnUpload, APartAnswering401IsSentOnceMoreWithAFreshToken) {
  CdnFixture t;
  t.cdn.failing_parts[2] = 401;
  auto url = t.f.client.Storage().UploadBytes("0123456789", Multipart(4, 1));
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(t.cdn.tokens_minted(), 2);
  EXPECT_EQ(RequestsTo(t.f.fake->requests(), "/multipart/up-9/2").size(), 2u);
}

TEST(CdnUpload, FallsBackToInitiateForTheClientWhenTheTokenEndpointIsMissing) {
  CdnFixture t;
  t.cdn.token_status = 404;
  auto first = t.f.client.Storage().UploadBytes("abc");
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(*first, test::kFileUrl);
  auto second = t.f.client.Storage().UploadBytes("0123456789", Multipart());
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(RequestsTo(t.f.fake->requests(), "/storage/auth/token").size(), 1u) << "asked once per client";
  EXPECT_EQ(RequestsTo(t.f.fake->requests(), "/storage/upload/initiate").size(), 2u);
  test::ExpectKeyOnlyOnApiCalls(t.f.fake->requests());
}

TEST(CdnUpload, FallsBackWhenTheCdnDoesNotOfferMultipart) {
  CdnFixture t;
  t.cdn.create_status = 405;
  auto url = t.f.client.Storage().UploadBytes("0123456789", Multipart());
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(*url, test::kFileUrl);
  EXPECT_EQ(RequestsTo(t.f.fake->requests(), "/storage/upload/initiate-multipart").size(), 1u);
}

TEST(CdnUpload, NoFallbackWhenTheKeyIsRefused) {
  CdnFixture t;
  t.cdn.token_status = 401;
  auto url = t.f.client.Storage().UploadBytes("abc");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_TRUE(RequestsTo(t.f.fake->requests(), "/storage/upload/initiate").empty());
}

TEST(CdnUpload, PartsOnAnotherHostThanTheBaseNeverGetTheToken) {
  CdnFixture t;
  t.cdn.access_host = "https://elsewhere.example";
  auto url = t.f.client.Storage().UploadBytes("0123456789", Multipart());
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(*url, test::kFileUrl) << "the upload went through storage initiate";
  for (const auto& r : t.f.fake->requests()) {
    EXPECT_NE(r.url.rfind("https://elsewhere.example", 0), 0u) << r.url;
  }
}

TEST(CdnUpload, StorageInitiateOptionNeverAsksForAToken) {
  CdnFixture t(test::StorageInitiate());
  ASSERT_TRUE(t.f.client.Storage().UploadBytes("abc").ok());
  EXPECT_TRUE(RequestsTo(t.f.fake->requests(), "/storage/auth/token").empty());
}

TEST(CdnUpload, TheTokenIsNeverLoggedEvenWithBodies) {
  std::vector<std::string> lines;
  std::mutex mu;
  ClientOptions o;
  o.log_bodies = true;
  o.log_body_limit = 100000;
  o.log = [&](LogLevel, std::string_view line) {
    std::lock_guard<std::mutex> lock(mu);
    lines.emplace_back(line);
  };
  CdnFixture t(o);
  t.cdn.unauthorized_uploads = 2;
  EXPECT_FALSE(t.f.client.Storage().UploadBytes("abc").ok());
  t.cdn.unauthorized_uploads = 0;
  EXPECT_TRUE(t.f.client.Storage().UploadBytes("0123456789", Multipart()).ok());
  ASSERT_FALSE(lines.empty());
  for (const auto& line : lines) EXPECT_THAT(line, ::testing::Not(HasSubstr(kTokenMarker)));
}

TEST(CdnProtocol, ParsesFalsExpiresAtForms) {
  using internal::ParseIsoTime;
  auto at = [](const char* text) {
    auto t = ParseIsoTime(text);
    return t ? std::chrono::duration_cast<std::chrono::microseconds>(t->time_since_epoch()).count() : -1LL;
  };
  EXPECT_EQ(at("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(at("2026-01-31T12:00:00.5+00:00"), 1769860800500000LL);
  EXPECT_EQ(at("2026-01-31T12:00:00.000001"), 1769860800000001LL);
  EXPECT_EQ(at("2026-01-31T14:00:00+02:00"), 1769860800000000LL);
  EXPECT_EQ(at("2024-02-29T00:00:00Z"), 1709164800000000LL);
  EXPECT_EQ(at("2026-01-31"), -1);
  EXPECT_EQ(at("2026-13-01T00:00:00Z"), -1);
  EXPECT_EQ(at("2026-01-31T12:00:00+0"), -1);
  EXPECT_EQ(at("soon"), -1);
}

TEST(CdnProtocol, AMalformedTokenAnswerIsDescribedWithoutItsBody) {
  http::Response r{200, {}, R"({"token":"cdntok-secret","token_type":"Bearer","base_url":"nope"})"};
  auto token = internal::ParseCdnTokenAnswer(r, "getting a CDN upload token");
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.error().code(), ErrorCode::kMalformedResponse);
  EXPECT_THAT(token.error().ToString(), ::testing::Not(HasSubstr("cdntok-secret")));
  EXPECT_THAT(token.error().message(), HasSubstr("base_url"));
}

TEST(CdnProtocol, OnlyTheBaseOriginCounts) {
  EXPECT_TRUE(internal::OnCdnBase("https://v3.fal.media/files/x/multipart/u/1", "https://v3.fal.media"));
  EXPECT_FALSE(internal::OnCdnBase("https://v3.fal.media.evil.example/files/x", "https://v3.fal.media"));
  EXPECT_FALSE(internal::OnCdnBase("http://v3.fal.media/files/x", "https://v3.fal.media"));
  EXPECT_FALSE(internal::OnCdnBase("https://v3.fal.media:8443/files/x", "https://v3.fal.media"));
}

}  // namespace
}  // namespace fal
