// fal's storage shapes: initiate URL and body, lifecycle headers, part and complete URLs with and without a
// query, part answers, and the complete body.
#include "storage/storage_protocol.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fal::internal {
namespace {

using ::testing::HasSubstr;

TEST(StorageProtocol, InitiateUrlsUseCdnV3OnTheRestHost) {
  EXPECT_EQ(InitiateUrl("https://rest.fal.ai", false),
            "https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3");
  EXPECT_EQ(InitiateUrl("http://127.0.0.1:8080", true),
            "http://127.0.0.1:8080/storage/upload/initiate-multipart?storage_type=fal-cdn-v3");
}

TEST(StorageProtocol, InitiateBodyEscapesNames) {
  EXPECT_EQ(InitiateBody("video/mp4", "a \"b\".mp4"),
            R"({"content_type":"video/mp4","file_name":"a \"b\".mp4"})");
}

TEST(StorageProtocol, LifecycleGoesInBothHeaderNames) {
  ObjectLifecycle l = ObjectLifecycle::ExpiresIn(std::chrono::seconds(3600));
  l.default_acl = AclDecision::kHide;
  http::Headers h = LifecycleHeaders(l);
  const std::string json = R"({"expiration_duration_seconds":3600,"initial_acl":{"default":"hide"}})";
  EXPECT_EQ(http::FindHeader(h, "x-fal-object-lifecycle"), json);
  EXPECT_EQ(http::FindHeader(h, "x-fal-object-lifecycle-preference"), json);
  EXPECT_EQ(http::FindHeader(LifecycleHeaders(ObjectLifecycle::Never()), "x-fal-object-lifecycle"), "{}");
}

TEST(StorageProtocol, LifecycleChecks) {
  EXPECT_TRUE(CheckLifecycle(ObjectLifecycle::Never()).ok());
  EXPECT_TRUE(CheckLifecycle(ObjectLifecycle::FromPreset("immediate").value()).ok());
  auto zero = CheckLifecycle(ObjectLifecycle::ExpiresIn(std::chrono::seconds(0)));
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(zero.error().message(), HasSubstr("fal reads 0 as no expiry"));
  ObjectLifecycle rule;
  rule.acl_rules.push_back({"", AclDecision::kAllow});
  EXPECT_FALSE(CheckLifecycle(rule).ok());
}

TEST(StorageProtocol, PartNumberGoesBeforeTheQuery) {
  EXPECT_EQ(PartUrl("https://h.example/u/abc?sig=1&exp=2", 3), "https://h.example/u/abc/3?sig=1&exp=2");
  EXPECT_EQ(PartUrl("https://h.example/u/abc", 12), "https://h.example/u/abc/12");
  EXPECT_EQ(PartUrl("https://h.example/u/abc/?sig=1", 1), "https://h.example/u/abc/1?sig=1");
  EXPECT_EQ(CompleteUrl("https://h.example/u/abc?sig=1"), "https://h.example/u/abc/complete?sig=1");
  EXPECT_EQ(CompleteUrl("https://h.example/u/abc"), "https://h.example/u/abc/complete");
}

TEST(StorageProtocol, InitiateAnswerNeedsBothUrlsAndNeverEchoesTheSignedOne) {
  http::Response ok{200, {}, R"({"upload_url":"https://up/x?sig=s3cr3t","file_url":"https://cdn/x.mp4"})"};
  auto t = ParseInitiateAnswer(ok, "starting");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->upload_url, "https://up/x?sig=s3cr3t");
  EXPECT_EQ(t->file_url, "https://cdn/x.mp4");

  http::Response no_file{200, {}, R"({"upload_url":"https://up/x?sig=s3cr3t"})"};
  auto bad = ParseInitiateAnswer(no_file, "starting");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kMalformedResponse);
  EXPECT_THAT(bad.error().message(), HasSubstr("file_url"));
  EXPECT_EQ(bad.error().message().find("s3cr3t"), std::string::npos);

  EXPECT_FALSE(ParseInitiateAnswer(http::Response{200, {}, "not json"}, "s").ok());
  EXPECT_FALSE(
      ParseInitiateAnswer(http::Response{200, {}, R"({"upload_url":"/rel","file_url":"https://c/x"})"}, "s")
          .ok());
}

TEST(StorageProtocol, PartAnswerGivesTheEtag) {
  EXPECT_EQ(ParsePartAnswer(http::Response{200, {}, R"({"partNumber":2,"etag":"\"e2\""})"}, 2, "p").value(),
            "\"e2\"");
  EXPECT_EQ(ParsePartAnswer(http::Response{200, {{"ETag", "h1"}}, ""}, 1, "p").value(), "h1");
  auto wrong = ParsePartAnswer(http::Response{200, {}, R"({"partNumber":3,"etag":"e"})"}, 2, "p");
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.error().message(), HasSubstr("for part 3, not part 2"));
  EXPECT_EQ(ParsePartAnswer(http::Response{200, {}, "{}"}, 1, "p").error().code(),
            ErrorCode::kMalformedResponse);
}

TEST(StorageProtocol, CompleteBodyIsAscending) {
  std::map<int, std::string> etags{{3, "c"}, {1, "a"}, {2, "b"}};
  EXPECT_EQ(
      CompleteBody(etags),
      R"({"parts":[{"etag":"a","partNumber":1},{"etag":"b","partNumber":2},{"etag":"c","partNumber":3}]})");
}

}  // namespace
}  // namespace fal::internal
