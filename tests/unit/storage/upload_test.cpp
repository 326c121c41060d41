// The upload engine through fal::Storage: request shapes, thresholds, part URLs, ascending complete, a part
// retried alone, parallelism, lazy part bodies, progress, cancellation and failures. No request but the
// initiate carries the key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <sstream>

#include "storage_test_util.hpp"

namespace fal {
namespace {

using test::FakeClient;
using test::FakeStorage;
using test::ManualClient;
using test::RequestsTo;
using test::ScratchDir;
using ::testing::HasSubstr;

UploadOptions SmallParts(std::uint64_t threshold, std::uint64_t part_size, int parallelism = 4) {
  UploadOptions o;
  o.multipart_threshold = threshold;
  o.part_size = part_size;
  o.parallelism = parallelism;
  return o;
}

TEST(Upload, SingleUploadInitiatesWithTheKeyThenPutsWithout) {
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  f.fake->SetHandler(storage.Handler());
  UploadOptions o;
  o.file_name = "notes.txt";
  auto url = f.client.Storage().UploadBytes("hello", o);
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(*url, test::kFileUrl);

  auto reqs = f.fake->requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].method, http::Method::kPost);
  EXPECT_EQ(reqs[0].url, "https://rest.fal.ai/storage/upload/initiate?storage_type=fal-cdn-v3");
  EXPECT_EQ(reqs[0].body, R"({"content_type":"text/plain","file_name":"notes.txt"})");
  EXPECT_EQ(http::FindHeader(reqs[0].headers, "authorization"), "Key key-id:key-secret");
  EXPECT_EQ(http::FindHeader(reqs[0].headers, "content-type"), "application/json");
  EXPECT_FALSE(http::FindHeader(reqs[0].headers, "x-fal-object-lifecycle"));

  EXPECT_EQ(reqs[1].method, http::Method::kPut);
  EXPECT_EQ(reqs[1].url, test::kUploadUrl);
  EXPECT_EQ(reqs[1].body, "hello");
  EXPECT_EQ(http::FindHeader(reqs[1].headers, "content-type"), "text/plain");
  EXPECT_FALSE(http::FindHeader(reqs[1].headers, "authorization"));
  EXPECT_EQ(reqs[1].timeout.count(), 0);  // transfers: no overall limit, the low-speed rule instead
  EXPECT_GT(reqs[1].low_speed_bytes_per_second, 0u);
}

TEST(Upload, FileNameAndTypeComeFromThePathAndItsBytes) {
  ScratchDir dir;
  auto path = dir.Write("blockout", "\x89PNG\r\n\x1A\n rest of the image");
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  f.fake->SetHandler(storage.Handler());
  ASSERT_TRUE(f.client.Storage().UploadFile(path).ok());
  auto reqs = f.fake->requests();
  EXPECT_EQ(reqs[0].body, R"({"content_type":"image/png","file_name":"blockout"})");
  EXPECT_EQ(http::FindHeader(reqs[1].headers, "content-type"), "image/png");
  EXPECT_EQ(reqs[1].body, test::ReadAll(path));

  // Bytes with no name: named after the sniffed type.
  ASSERT_TRUE(f.client.Storage().UploadBytes("\x1A\x45\xDF\xA3 webm ...").ok());
  EXPECT_EQ(f.fake->requests()[2].body, R"({"content_type":"video/webm","file_name":"upload.webm"})");
  // The caller's type wins.
  UploadOptions o;
  o.content_type = "video/mp4";
  ASSERT_TRUE(f.client.Storage().UploadFile(path, o).ok());
  EXPECT_EQ(f.fake->requests()[4].body, R"({"content_type":"video/mp4","file_name":"blockout"})");
}

TEST(Upload, LifecycleIsSentOnInitiateOnly) {
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  f.fake->SetHandler(storage.Handler());
  UploadOptions o;
  o.lifecycle = ObjectLifecycle::FromPreset("1d").value();
  ASSERT_TRUE(f.client.Storage().UploadBytes("x", o).ok());
  auto reqs = f.fake->requests();
  EXPECT_EQ(http::FindHeader(reqs[0].headers, "x-fal-object-lifecycle"),
            R"({"expiration_duration_seconds":86400})");
  EXPECT_FALSE(http::FindHeader(reqs[1].headers, "x-fal-object-lifecycle"));
}

TEST(Upload, MultipartPutsPartsBeforeTheQueryAndCompletesAscending) {
  ScratchDir dir;
  const std::string bytes = test::Pattern(25);
  auto path = dir.Write("render.mp4", bytes);
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  f.fake->SetHandler(storage.Handler());
  auto url = f.client.Storage().UploadFile(path, SmallParts(10, 10));
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(*url, test::kFileUrl);

  auto reqs = f.fake->requests();
  ASSERT_EQ(reqs.size(), 5u);
  EXPECT_EQ(reqs[0].url, "https://rest.fal.ai/storage/upload/initiate-multipart?storage_type=fal-cdn-v3");
  EXPECT_EQ(reqs[0].body, R"({"content_type":"video/mp4","file_name":"render.mp4"})");
  const char* part_urls[] = {"https://upload.example/u/1/1?sig=abc", "https://upload.example/u/1/2?sig=abc",
                             "https://upload.example/u/1/3?sig=abc"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(reqs[i + 1].method, http::Method::kPut);
    EXPECT_EQ(reqs[i + 1].url, part_urls[i]);
    EXPECT_EQ(reqs[i + 1].body, bytes.substr(static_cast<std::size_t>(i) * 10, 10));
  }
  EXPECT_EQ(reqs[4].method, http::Method::kPost);
  EXPECT_EQ(reqs[4].url, "https://upload.example/u/1/complete?sig=abc");
  EXPECT_EQ(http::FindHeader(reqs[4].headers, "content-type"), "application/json");
  EXPECT_EQ(
      reqs[4].body,
      R"({"parts":[{"etag":"e1","partNumber":1},{"etag":"e2","partNumber":2},{"etag":"e3","partNumber":3}]})");
  test::ExpectKeyOnlyOnApiCalls(reqs);
}

TEST(Upload, UploadUrlWithoutQuery) {
  FakeClient f(test::StorageInitiate());
  FakeStorage storage("https://upload.example/u/7");
  f.fake->SetHandler(storage.Handler());
  ASSERT_TRUE(f.client.Storage().UploadBytes(test::Pattern(15), SmallParts(10, 10)).ok());
  auto reqs = f.fake->requests();
  ASSERT_EQ(reqs.size(), 4u);
  EXPECT_EQ(reqs[1].url, "https://upload.example/u/7/1");
  EXPECT_EQ(reqs[2].url, "https://upload.example/u/7/2");
  EXPECT_EQ(reqs[3].url, "https://upload.example/u/7/complete");
}

struct Around {
  std::size_t size;
  std::size_t parts;  // 0: single upload
};

class Thresholds : public ::testing::TestWithParam<Around> {};

TEST_P(Thresholds, SingleUpToTheThresholdPartsAboveIt) {
  // threshold 20, parts of 8
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  f.fake->SetHandler(storage.Handler());
  const std::string bytes = test::Pattern(GetParam().size);
  ASSERT_TRUE(f.client.Storage().UploadBytes(bytes, SmallParts(20, 8)).ok());
  auto reqs = f.fake->requests();
  if (GetParam().parts == 0) {
    ASSERT_EQ(reqs.size(), 2u);
    EXPECT_EQ(reqs[0].url.find("multipart"), std::string::npos);
    EXPECT_EQ(reqs[1].body, bytes);
    return;
  }
  ASSERT_EQ(reqs.size(), GetParam().parts + 2);
  EXPECT_NE(reqs[0].url.find("initiate-multipart"), std::string::npos);
  std::string joined;
  for (std::size_t i = 1; i <= GetParam().parts; ++i) joined += reqs[i].body;
  EXPECT_EQ(joined, bytes);
  EXPECT_EQ(reqs.back().url, "https://upload.example/u/1/complete?sig=abc");
}

INSTANTIATE_TEST_SUITE_P(Sizes, Thresholds,
                         ::testing::Values(Around{0, 0}, Around{1, 0}, Around{19, 0}, Around{20, 0},
                                           Around{21, 3}, Around{24, 3}, Around{25, 4}, Around{32, 4},
                                           Around{33, 5}));

TEST(Upload, APartThatFailsIsRetriedAloneAndCompleteStaysAscending) {
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  storage.FailPart(2, 503, 2);
  f.fake->SetHandler(storage.Handler());
  ASSERT_TRUE(f.client.Storage().UploadBytes(test::Pattern(30), SmallParts(10, 10)).ok());
  auto reqs = f.fake->requests();
  EXPECT_EQ(RequestsTo(reqs, "/u/1/1?").size(), 1u);
  EXPECT_EQ(RequestsTo(reqs, "/u/1/2?").size(), 3u);
  EXPECT_EQ(RequestsTo(reqs, "/u/1/3?").size(), 1u);
  EXPECT_EQ(RequestsTo(reqs, "initiate").size(), 1u);
  EXPECT_EQ(f.fake->delays().size(), 2u);
  auto complete = RequestsTo(reqs, "/complete");
  ASSERT_EQ(complete.size(), 1u);
  EXPECT_EQ(
      complete[0].body,
      R"({"parts":[{"etag":"e1","partNumber":1},{"etag":"e2","partNumber":2},{"etag":"e3","partNumber":3}]})");
  // The retried part re-sent the same bytes.
  auto part2 = RequestsTo(reqs, "/u/1/2?");
  EXPECT_EQ(part2[0].body, part2[2].body);
}

TEST(Upload, APartThatKeepsFailingFailsTheUploadWithoutComplete) {
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  storage.FailPart(2, 400, 100);
  f.fake->SetHandler(storage.Handler());
  auto url = f.client.Storage().UploadBytes(test::Pattern(30), SmallParts(10, 10));
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(url.error().http_status(), 400);
  EXPECT_THAT(url.error().message(), HasSubstr("upload of \"upload.bin\", part 2 of 3 failed with HTTP 400"));
  EXPECT_THAT(url.error().message(), HasSubstr("nothing was completed"));
  EXPECT_TRUE(RequestsTo(f.fake->requests(), "/complete").empty());
  EXPECT_EQ(url.error().message().find("sig=abc"), std::string::npos);
}

TEST(Upload, InitiateErrorsAreMappedAndNothingIsPut) {
  FakeClient f(test::StorageInitiate());
  f.fake->EnqueueResponse(401, R"({"detail":"bad key"})");
  auto url = f.client.Storage().UploadBytes("x");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_THAT(url.error().message(), HasSubstr("starting the upload of \"upload.bin\""));
  EXPECT_EQ(f.fake->requests().size(), 1u);

  f.fake->EnqueueResponse(200, R"({"upload_url":"https://u/x?sig=zz"})");
  auto malformed = f.client.Storage().UploadBytes("x");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code(), ErrorCode::kMalformedResponse);
  EXPECT_EQ(malformed.error().message().find("sig=zz"), std::string::npos);
}

TEST(Upload, BadOptionsAndMissingFilesFailBeforeAnyRequest) {
  FakeClient f(test::StorageInitiate());
  auto zero_part = f.client.Storage().UploadBytes("x", SmallParts(0, 0));
  EXPECT_EQ(zero_part.error().code(), ErrorCode::kInvalidArgument);
  auto no_parallel = f.client.Storage().UploadBytes("x", SmallParts(0, 1, 0));
  EXPECT_THAT(no_parallel.error().message(), HasSubstr("parallelism is 0"));
  UploadOptions expired;
  expired.lifecycle = ObjectLifecycle::ExpiresIn(std::chrono::seconds(-5));
  EXPECT_EQ(f.client.Storage().UploadBytes("x", expired).error().code(), ErrorCode::kInvalidArgument);
  auto missing = f.client.Storage().UploadFile("/nonexistent/dir/clip.mp4");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(missing.error().message(), HasSubstr("/nonexistent/dir/clip.mp4"));
  ScratchDir dir;
  EXPECT_THAT(f.client.Storage().UploadFile(dir.path()).error().message(), HasSubstr("not a regular file"));
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(Upload, UploadOfAUrlFileIsANoOp) {
  FakeClient f(test::StorageInitiate());
  EXPECT_EQ(f.client.Storage().Upload(File("https://x/y.mp4")).value(), "https://x/y.mp4");
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(Upload, ProgressIsMonotonicAndEndsAtTheTotal) {
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  storage.FailPart(2, 503, 1);  // a re-sent part must not make the count go back or past the total
  f.fake->SetHandler(storage.Handler());
  const std::uint64_t total = 3 * 1024 * 1024 + 17;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;
  UploadOptions o = SmallParts(1 << 20, 1 << 20);
  o.on_progress = [&](std::uint64_t sent, std::uint64_t t) { seen.emplace_back(sent, t); };
  ASSERT_TRUE(f.client.Storage().UploadBytes(test::Pattern(total), o).ok());
  ASSERT_GE(seen.size(), 4u);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].second, total);
    EXPECT_LE(seen[i].first, total);
    if (i > 0) {
      EXPECT_GT(seen[i].first, seen[i - 1].first);
    }
  }
  EXPECT_EQ(seen.back().first, total);
}

TEST(Upload, SeekableStreamIsReadAsSent) {
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  f.fake->SetHandler(storage.Handler());
  const std::string bytes = test::Pattern(25);
  std::istringstream in("skip" + bytes);
  in.seekg(4);  // uploads from the current position
  ASSERT_TRUE(f.client.Storage().UploadStream(in, SmallParts(10, 10)).ok());
  auto reqs = f.fake->requests();
  ASSERT_EQ(reqs.size(), 5u);
  EXPECT_EQ(reqs[1].body + reqs[2].body + reqs[3].body, bytes);
}

// A stream that cannot seek, like a pipe.
class PipeBuf : public std::streambuf {
 public:
  explicit PipeBuf(std::string data) : data_(std::move(data)) {
    setg(data_.data(), data_.data(), data_.data() + data_.size());
  }

 private:
  std::string data_;
};

TEST(Upload, ForwardOnlyStreamGoesInBufferedParts) {
  FakeClient f(test::StorageInitiate());
  FakeStorage storage;
  f.fake->SetHandler(storage.Handler());
  const std::string bytes = test::Pattern(25);
  PipeBuf buf(bytes);
  std::istream in(&buf);
  // Below the threshold, but longer than a part: its size is unknown up front, so it goes in parts.
  ASSERT_TRUE(f.client.Storage().UploadStream(in, SmallParts(1000, 10)).ok());
  auto reqs = f.fake->requests();
  ASSERT_EQ(reqs.size(), 5u);
  EXPECT_NE(reqs[0].url.find("initiate-multipart"), std::string::npos);
  EXPECT_EQ(reqs[1].body + reqs[2].body + reqs[3].body, bytes);

  // Within one part: a single upload.
  PipeBuf small_buf("tiny");
  std::istream small(&small_buf);
  ASSERT_TRUE(f.client.Storage().UploadStream(small, SmallParts(1000, 10)).ok());
  EXPECT_EQ(f.fake->requests()[6].body, "tiny");

  // Exactly two parts: the empty third read ends it.
  PipeBuf even_buf(test::Pattern(20));
  std::istream even(&even_buf);
  ASSERT_TRUE(f.client.Storage().UploadStream(even, SmallParts(0, 10)).ok());
  auto all = f.fake->requests();
  EXPECT_EQ(all.back().body, R"({"parts":[{"etag":"e1","partNumber":1},{"etag":"e2","partNumber":2}]})");
}

// ---- With a transport the test answers by hand ----

std::future<Result<std::string>> StartUpload(const Client& client, std::string bytes, UploadOptions o) {
  auto promise = std::make_shared<std::promise<Result<std::string>>>();
  auto future = promise->get_future();
  client.Storage().UploadBytesAsync(std::move(bytes), std::move(o),
                                    [promise](Result<std::string> r) { promise->set_value(std::move(r)); });
  return future;
}

void AnswerInitiate(test::ManualTransport& t) {
  ASSERT_TRUE(t.WaitForPending(1));
  auto p = t.pending();
  ASSERT_NE(p[0]->request.url.find("/storage/upload/initiate"), std::string::npos);
  t.Respond(
      p[0], 200,
      std::string(R"({"upload_url":")") + test::kUploadUrl + R"(","file_url":")" + test::kFileUrl + "\"}");
}

int PartOf(const http::Request& r) {
  std::string rest = r.url.substr(std::string("https://upload.example/u/1/").size());
  return std::stoi(rest.substr(0, rest.find('?')));
}

TEST(UploadManual, ParallelismBoundsPartsInFlightAndCompletionOrderDoesNotMatter) {
  ManualClient m(test::StorageInitiate());
  const std::string bytes = test::Pattern(60);
  auto result = StartUpload(m.client, bytes, SmallParts(10, 10, 3));
  AnswerInitiate(*m.transport);

  auto pending = m.transport->pending();
  ASSERT_EQ(pending.size(), 3u);
  for (const auto& p : pending) {
    // Bodies are read when the transport sends them, not before.
    EXPECT_TRUE(p->request.body.empty());
    ASSERT_TRUE(p->request.body_source.has_value());
    EXPECT_EQ(p->request.body_source->size, 10u);
  }
  // Answer in a scrambled order; a new part starts for each one answered, never more than 3 at once.
  const int order[] = {3, 1, 2, 6, 4, 5};
  for (int n : order) {
    std::shared_ptr<test::ManualTransport::Pending> target;
    for (int spins = 0; spins < 100 && !target; ++spins) {
      for (const auto& p : m.transport->pending()) {
        if (p->request.method == http::Method::kPut && PartOf(p->request) == n) target = p;
      }
    }
    ASSERT_TRUE(target) << "part " << n << " not in flight";
    EXPECT_LE(m.transport->pending().size(), 3u);
    EXPECT_EQ(test::ManualTransport::Body(target->request),
              bytes.substr(static_cast<std::size_t>(n - 1) * 10, 10));
    m.transport->Respond(
        target, 200, R"({"partNumber":)" + std::to_string(n) + R"(,"etag":"e)" + std::to_string(n) + "\"}");
  }
  ASSERT_TRUE(m.transport->WaitForPending(1));
  auto complete = m.transport->pending().at(0);
  EXPECT_EQ(complete->request.url, "https://upload.example/u/1/complete?sig=abc");
  EXPECT_EQ(
      complete->request.body,
      R"({"parts":[{"etag":"e1","partNumber":1},{"etag":"e2","partNumber":2},{"etag":"e3","partNumber":3},)"
      R"({"etag":"e4","partNumber":4},{"etag":"e5","partNumber":5},{"etag":"e6","partNumber":6}]})");
  m.transport->Respond(complete, 200, "{}");
  EXPECT_EQ(result.get().value(), test::kFileUrl);
}

TEST(UploadManual, CancelStopsThePartsAtOnceAndSendsNoComplete) {
  ManualClient m(test::StorageInitiate());
  CancellationSource cancel;
  UploadOptions o = SmallParts(10, 10, 2);
  o.call.cancel = cancel.Token();
  auto result = StartUpload(m.client, test::Pattern(100), o);
  AnswerInitiate(*m.transport);
  ASSERT_EQ(m.transport->pending().size(), 2u);
  m.transport->Respond(m.transport->pending()[0], 200, R"({"partNumber":1,"etag":"e1"})");
  ASSERT_EQ(m.transport->pending().size(), 2u);
  const std::size_t sent_before = m.transport->all().size();

  cancel.Cancel();
  auto r = result.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kCancelled);
  EXPECT_TRUE(m.transport->pending().empty());
  EXPECT_EQ(m.transport->all().size(), sent_before);  // nothing new after the cancel: no part, no complete
  for (const auto& p : m.transport->all()) EXPECT_EQ(p->request.url.find("/complete"), std::string::npos);
}

TEST(UploadManual, AFinalPartFailureCancelsThePartsInFlight) {
  ManualClient m(test::StorageInitiate());
  auto result = StartUpload(m.client, test::Pattern(100), SmallParts(10, 10, 4));
  AnswerInitiate(*m.transport);
  auto pending = m.transport->pending();
  ASSERT_EQ(pending.size(), 4u);
  m.transport->Respond(pending[1], 400, R"({"detail":"part too small"})");
  auto r = result.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(r.error().message(), HasSubstr("part 2 of 10"));
  EXPECT_THAT(r.error().message(), HasSubstr("part too small"));
  EXPECT_TRUE(m.transport->pending().empty());
  EXPECT_EQ(m.transport->all().size(), 5u);  // initiate and the four parts; nothing after
}

TEST(UploadManual, CancelDuringInitiateSendsNothingElse) {
  ManualClient m(test::StorageInitiate());
  CancellationSource cancel;
  UploadOptions o;
  o.call.cancel = cancel.Token();
  auto result = StartUpload(m.client, "abc", o);
  ASSERT_TRUE(m.transport->WaitForPending(1));
  cancel.Cancel();
  EXPECT_EQ(result.get().error().code(), ErrorCode::kCancelled);
  EXPECT_EQ(m.transport->all().size(), 1u);
}

// A signed URL that has expired (storage answers 403): the parts in flight come back, no new part starts,
// then one fresh initiate and every part again under the new URL; complete lists only the new etags.
TEST(UploadManual, AnExpiredUrlStartsTheUploadAgainOnceWithAFreshOne) {
  ManualClient m(test::StorageInitiate());
  const std::string bytes = test::Pattern(40);
  auto result = StartUpload(m.client, bytes, SmallParts(10, 10, 2));
  AnswerInitiate(*m.transport);
  auto first = m.transport->pending();
  ASSERT_EQ(first.size(), 2u);
  m.transport->Respond(first[1], 403, R"({"detail":"signature expired"})");
  EXPECT_EQ(m.transport->pending().size(), 1u) << "no new part under a URL storage refused";
  m.transport->Respond(first[0], 200, R"({"partNumber":1,"etag":"old-1"})");

  ASSERT_TRUE(m.transport->WaitForPending(1));
  auto again = m.transport->pending();
  ASSERT_EQ(again.size(), 1u);
  ASSERT_NE(again[0]->request.url.find("/storage/upload/initiate"), std::string::npos);
  m.transport->Respond(
      again[0], 200,
      R"({"upload_url":"https://upload.example/u/2?sig=new","file_url":"https://cdn.example/f/2"})");
  std::vector<int> parts;
  for (int answered = 0; answered < 4; ++answered) {
    ASSERT_TRUE(m.transport->WaitForPending(1));
    auto p = m.transport->pending()[0];
    ASSERT_NE(p->request.url.find("https://upload.example/u/2/"), std::string::npos) << p->request.url;
    const int n = std::stoi(p->request.url.substr(std::string("https://upload.example/u/2/").size()));
    parts.push_back(n);
    EXPECT_EQ(test::ManualTransport::Body(p->request),
              bytes.substr(static_cast<std::size_t>(n - 1) * 10, 10));
    m.transport->Respond(
        p, 200, R"({"partNumber":)" + std::to_string(n) + R"(,"etag":"new-)" + std::to_string(n) + "\"}");
  }
  std::sort(parts.begin(), parts.end());
  EXPECT_EQ(parts, (std::vector<int>{1, 2, 3, 4}));
  ASSERT_TRUE(m.transport->WaitForPending(1));
  auto complete = m.transport->pending()[0];
  EXPECT_NE(complete->request.url.find("u/2/complete"), std::string::npos) << complete->request.url;
  EXPECT_EQ(complete->request.body.find("old-"), std::string::npos) << complete->request.body;
  EXPECT_NE(complete->request.body.find("new-4"), std::string::npos) << complete->request.body;
  m.transport->Respond(complete, 200, "{}");
  auto r = result.get();
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*r, "https://cdn.example/f/2");
  for (const auto& p : m.transport->all()) {
    if (p->request.url.find("initiate") == std::string::npos) {
      EXPECT_FALSE(http::FindHeader(p->request.headers, "authorization"));
    }
  }
}

TEST(Upload, AnExpiredSingleUrlIsReplacedOnceThenReported) {
  FakeClient f(test::StorageInitiate());
  int puts = 0;
  bool refuse_every_put = false;
  f.fake->SetHandler([&](const http::Request& r) {
    if (r.url.find("/storage/upload/initiate") != std::string::npos) {
      return http::Outcome::Of(http::Response{200,
                                              {},
                                              std::string(R"({"upload_url":")") + test::kUploadUrl +
                                                  R"(","file_url":")" + test::kFileUrl + "\"}"});
    }
    ++puts;
    return puts == 1 || refuse_every_put
               ? http::Outcome::Of(http::Response{403, {}, R"({"detail":"signature expired"})"})
               : http::Outcome::Of(http::Response{200, {}, "{}"});
  });
  auto url = f.client.Storage().UploadBytes("hello");
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(RequestsTo(f.fake->requests(), "/storage/upload/initiate").size(), 2u);
  EXPECT_EQ(puts, 2);

  refuse_every_put = true;  // then one fresh URL, and the second 403 is the answer
  auto refused = f.client.Storage().UploadBytes("hello");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(RequestsTo(f.fake->requests(), "/storage/upload/initiate").size(), 4u);
  EXPECT_EQ(puts, 4);
}

}  // namespace
}  // namespace fal

namespace fal {
namespace {

// fal takes at most 10,000 parts per multipart upload: more is refused before anything is sent, with the
// part size that would do.
TEST(UploadLimits, MoreThanTenThousandPartsIsRefusedUpFront) {
  test::FakeClient f;
  UploadOptions o;
  o.multipart_threshold = 0;
  o.part_size = 1;
  auto url = f.client.Storage().UploadBytes(std::string(10001, 'x'), o);
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(
      url.error().message().find("more than fal's limit of 10000 parts; set UploadOptions::part_size to at "
                                 "least 2 bytes"),
      std::string::npos)
      << url.error().message();
  EXPECT_TRUE(f.fake->requests().empty());
}

}  // namespace
}  // namespace fal
