// Fault matrix, storage and host rows (docs/reliability.md, fault matrix rows 14, 21, 22, 23): slow uploads
// are not killed while they progress, a failed multipart part is re-sent alone, a refused signed URL is
// reported, and the API key never reaches a storage route or another host, redirects included. These rows are
// the storage initiate protocol's (signed URLs), so its client pins it; CDN v3 faults are in
// storage_e2e_test.
#include <atomic>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>

#include "fault_fixture.hpp"
#include "support/loopback_server.hpp"

namespace fal::faults {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

void PinStorageInitiate(ClientOptions& o) { o.upload_protocol = UploadProtocol::kStorageInitiate; }

std::string Bytes(std::size_t n, unsigned seed) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + seed * 7 + (i >> 8)) & 0xff);
  return s;
}

class StorageFaults : public FaultTest {
 protected:
  std::string Download(const std::string& url) {
    std::ostringstream out;
    auto n = client().Storage().DownloadTo(OutputFile{url, std::nullopt, std::nullopt, std::nullopt}, out);
    EXPECT_TRUE(n.ok()) << n.error().ToString();
    return out.str();
  }
};

// Row 14: an upload slower than the request timeout but above the low-speed floor is not killed. The
// emulator cannot throttle what it reads, so a loopback server plays fal's storage here: it reads the body
// in small pieces with pauses (about 400 KB/s), and checks that the key never reached it.
TEST(SlowStorage, ProgressingUploadIsNotKilledByTheRequestTimeout) {
  std::atomic<std::size_t> received{0};
  std::atomic<int> authorized{0};
  test_support::LoopbackServer storage([&](httplib::Server& http) {
    http.Post("/storage/upload/initiate", [](const httplib::Request& req, httplib::Response& res) {
      const std::string here = "http://" + req.get_header_value("Host");
      res.set_content(
          R"({"upload_url":")" + here + R"(/up/1?sig=secret","file_url":")" + here + R"(/files/1"})",
          "application/json");
    });
    http.Put("/up/1",
             [&](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
               authorized += req.has_header("Authorization");
               reader([&](const char*, std::size_t n) {
                 received += n;
                 std::this_thread::sleep_for(milliseconds(5));
                 return true;
               });
               res.set_content("{}", "application/json");
             });
  });
  ClientOptions o;
  o.use_environment = false;
  o.base_url = storage.base_url();
  o.credentials = Credentials(kKey);
  o.request_timeout = milliseconds(200);
  o.transfer_low_speed_bytes_per_second = 1024;
  o.transfer_low_speed_window = std::chrono::seconds(2);
  Client client(o);
  const std::string data = Bytes(512 << 10, 1);
  auto started = Clock::now();
  auto url = client.Storage().UploadBytes(data);
  auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  std::cout << "[figures] slow upload of 512 KiB took " << took.count() << " ms (request timeout 200 ms)"
            << std::endl;
  EXPECT_GT(took.count(), 200) << "slower than the request timeout, and still fine";
  EXPECT_EQ(received.load(), data.size());
  EXPECT_EQ(authorized.load(), 0);
}

// Row 14: an upload whose answer stalls below the low-speed floor fails that attempt and is retried; the
// caller's cancel aborts an upload in progress at once.
TEST_F(StorageFaults, UploadBelowTheFloorIsRetriedAndCancelIsPrompt) {
  Start({}, [](ClientOptions& o) {
    PinStorageInitiate(o);
    o.transfer_low_speed_bytes_per_second = 64 * 1024;
    o.transfer_low_speed_window = std::chrono::seconds(1);
  });
  // libcurl averages the speed over the last few seconds, so a small body lets the stall show at once.
  const std::string data = Bytes(16 * 1024, 2);
  control().SetFaults("upload:stall=6000x1");  // received, then no answer: nothing moves for 6 s
  auto started = Clock::now();
  auto url = client().Storage().UploadBytes(data);
  auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(log().Retries("upload"), 1u);
  std::cout << "[figures] stalled upload detected and retried in " << took.count() << " ms (window 1 s)"
            << std::endl;
  EXPECT_LT(took.count(), Slack(4000));
  EXPECT_EQ(Download(*url), data);

  control().SetFaults("upload:stall=5000@1");
  const std::uint64_t uploads = Requests("upload");
  CancellationSource cancel;
  UploadOptions o;
  o.call.cancel = cancel.Token();
  std::promise<Result<std::string>> promise;
  client().Storage().UploadBytesAsync(data, o,
                                      [&](Result<std::string> r) { promise.set_value(std::move(r)); });
  // The upload is held by the server: cancel then, whatever the speed of the machine.
  ASSERT_TRUE(WaitForRequests("upload", uploads + 1));
  auto cancelled_at = Clock::now();
  cancel.Cancel();
  auto r = promise.get_future().get();
  auto latency = std::chrono::duration_cast<milliseconds>(Clock::now() - cancelled_at);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kCancelled);
  std::cout << "[figures] upload cancel latency " << latency.count() << " ms" << std::endl;
  EXPECT_LT(latency.count(), Slack(200));
}

// Row 21: multipart part failures (a 503, and a reset after the part was received): only the failed parts
// are sent again, complete lists every part with its latest etag, and the file is intact.
TEST_F(StorageFaults, FailedPartsAreResentAloneAndTheFileIsIntact) {
  Start({}, PinStorageInitiate);
  const std::size_t kPart = 64 * 1024;
  const std::string data = Bytes(5 * kPart + 1000, 3);
  control().SetFaults("part:503x1; part:reset-mid-bodyx1");
  UploadOptions o;
  o.multipart_threshold = kPart;
  o.part_size = kPart;
  o.parallelism = 2;
  auto before = control().Stats();
  auto url = client().Storage().UploadBytes(data, o);
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  auto stats = control().Stats();
  EXPECT_EQ(Download(*url), data);
  EXPECT_EQ(stats["requests"]["part"].get<int>() - before["requests"]["part"].get<int>(), 6 + 2);
  EXPECT_EQ(stats["requests"]["complete"].get<int>() - before["requests"]["complete"].get<int>(), 1);
  EXPECT_EQ(log().Retries("part"), 2u);
  // The 503 is answered before the body is read; the reset after it. At most two parts travel twice.
  const auto resent = stats["bytes_uploaded"].get<std::uint64_t>() -
                      before["bytes_uploaded"].get<std::uint64_t>() - data.size();
  std::cout << "[figures] multipart: bytes re-sent " << resent << " (part size " << kPart << ")" << std::endl;
  EXPECT_LE(resent, 2 * kPart);
  EXPECT_EQ(stats["authorization_on_storage"], 0);
  EXPECT_TRUE(control().FaultsConsumed());
}

// Row 22: the signed upload URL is refused (what an expired URL gets: 403). fal-emulator signs its URLs
// with a secret and a lifetime of an hour, so a real expiry cannot be provoked in a test; the 403 fault is
// the same answer. falcpp starts the upload again once with a fresh URL (a new initiate); a second 403 is
// reported as kPermissionDenied naming the upload. The key never goes to storage either way.
TEST_F(StorageFaults, RefusedSignedUrlIsReplacedOnceThenReportedWithoutTheKey) {
  Start({}, PinStorageInitiate);
  control().SetFaults("upload:403x1");
  const std::string data = Bytes(1000, 4);
  auto fresh = client().Storage().UploadBytes(data);
  ASSERT_TRUE(fresh.ok()) << fresh.error().ToString();
  EXPECT_EQ(Download(*fresh), data);
  auto stats = control().Stats();
  EXPECT_EQ(stats["requests"]["initiate"], 2);
  EXPECT_EQ(stats["requests"]["upload"], 2);

  control().SetFaults("upload:403@1");  // every time
  auto url = client().Storage().UploadBytes(Bytes(1000, 4));
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code(), ErrorCode::kPermissionDenied) << url.error().ToString();
  EXPECT_EQ(url.error().http_status(), 403);
  EXPECT_EQ(url.error().message().find("X-Emulator-Signature"), std::string::npos)
      << "no signed query in messages";
  stats = control().Stats();
  EXPECT_EQ(stats["requests"]["initiate"], 4) << "one fresh URL, not more";
  EXPECT_EQ(stats["requests"]["upload"], 4);
  EXPECT_EQ(stats["authorization_on_storage"], 0);
  EXPECT_EQ(transport().Authorized().count("upload"), 0u);
}

// Row 23: redirects. API calls never follow one (the answer is an error and the other host sees nothing);
// downloads follow them, and neither hop carries the key.
TEST(Redirects, NeverCarryTheKeyToAnotherHost) {
  std::atomic<int> other_requests{0};
  std::string other_auth = "<none>", api_download_auth = "<none>";
  std::mutex mu;
  test_support::LoopbackServer other([&](httplib::Server& http) {
    http.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
      ++other_requests;
      std::lock_guard<std::mutex> lock(mu);
      other_auth = req.get_header_value("Authorization");
      res.set_content("the file", "application/octet-stream");
    });
    http.Post(".*", [&](const httplib::Request&, httplib::Response& res) {
      ++other_requests;
      res.set_content(R"({"request_id":"stolen"})", "application/json");
    });
  });
  test_support::LoopbackServer api([&](httplib::Server& http) {
    http.Post(".*", [&](const httplib::Request&, httplib::Response& res) {
      res.set_redirect(other.url("/fal-ai/ltx-2.3-quality/render-to-real"), 307);
    });
    http.Get("/files/f.bin", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      api_download_auth = req.get_header_value("Authorization");
      res.set_redirect(other.url("/cdn/f.bin"), 302);
    });
    http.Get(".*", [&](const httplib::Request&, httplib::Response& res) {
      res.set_redirect(other.url("/elsewhere"), 302);
    });
  });

  ClientOptions o;
  o.use_environment = false;
  o.base_url = api.base_url();
  o.credentials = Credentials(kKey);
  o.retry.submit = o.retry.status = FastPolicy(2);
  Client client(o);

  auto job = client.Submit(kRender, "{}");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().http_status(), 307);
  auto status = client.Job(kRender, "r1").value().Status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().http_status(), 302);
  EXPECT_EQ(other_requests.load(), 0) << "an API call followed a redirect to another host";

  std::ostringstream out;
  auto n = client.Storage().DownloadTo(
      OutputFile{api.url("/files/f.bin"), std::nullopt, std::nullopt, std::nullopt}, out);
  ASSERT_TRUE(n.ok()) << n.error().ToString();
  EXPECT_EQ(out.str(), "the file");
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(api_download_auth, "") << "downloads never carry the key";
  EXPECT_EQ(other_auth, "") << "the redirect target saw the key";
}

}  // namespace
}  // namespace fal::faults
