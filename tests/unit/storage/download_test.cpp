// Downloads: request shape (no key, redirects followed), all-or-nothing files, retries that restart or resume
// with Range, the
// file_size check, data URI outputs, streams, progress and cancellation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <sstream>

#include "storage_test_util.hpp"

namespace fal {
namespace {

using test::FakeClient;
using test::ManualClient;
using test::ScratchDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kVideoUrl = "https://v3.fal.media/files/rabbit/out.mp4?token=t0k3n";

OutputFile Output(std::optional<std::int64_t> size = std::nullopt, std::string url = kVideoUrl) {
  OutputFile f;
  f.url = std::move(url);
  f.file_size = size;
  f.file_name = "out.mp4";
  return f;
}

TEST(Download, StreamsToThePathWithoutTheKeyFollowingRedirects) {
  ScratchDir dir;
  FakeClient f;
  f.fake->EnqueueResponse(200, "video bytes", {{"Content-Length", "11"}});
  auto n = f.client.Storage().Download(Output(11), dir / "render.mp4");
  ASSERT_TRUE(n.ok()) << n.error().ToString();
  EXPECT_EQ(*n, 11u);
  EXPECT_EQ(test::ReadAll(dir / "render.mp4"), "video bytes");
  EXPECT_THAT(dir.Names(), ElementsAre("render.mp4"));

  auto r = f.fake->requests().at(0);
  EXPECT_EQ(r.method, http::Method::kGet);
  EXPECT_EQ(r.url, kVideoUrl);
  EXPECT_FALSE(http::FindHeader(r.headers, "authorization"));
  EXPECT_TRUE(r.follow_redirects);
  EXPECT_EQ(r.timeout.count(), 0);
}

TEST(Download, AnErrorAnswerLeavesNoFileAndIsMapped) {
  ScratchDir dir;
  FakeClient f;
  f.fake->EnqueueResponse(404, R"({"detail":"File not found"})");
  auto n = f.client.Storage().Download(Output(), dir / "render.mp4");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code(), ErrorCode::kNotFound);
  EXPECT_THAT(n.error().message(), HasSubstr("download of \"out.mp4\" failed with HTTP 404: File not found"));
  EXPECT_TRUE(dir.Names().empty());
}

TEST(Download, ATransientErrorIsRetriedAndOnlyTheGoodBodyIsKept) {
  ScratchDir dir;
  FakeClient f;
  f.fake->EnqueueResponse(503, "<html>busy</html>");
  f.fake->EnqueueResponse(200, "good bytes");
  ASSERT_TRUE(f.client.Storage().Download(Output(), dir / "a.mp4").ok());
  EXPECT_EQ(test::ReadAll(dir / "a.mp4"), "good bytes");
  EXPECT_EQ(f.fake->requests().size(), 2u);
}

TEST(Download, ASizeOtherThanFileSizeIsRefusedAndNothingKept) {
  ScratchDir dir;
  FakeClient f;
  f.fake->EnqueueResponse(200, "short");
  auto n = f.client.Storage().Download(Output(1000), dir / "a.mp4");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code(), ErrorCode::kMalformedResponse);
  EXPECT_THAT(n.error().message(), HasSubstr("received 5 bytes, but the output states file_size 1000"));
  EXPECT_TRUE(dir.Names().empty());
}

TEST(Download, AnExistingFileIsKeptUnlessOverwriteIsSet) {
  ScratchDir dir;
  auto path = dir.Write("a.mp4", "old");
  FakeClient f;
  auto n = f.client.Storage().Download(Output(), path);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(n.error().message(), HasSubstr("already exists"));
  EXPECT_TRUE(f.fake->requests().empty());
  EXPECT_EQ(test::ReadAll(path), "old");

  f.fake->EnqueueResponse(200, "new");
  DownloadOptions o;
  o.overwrite = true;
  ASSERT_TRUE(f.client.Storage().Download(Output(), path, o).ok());
  EXPECT_EQ(test::ReadAll(path), "new");
  EXPECT_THAT(dir.Names(), ElementsAre("a.mp4"));
}

TEST(Download, DataUriOutputsAreDecodedWithoutARequest) {
  ScratchDir dir;
  FakeClient f;
  OutputFile out = Output(6, "data:video/mp4;base64,Zm9vYmFy");
  std::vector<std::uint64_t> progress;
  DownloadOptions o;
  o.on_progress = [&](std::uint64_t done, std::uint64_t total) {
    progress.push_back(done);
    EXPECT_EQ(total, 6u);
  };
  auto n = f.client.Storage().Download(out, dir / "sync.mp4", o);
  ASSERT_TRUE(n.ok()) << n.error().ToString();
  EXPECT_EQ(*n, 6u);
  EXPECT_EQ(test::ReadAll(dir / "sync.mp4"), "foobar");
  EXPECT_TRUE(f.fake->requests().empty());
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), 6u);

  auto bad =
      f.client.Storage().Download(Output(std::nullopt, "data:video/mp4;base64,Zm9v!mFy"), dir / "bad.mp4");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(bad.error().message(), HasSubstr("'!' at offset 26"));
  EXPECT_THAT(dir.Names(), ElementsAre("sync.mp4"));

  auto wrong_size = f.client.Storage().Download(Output(7, "data:video/mp4;base64,Zm9vYmFy"), dir / "w.mp4");
  EXPECT_EQ(wrong_size.error().code(), ErrorCode::kMalformedResponse);
  EXPECT_THAT(dir.Names(), ElementsAre("sync.mp4"));
}

TEST(Download, BadDestinationsAndUrlsFailBeforeAnyRequest) {
  ScratchDir dir;
  FakeClient f;
  auto no_dir = f.client.Storage().Download(Output(), dir / "missing" / "a.mp4");
  ASSERT_FALSE(no_dir.ok());
  EXPECT_THAT(no_dir.error().message(), HasSubstr("does the directory exist?"));
  EXPECT_THAT(f.client.Storage().Download(Output(), dir.path()).error().message(),
              HasSubstr("is a directory"));
  EXPECT_EQ(f.client.Storage().Download(Output(std::nullopt, ""), dir / "a").error().code(),
            ErrorCode::kInvalidArgument);
  auto ftp = f.client.Storage().Download(Output(std::nullopt, "ftp://x/y"), dir / "a");
  EXPECT_THAT(ftp.error().message(), HasSubstr("neither an http(s) URL nor a data URI"));
  EXPECT_TRUE(f.fake->requests().empty());
  EXPECT_TRUE(dir.Names().empty());
}

TEST(Download, ToAStream) {
  FakeClient f;
  f.fake->EnqueueResponse(200, "stream me");
  std::ostringstream out;
  out << "prefix:";
  auto n = f.client.Storage().DownloadTo(Output(9), out);
  ASSERT_TRUE(n.ok()) << n.error().ToString();
  EXPECT_EQ(out.str(), "prefix:stream me");
}

TEST(Download, ProgressCountsBytesAgainstTheTotal) {
  ScratchDir dir;
  FakeClient f;
  const std::string body = test::Pattern(1 << 20);
  f.fake->EnqueueResponse(200, body, {{"Content-Length", std::to_string(body.size())}});
  std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;
  DownloadOptions o;
  o.on_progress = [&](std::uint64_t done, std::uint64_t total) { seen.emplace_back(done, total); };
  ASSERT_TRUE(f.client.Storage().Download(Output(), dir / "a.bin", o).ok());
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), std::make_pair(std::uint64_t{body.size()}, std::uint64_t{body.size()}));
}

// ---- Interrupted transfers, answered by hand ----

std::future<Result<std::uint64_t>> StartDownload(const Client& client, OutputFile file,
                                                 std::filesystem::path path, DownloadOptions o = {}) {
  auto promise = std::make_shared<std::promise<Result<std::uint64_t>>>();
  auto future = promise->get_future();
  client.Storage().DownloadAsync(file, path, std::move(o),
                                 [promise](Result<std::uint64_t> r) { promise->set_value(std::move(r)); });
  return future;
}

void BreakOffAfter(test::ManualTransport& t, const std::string& partial) {
  ASSERT_TRUE(t.WaitForPending(1));
  auto p = t.pending().at(0);
  p->request.on_headers(200, {{"Content-Length", "100"}});
  ASSERT_TRUE(p->request.on_body(partial));
  t.Answer(p,
           http::Outcome::Of(http::NetworkError{http::NetworkError::Kind::kConnectionLost, "reset", true}));
}

TEST(DownloadManual, AnInterruptedDownloadIsRetriedFromTheStart) {
  ScratchDir dir;
  ManualClient m;
  auto result = StartDownload(m.client, Output(), dir / "a.mp4");
  BreakOffAfter(*m.transport, "partial-");
  ASSERT_TRUE(m.transport->WaitForPending(1));
  m.transport->Respond(m.transport->pending().at(0), 200, "the whole file");
  ASSERT_TRUE(result.get().ok());
  EXPECT_EQ(test::ReadAll(dir / "a.mp4"), "the whole file");
  EXPECT_THAT(dir.Names(), ElementsAre("a.mp4"));
}

// The first attempt of a download from a server that serves ranges breaks off after `partial`.
void BreakOffFromARangeServer(test::ManualTransport& t, const std::string& partial, std::size_t total) {
  ASSERT_TRUE(t.WaitForPending(1));
  auto p = t.pending().at(0);
  EXPECT_FALSE(http::FindHeader(p->request.headers, "range"));
  p->request.on_headers(200, {{"Content-Length", std::to_string(total)}, {"Accept-Ranges", "bytes"}});
  ASSERT_TRUE(p->request.on_body(partial));
  t.Answer(p,
           http::Outcome::Of(http::NetworkError{http::NetworkError::Kind::kConnectionLost, "reset", true}));
}

TEST(DownloadManual, ARetryAsksForTheRestAndAppendsTheRangeAnswer) {
  ScratchDir dir;
  ManualClient m;
  std::vector<std::uint64_t> progress;
  DownloadOptions o;
  o.on_progress = [&](std::uint64_t done, std::uint64_t) { progress.push_back(done); };
  auto result = StartDownload(m.client, Output(), dir / "a.mp4", o);
  BreakOffFromARangeServer(*m.transport, "the who", 14);
  ASSERT_TRUE(m.transport->WaitForPending(1));
  auto retry = m.transport->pending().at(0);
  EXPECT_EQ(http::FindHeader(retry->request.headers, "range"), "bytes=7-");
  m.transport->Respond(retry, 206, "le file", {{"Content-Range", "bytes 7-13/14"}, {"Content-Length", "7"}});
  auto r = result.get();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*r, 14u);
  EXPECT_EQ(test::ReadAll(dir / "a.mp4"), "the whole file");
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));  // a resumed download never counts back
}

TEST(DownloadManual, AServerThatIgnoresTheRangeSendsTheWholeFileAgain) {
  ScratchDir dir;
  ManualClient m;
  auto result = StartDownload(m.client, Output(), dir / "a.mp4");
  BreakOffFromARangeServer(*m.transport, "the who", 14);
  ASSERT_TRUE(m.transport->WaitForPending(1));
  auto retry = m.transport->pending().at(0);
  EXPECT_EQ(http::FindHeader(retry->request.headers, "range"), "bytes=7-");
  m.transport->Respond(retry, 200, "the whole file");  // 200: the range was ignored
  ASSERT_TRUE(result.get().ok());
  EXPECT_EQ(test::ReadAll(dir / "a.mp4"), "the whole file");
  EXPECT_THAT(dir.Names(), ElementsAre("a.mp4"));
}

TEST(DownloadManual, ARangeAnswerForOtherBytesIsRefused) {
  ScratchDir dir;
  ManualClient m;
  auto result = StartDownload(m.client, Output(), dir / "a.mp4");
  BreakOffFromARangeServer(*m.transport, "the who", 14);
  ASSERT_TRUE(m.transport->WaitForPending(1));
  m.transport->Respond(m.transport->pending().at(0), 206, "whole file", {{"Content-Range", "bytes 4-13/14"}});
  auto r = result.get();
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message(), HasSubstr("a range that was not asked for"));
  EXPECT_TRUE(dir.Names().empty());
}

TEST(DownloadManual, AnInterruptedDownloadThatIsNotRetriedLeavesNoFile) {
  ScratchDir dir;
  ClientOptions options;
  options.retry.storage.max_attempts = 1;
  ManualClient m(options);
  auto result = StartDownload(m.client, Output(), dir / "a.mp4");
  BreakOffAfter(*m.transport, "partial-");
  auto r = result.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable);
  EXPECT_TRUE(dir.Names().empty());  // neither a.mp4 nor its .part file
}

TEST(DownloadManual, CancelLeavesNoFile) {
  ScratchDir dir;
  ManualClient m;
  CancellationSource cancel;
  DownloadOptions o;
  o.call.cancel = cancel.Token();
  auto result = StartDownload(m.client, Output(), dir / "a.mp4", o);
  ASSERT_TRUE(m.transport->WaitForPending(1));
  auto p = m.transport->pending().at(0);
  p->request.on_headers(200, {});
  ASSERT_TRUE(p->request.on_body("some bytes"));
  cancel.Cancel();
  EXPECT_EQ(result.get().error().code(), ErrorCode::kCancelled);
  EXPECT_TRUE(dir.Names().empty());
}

// A stream that cannot seek back, like a socket or a pipe.
class NoSeekBuf : public std::streambuf {
 public:
  std::string data;

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) data += static_cast<char>(c);
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    data.append(s, static_cast<std::size_t>(n));
    return n;
  }
};

TEST(DownloadManual, AStreamThatCannotSeekIsNotWrittenTwice) {
  ManualClient m;
  NoSeekBuf buf;
  std::ostream out(&buf);
  auto promise = std::make_shared<std::promise<Result<std::uint64_t>>>();
  m.client.Storage().DownloadToAsync(Output(), out, {},
                                     [promise](Result<std::uint64_t> r) { promise->set_value(r); });
  BreakOffAfter(*m.transport, "partial-");
  ASSERT_TRUE(m.transport->WaitForPending(1));
  m.transport->Respond(m.transport->pending().at(0), 200, "the whole file");
  auto r = promise->get_future().get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable);
  EXPECT_THAT(r.error().message(), HasSubstr("cannot seek back"));
  EXPECT_EQ(buf.data, "partial-");
}

TEST(DownloadManual, AStreamThatCannotSeekResumesWithARange) {
  ManualClient m;
  NoSeekBuf buf;
  std::ostream out(&buf);
  auto promise = std::make_shared<std::promise<Result<std::uint64_t>>>();
  m.client.Storage().DownloadToAsync(Output(), out, {},
                                     [promise](Result<std::uint64_t> r) { promise->set_value(r); });
  BreakOffFromARangeServer(*m.transport, "the who", 14);
  ASSERT_TRUE(m.transport->WaitForPending(1));
  m.transport->Respond(m.transport->pending().at(0), 206, "le file", {{"Content-Range", "bytes 7-13/14"}});
  auto r = promise->get_future().get();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(buf.data, "the whole file");
}

}  // namespace
}  // namespace fal
