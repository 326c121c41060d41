// A local file whose name is not UTF-8 (a Latin-1 name on a render farm) uploads: the name is a label, sent
// with U+FFFD in place of each such byte; the file's bytes and an upload's error are kept as they are.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fal/ltx/render_to_real.hpp"
#include "internal/utf8.hpp"
#include "platform/file_io.hpp"
#include "storage_test_util.hpp"

namespace fal {
namespace {

using test::FakeClient;
using test::FakeStorage;
using test::RequestsTo;
using test::ScratchDir;
using ::testing::HasSubstr;

const std::string kBadName = "bad\xFF\xFEname.mp4";
const std::string kShownName = "bad\xEF\xBF\xBD\xEF\xBF\xBDname.mp4";

// The name the upload should show for `path`: the file system's name with U+FFFD for each byte that is not
// UTF-8. On POSIX the name keeps the bytes written, so that is kShownName; Windows keeps names in UTF-16 and
// reads the bytes in its ANSI code page, so there the name is already valid text (and shown as it is).
std::string ShownName(const std::filesystem::path& path) {
  const std::string shown = internal::ReplaceInvalidUtf8(platform::PathToUtf8(path.filename()));
  if (std::filesystem::path::preferred_separator == '/') {
    EXPECT_EQ(shown, kShownName);
  }
  return shown;
}

TEST(Utf8Names, AFileWhoseNameIsNotUtf8Uploads) {
  ScratchDir dir;
  FakeClient f;
  FakeStorage storage;
  f.fake->SetHandler(storage.Handler());
  const std::filesystem::path path = dir.Write(kBadName,
                                               "\x00\x00\x00\x18"
                                               "ftypisom");
  auto url = f.client.Storage().UploadFile(path);
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(*url, test::kFileUrl);
  auto initiates = RequestsTo(f.fake->requests(), "/storage/upload/initiate");
  ASSERT_EQ(initiates.size(), 1u);
  EXPECT_EQ(initiates[0].body, R"({"content_type":"video/mp4","file_name":")" + ShownName(path) + R"("})");
}

TEST(Utf8Names, AFailedUploadOfSuchAFileKeepsItsError) {
  ScratchDir dir;
  FakeClient f;
  f.fake->SetHandler([](const http::Request&) {
    return http::Outcome::Of(
        http::Response{403, {{"x-fal-request-id", "rq-9"}}, R"({"detail":"storage disabled"})"});
  });
  auto url = f.client.Storage().UploadFile(dir.Write(kBadName, "abc"));
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(url.error().request_id(), "rq-9");
  EXPECT_THAT(url.error().message(), HasSubstr("storage disabled"));
}

TEST(Utf8Names, ATypedRequestWithSuchALocalFileUploadsAndSubmits) {
  ScratchDir dir;
  FakeClient f;
  FakeStorage storage;
  auto inner = storage.Handler();
  f.fake->SetHandler([inner](const http::Request& r) {
    if (r.url.rfind("https://queue.fal.run/", 0) == 0) {
      return http::Outcome::Of(http::Response{200, {}, R"({"request_id":"req-1"})"});
    }
    return inner(r);
  });
  ltx::RenderToRealInput in;
  const std::filesystem::path path = dir.Write(kBadName,
                                               "\x00\x00\x00\x18"
                                               "ftypisom");
  in.video_url = File::FromPath(path);
  in.prompt = "3DREAL. a harbor";
  // The dry run shows the file's placeholder as valid text, and finds nothing wrong with it.
  PreparedRequest dry = f.client.DryRun(in);
  EXPECT_THAT(dry.body, HasSubstr(ShownName(path)));
  EXPECT_FALSE(dry.report.HasErrors()) << dry.report.ToString();
  auto job = f.client.Submit(in);
  ASSERT_TRUE(job.ok()) << job.error().ToString();
  EXPECT_THAT(f.fake->requests().back().body, HasSubstr(test::kFileUrl));
}

TEST(Utf8Names, AnAclUserThatIsNotUtf8IsRejected) {
  FakeClient f;
  UploadOptions o;
  ObjectLifecycle lifecycle;
  lifecycle.acl_rules.push_back({"us\xE9r", AclDecision::kAllow});
  o.lifecycle = lifecycle;
  auto url = f.client.Storage().Upload(File::FromBytes("abc", "a.bin"), o);
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(url.error().message(), HasSubstr("not valid UTF-8: byte 0xE9 at offset 2"));
  EXPECT_TRUE(f.fake->requests().empty());
}

}  // namespace
}  // namespace fal
