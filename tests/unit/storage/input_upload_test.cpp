// Automatic upload of a typed request's local files before submit: every file uploads (at once), the body
// carries their URLs, small files can go inline as data URIs, and a failed upload submits nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "storage_test_util.hpp"

namespace fal {

// A typed endpoint with two file fields, for these tests only.
struct TwoFilesInput {
  File video;
  std::optional<File> image;
};
struct TwoFilesOutput {
  std::string json;
};

template <>
struct EndpointTraits<TwoFilesInput> {
  using Output = TwoFilesOutput;
  static constexpr const char* kEndpointId = "fal-ai/test/two-files";
  static void Finalize(TwoFilesInput&) {}
  static ValidationReport Validate(const TwoFilesInput&) { return {}; }
  static std::vector<File*> Files(TwoFilesInput& in) {
    std::vector<File*> out{&in.video};
    if (in.image) out.push_back(&*in.image);
    return out;
  }
  static std::string ToJson(const TwoFilesInput& in) {
    std::string body = "{\"video_url\":\"" + in.video.WireValue() + "\"";
    if (in.image) body += ",\"image_url\":\"" + in.image->WireValue() + "\"";
    return body + "}";
  }
  static Result<TwoFilesOutput> ParseOutput(const std::string& json) { return TwoFilesOutput{json}; }
};

namespace {

using namespace std::string_literals;
using test::FakeClient;
using test::FakeStorage;
using test::RequestsTo;
using test::ScratchDir;
using ::testing::HasSubstr;

constexpr const char* kSubmitOk = R"({"request_id":"req-1"})";

// Storage as FakeStorage, and the queue's submit.
testing::FakeTransport::Handler WithQueue(FakeStorage& storage) {
  auto inner = storage.Handler();
  return [inner](const http::Request& r) {
    if (r.url.rfind("https://queue.fal.run/", 0) == 0) {
      return http::Outcome::Of(http::Response{200, {}, kSubmitOk});
    }
    return inner(r);
  };
}

TEST(InputUpload, LocalFilesAreUploadedAndTheirUrlsSubmitted) {
  ScratchDir dir;
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  f.fake->SetHandler(WithQueue(storage));
  TwoFilesInput in;
  in.video = File::FromPath(dir.Write("blockout.mp4",
                                      "\x00\x00\x00\x18"
                                      "ftypisom rest"s));
  in.image = File::FromBytes("\x89PNG\r\n\x1A\n..."s, "ref.png");
  auto job = f.client.Submit(in);
  ASSERT_TRUE(job.ok()) << job.error().ToString();

  auto reqs = f.fake->requests();
  auto initiates = RequestsTo(reqs, "/storage/upload/initiate");
  ASSERT_EQ(initiates.size(), 2u);
  EXPECT_EQ(initiates[0].body, R"({"content_type":"video/mp4","file_name":"blockout.mp4"})");
  EXPECT_EQ(initiates[1].body, R"({"content_type":"image/png","file_name":"ref.png"})");
  ASSERT_EQ(reqs.back().url, "https://queue.fal.run/fal-ai/test/two-files");
  EXPECT_EQ(reqs.back().body, std::string(R"({"video_url":")") + test::kFileUrl + R"(","image_url":")" +
                                  test::kFileUrl + R"("})");
  test::ExpectKeyOnlyOnApiCalls(reqs);
  // The caller's input is untouched: the client worked on a copy.
  EXPECT_EQ(in.video.kind(), File::Kind::kPath);
}

TEST(InputUpload, UrlsAndDataUrisAreSentAsTheyAre) {
  FakeClient f(test::StorageInitiate());
  f.fake->EnqueueResponse(200, kSubmitOk);
  TwoFilesInput in;
  in.video = "https://example.com/v.mp4";
  in.image = File("data:image/png;base64,aGk=");
  ASSERT_TRUE(f.client.Submit(in).ok());
  ASSERT_EQ(f.fake->requests().size(), 1u);
  EXPECT_EQ(f.fake->requests()[0].body,
            R"({"video_url":"https://example.com/v.mp4","image_url":"data:image/png;base64,aGk="})");
}

TEST(InputUpload, AFailedUploadNamesTheFileAndSubmitsNothing) {
  ScratchDir dir;
  FakeClient f(test::StorageInitiate());
  f.fake->SetHandler([](const http::Request& r) {
    if (r.url.find("/storage/upload/initiate") != std::string::npos) {
      return http::Outcome::Of(
          http::Response{403, {{"x-fal-request-id", "rq-9"}}, R"({"detail":"storage disabled"})"});
    }
    return http::Outcome::Of(http::Response{200, {}, kSubmitOk});
  });
  TwoFilesInput in;
  in.video = File::FromPath(dir.Write("blockout.mp4", "abc"));
  auto job = f.client.Submit(in);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(job.error().request_id(), "rq-9");
  EXPECT_THAT(job.error().message(),
              HasSubstr("blockout.mp4\" could not be uploaded, so the request was not submitted"));
  EXPECT_THAT(job.error().message(), HasSubstr("storage disabled"));
  EXPECT_TRUE(RequestsTo(f.fake->requests(), "queue.fal.run").empty());
}

TEST(InputUpload, AMissingFileFailsTheSubmit) {
  ScratchDir dir;
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  f.fake->SetHandler(WithQueue(storage));
  TwoFilesInput in;
  in.video = File::FromBytes("abc", "a.txt");
  in.image = File::FromPath(dir / "missing.png");
  auto job = f.client.Submit(in);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(job.error().message(), HasSubstr("missing.png"));
  EXPECT_TRUE(RequestsTo(f.fake->requests(), "queue.fal.run").empty());
}

TEST(InputUpload, SmallFilesGoInlineWhenAskedLargerOnesAreUploaded) {
  ScratchDir dir;
  ClientOptions o;
  o.inline_files_below = 16;
  FakeClient f(test::StorageInitiate(o));
  FakeStorage storage;
  f.fake->SetHandler(WithQueue(storage));
  TwoFilesInput in;
  in.video = File::FromPath(dir.Write("big.mp4", std::string(16, 'v')));  // not below 16: uploaded
  in.image = File::FromPath(dir.Write("small.png", "\x89PNG\r\n\x1A\n"));
  ASSERT_TRUE(f.client.Submit(in).ok());
  auto reqs = f.fake->requests();
  ASSERT_EQ(RequestsTo(reqs, "/storage/upload/initiate").size(), 1u);
  EXPECT_EQ(RequestsTo(reqs, "/storage/upload/initiate")[0].body,
            R"({"content_type":"video/mp4","file_name":"big.mp4"})");
  EXPECT_EQ(reqs.back().body, std::string(R"({"video_url":")") + test::kFileUrl +
                                  R"(","image_url":"data:image/png;base64,iVBORw0KGgo="})");
}

TEST(InputUpload, InlineIsOffByDefault) {
  FakeClient f(test::StorageInitiate());
  EXPECT_EQ(f.client.options().inline_files_below, 0u);
  FakeStorage storage;
  f.fake->SetHandler(WithQueue(storage));
  TwoFilesInput in;
  in.video = File::FromBytes("x", "x.mp4");
  ASSERT_TRUE(f.client.Submit(in).ok());
  EXPECT_EQ(RequestsTo(f.fake->requests(), "/storage/upload/initiate").size(), 1u);
}

TEST(InputUpload, FilesUploadConcurrently) {
  test::ManualClient m(test::StorageInitiate());
  TwoFilesInput in;
  in.video = File::FromBytes("video", "v.mp4");
  in.image = File::FromBytes("image", "i.png");
  Result<TypedJob<TwoFilesOutput>> job = Error(ErrorCode::kInternal, "not run");
  std::thread submit([&] { job = m.client.Submit(in); });

  // Both initiates are in flight before either is answered.
  ASSERT_TRUE(m.transport->WaitForPending(2));
  auto pending = m.transport->pending();
  ASSERT_EQ(pending.size(), 2u);
  for (const auto& p : pending) EXPECT_NE(p->request.url.find("/storage/upload/initiate"), std::string::npos);
  for (const auto& p : pending) {
    m.transport->Respond(
        p, 200,
        std::string(R"({"upload_url":")") + test::kUploadUrl + R"(","file_url":")" + test::kFileUrl + "\"}");
  }
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(m.transport->WaitForPending(1));
    m.transport->Respond(m.transport->pending().at(0), 200, "");
  }
  ASSERT_TRUE(m.transport->WaitForPending(1));
  auto submit_request = m.transport->pending().at(0);
  EXPECT_EQ(submit_request->request.url, "https://queue.fal.run/fal-ai/test/two-files");
  m.transport->Respond(submit_request, 200, kSubmitOk);
  submit.join();
  ASSERT_TRUE(job.ok()) << job.error().ToString();
}

TEST(InputUpload, OneFailureCancelsTheOtherUploads) {
  test::ManualClient m(test::StorageInitiate());
  TwoFilesInput in;
  in.video = File::FromBytes("video", "v.mp4");
  in.image = File::FromBytes("image", "i.png");
  Result<TypedJob<TwoFilesOutput>> job = Error(ErrorCode::kInternal, "not run");
  std::thread submit([&] { job = m.client.Submit(in); });
  ASSERT_TRUE(m.transport->WaitForPending(2));
  auto pending = m.transport->pending();
  m.transport->Respond(pending[1], 400, R"({"detail":"bad type"})");
  submit.join();
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(job.error().message(), HasSubstr("input file \"i.png\""));
  EXPECT_TRUE(m.transport->pending().empty());  // the video's initiate was cancelled
  EXPECT_EQ(m.transport->all().size(), 2u);
}

}  // namespace
}  // namespace fal
