// fal::Storage against fal-emulator over real libcurl: single and multipart uploads at every threshold, a
// file far larger than the memory budget, injected part and download failures, cancellation, sync_mode
// data-URI outputs, automatic upload of typed inputs, and no Authorization on any storage route. Most tests
// pin the storage initiate protocol; the CdnE2E tests at the end cover CDN v3 (the default) and the
// fallback between the two.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "fal/client.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "support/emulator_process.hpp"
#include "support/sanitizer_slack.hpp"

namespace fal {
namespace {

using std::chrono::milliseconds;
using test_support::EmulatorProcess;

constexpr const char* kKey = "key-id:key-secret";

Client ClientFor(const EmulatorProcess& emulator, ClientOptions o = {},
                 UploadProtocol protocol = UploadProtocol::kStorageInitiate) {
  o.upload_protocol = protocol;
  o.use_environment = false;
  o.base_url = emulator.base_url();
  o.credentials = Credentials(kKey);
  o.retry.storage.base_delay = milliseconds(10);  // keep injected-failure tests quick
  return Client(o);
}

// Every emulator in this file demands the key on API routes, so a missing key on initiate fails loudly
// and a key on a storage route is counted.
std::vector<std::string> Args(std::vector<std::string> more = {}) {
  std::vector<std::string> args{"--api-key", kKey, "--queue-ms",     "10",
                                "--run-ms",  "50", "--log-every-ms", "20"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

nlohmann::json Stats(const EmulatorProcess& emulator) {
  httplib::Client http(emulator.base_url());
  auto res = http.Get("/_emulator/stats");
  return res ? nlohmann::json::parse(res->body) : nlohmann::json();
}

void SetFaults(const EmulatorProcess& emulator, const std::string& plan) {
  httplib::Client http(emulator.base_url());
  auto res = http.Post("/_emulator/faults", plan, "text/plain");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
}

void ClearFaults(const EmulatorProcess& emulator) {
  httplib::Client http(emulator.base_url());
  auto res = http.Delete("/_emulator/faults");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status / 100, 2) << res->body;
}

class Scratch {
 public:
  Scratch() {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("falcpp-storage-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
  }
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path operator/(const std::string& name) const { return dir_ / name; }
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir_))
      out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::filesystem::path dir_;
};

std::string Pattern(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

std::filesystem::path WriteFile(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

OutputFile At(const std::string& url) {
  OutputFile f;
  f.url = url;
  return f;
}

// Peak resident set of this process (VmHWM), in bytes.
std::uint64_t PeakRss() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

// Lowers VmHWM to the current RSS, so that a later reading shows the peak of what follows.
void ResetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

UploadOptions Parts(std::uint64_t threshold, std::uint64_t part_size, int parallelism = 4) {
  UploadOptions o;
  o.multipart_threshold = threshold;
  o.part_size = part_size;
  o.parallelism = parallelism;
  return o;
}

TEST(StorageE2E, UploadsAroundEveryThresholdRoundTrip) {
  EmulatorProcess emulator(Args());
  Client client = ClientFor(emulator);
  Scratch dir;
  constexpr std::size_t kThreshold = 48 * 1024, kPart = 16 * 1024;
  const std::size_t sizes[] = {0,
                               1,
                               kPart - 1,
                               kPart,
                               kPart + 1,
                               kThreshold - 1,
                               kThreshold,
                               kThreshold + 1,
                               4 * kPart - 1,
                               4 * kPart + 1,
                               10 * kPart};
  int single = 0, multipart = 0, parts = 0;
  for (std::size_t size : sizes) {
    SCOPED_TRACE("size " + std::to_string(size));
    const std::string bytes = Pattern(size, static_cast<unsigned>(size));
    auto path = WriteFile(dir / ("in-" + std::to_string(size) + ".bin"), bytes);
    auto url = client.Storage().UploadFile(path, Parts(kThreshold, kPart));
    ASSERT_TRUE(url.ok()) << url.error().ToString();
    EXPECT_EQ(url->rfind(emulator.base_url() + "/files/", 0), 0u) << *url;
    if (size > kThreshold) {
      ++multipart;
      parts += static_cast<int>((size + kPart - 1) / kPart);
    } else {
      ++single;
    }
    auto out = dir / ("out-" + std::to_string(size) + ".bin");
    auto n = client.Storage().Download(At(*url), out);
    ASSERT_TRUE(n.ok()) << n.error().ToString();
    EXPECT_EQ(*n, size);
    EXPECT_EQ(ReadFile(out), bytes);
  }
  auto stats = Stats(emulator);
  EXPECT_EQ(stats["requests"]["initiate"], single + multipart);
  EXPECT_EQ(stats["requests"]["upload"], single);
  EXPECT_EQ(stats["requests"]["part"], parts);
  EXPECT_EQ(stats["requests"]["complete"], multipart);
  EXPECT_EQ(stats["authorization_on_storage"], 0);
}

TEST(StorageE2E, BytesAndStreamsUploadToo) {
  EmulatorProcess emulator(Args());
  Client client = ClientFor(emulator);
  Scratch dir;
  const std::string bytes = Pattern(100 * 1024 + 3, 5);
  for (int variant = 0; variant < 3; ++variant) {
    SCOPED_TRACE(variant);
    Result<std::string> url = Error(ErrorCode::kInternal, "unset");
    if (variant == 0) {
      url = client.Storage().UploadBytes(bytes, Parts(32 * 1024, 32 * 1024));
    } else if (variant == 1) {
      std::istringstream in(bytes);
      url = client.Storage().UploadStream(in, Parts(32 * 1024, 32 * 1024));
    } else {
      auto path = WriteFile(dir / "s.bin", bytes);
      std::ifstream in(path, std::ios::binary);
      url = client.Storage().UploadStream(in, Parts(1 << 20, 32 * 1024));  // single, read as sent
    }
    ASSERT_TRUE(url.ok()) << url.error().ToString();
    std::ostringstream back;
    ASSERT_TRUE(client.Storage().DownloadTo(At(*url), back).ok());
    EXPECT_EQ(back.str(), bytes);
  }
  EXPECT_EQ(Stats(emulator)["authorization_on_storage"], 0);
}

TEST(StorageE2E, AFileFarLargerThanTheMemoryBudgetUploadsAndDownloadsInBoundedMemory) {
  EmulatorProcess emulator(Args());
  Client client = ClientFor(emulator);
  Scratch dir;
  constexpr std::size_t kSize = 96u << 20;  // 96 MiB against a budget of 2 x 1 MiB
  auto path = dir / "big.bin";
  std::uint64_t checksum = 0;
  {
    std::ofstream out(path, std::ios::binary);
    std::string block = Pattern(1 << 20, 11);
    for (std::size_t i = 0; i < kSize / block.size(); ++i) {
      block[0] = static_cast<char>(i);
      for (unsigned char c : block) checksum = checksum * 31 + c;
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
    }
  }
  ResetPeakRss();
  const std::uint64_t before = PeakRss();
  std::uint64_t last_progress = 0;
  UploadOptions o = Parts(8u << 20, 1u << 20, 2);
  o.on_progress = [&](std::uint64_t sent, std::uint64_t total) {
    EXPECT_EQ(total, kSize);
    EXPECT_GE(sent, last_progress);
    last_progress = sent;
  };
  auto url = client.Storage().UploadFile(path, o);
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(last_progress, kSize);
  const std::uint64_t after_upload = PeakRss();

  auto back = dir / "big.out";
  auto n = client.Storage().Download(At(*url), back);
  ASSERT_TRUE(n.ok()) << n.error().ToString();
  EXPECT_EQ(*n, kSize);
  const std::uint64_t after_download = PeakRss();

  std::uint64_t check_back = 0;
  {
    std::ifstream in(back, std::ios::binary);
    std::string block(1 << 20, '\0');
    while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) {
      for (std::streamsize i = 0; i < in.gcount(); ++i)
        check_back = check_back * 31 + static_cast<unsigned char>(block[i]);
    }
  }
  EXPECT_EQ(check_back, checksum);
  RecordProperty("peak_rss_growth_upload_kb", static_cast<int>((after_upload - before) / 1024));
  RecordProperty("peak_rss_growth_download_kb", static_cast<int>((after_download - before) / 1024));
  // Growth of the peak: a few MiB of buffers, never the file (96 MiB).
  const std::uint64_t bound = test_support::MemorySlack(16u << 20);
  EXPECT_LT(after_upload - before, bound) << "peak RSS grew by " << (after_upload - before) / 1e6 << " MB";
  EXPECT_LT(after_download - before, bound)
      << "peak RSS grew by " << (after_download - before) / 1e6 << " MB";
  auto stats = Stats(emulator);
  EXPECT_EQ(stats["requests"]["part"], 96);
  EXPECT_EQ(stats["bytes_uploaded"], kSize);
  EXPECT_EQ(stats["authorization_on_storage"], 0);
}

TEST(StorageE2E, InjectedPartFailuresAreRetriedPartByPart) {
  EmulatorProcess emulator(Args());
  Client client = ClientFor(emulator);
  SetFaults(emulator, "part:503x2;part:reset");
  const std::string bytes = Pattern(200 * 1024, 3);
  auto url = client.Storage().UploadBytes(bytes, Parts(64 * 1024, 32 * 1024, 3));
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  std::ostringstream back;
  ASSERT_TRUE(client.Storage().DownloadTo(At(*url), back).ok());
  EXPECT_EQ(back.str(), bytes);
  auto stats = Stats(emulator);
  EXPECT_EQ(stats["faults_by_route"]["part"], 3);
  EXPECT_EQ(stats["requests"]["part"], 7 + 3);  // seven parts, three of them sent twice
  EXPECT_EQ(stats["requests"]["complete"], 1);
  EXPECT_EQ(stats["requests"]["initiate"], 1);
  EXPECT_EQ(stats["authorization_on_storage"], 0);
}

TEST(StorageE2E, APartThatKeepsFailingFailsTheUploadWithNoComplete) {
  EmulatorProcess emulator(Args({"--faults", "part:403@1"}));
  Client client = ClientFor(emulator);
  auto url = client.Storage().UploadBytes(Pattern(100 * 1024, 4), Parts(32 * 1024, 32 * 1024));
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_NE(url.error().message().find("part "), std::string::npos) << url.error().message();
  EXPECT_EQ(url.error().message().find("X-Emulator-Signature"), std::string::npos);
  EXPECT_EQ(Stats(emulator)["requests"]["complete"], 0);
  EXPECT_EQ(Stats(emulator)["requests"]["initiate"], 2) << "a 403 gets one fresh URL, then is reported";
}

// A part refused with 403 (an expired URL): the upload starts again with a fresh one, every part is sent
// under it, and the file is whole.
TEST(StorageE2E, AnExpiredPartUrlStartsTheUploadAgainWithAFreshOne) {
  EmulatorProcess emulator(Args({"--faults", "part:403x1"}));
  Client client = ClientFor(emulator);
  const std::string bytes = Pattern(100 * 1024, 9);
  auto url = client.Storage().UploadBytes(bytes, Parts(32 * 1024, 32 * 1024, 2));
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  std::ostringstream out;
  ASSERT_TRUE(client.Storage().DownloadTo(At(*url), out).ok());
  EXPECT_EQ(out.str(), bytes);
  auto stats = Stats(emulator);
  EXPECT_EQ(stats["requests"]["initiate"], 2);
  EXPECT_EQ(stats["requests"]["complete"], 1);
  EXPECT_GE(stats["requests"]["part"], 4 + 1);  // the refused one (and any in flight with it), then all four
  EXPECT_EQ(stats["authorization_on_storage"], 0);
}

TEST(StorageE2E, CancelStopsAnUploadPromptlyWithoutComplete) {
  EmulatorProcess emulator(Args({"--faults", "part:stall=2000@1"}));
  Client client = ClientFor(emulator);
  CancellationSource cancel;
  UploadOptions o = Parts(64 * 1024, 64 * 1024, 2);
  o.call.cancel = cancel.Token();
  auto result =
      std::async(std::launch::async, [&] { return client.Storage().UploadBytes(Pattern(1 << 20, 6), o); });
  ASSERT_TRUE(emulator.WaitForRequests("part", 2));  // both parts in flight, held by the emulator
  const auto start = std::chrono::steady_clock::now();
  cancel.Cancel();
  auto r = result.get();
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kCancelled);
  EXPECT_LT(took, milliseconds(test_support::Slack(500)));
  EXPECT_EQ(Stats(emulator)["requests"]["complete"], 0);
}

TEST(StorageE2E, AnInterruptedDownloadLeavesNoFinalFile) {
  EmulatorProcess emulator(Args());
  Client client = ClientFor(emulator);
  Scratch dir;
  const std::string bytes = Pattern(512 * 1024, 8);
  auto url = client.Storage().UploadBytes(bytes);
  ASSERT_TRUE(url.ok()) << url.error().ToString();

  // Once: retried from the first byte, the file is whole.
  SetFaults(emulator, "file:reset-mid-body=65536");
  ASSERT_TRUE(client.Storage().Download(At(*url), dir / "once.bin").ok());
  EXPECT_EQ(ReadFile(dir / "once.bin"), bytes);

  // Every time: the download fails and neither the file nor its temporary remains.
  SetFaults(emulator, "file:reset-mid-body=65536@1");
  auto broken = client.Storage().Download(At(*url), dir / "broken.bin");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code(), ErrorCode::kUnavailable);

  // A clean close after part of the body (a short body) is caught too.
  SetFaults(emulator, "file:close-mid-body=1000@1");
  ASSERT_FALSE(client.Storage().Download(At(*url), dir / "short.bin").ok());

  // A wrong file_size is refused.
  ClearFaults(emulator);
  OutputFile wrong = At(*url);
  wrong.file_size = static_cast<std::int64_t>(bytes.size()) + 1;
  EXPECT_EQ(client.Storage().Download(wrong, dir / "wrong.bin").error().code(),
            ErrorCode::kMalformedResponse);

  EXPECT_EQ(dir.Names(), std::vector<std::string>{"once.bin"});
  EXPECT_EQ(Stats(emulator)["authorization_on_storage"], 0);
}

// The real transport, keeping the Range header (or "") of every request to a storage file.
class RangeRecorder : public http::Transport {
 public:
  RangeRecorder() : inner_(http::MakeCurlTransport({})) {}
  void Send(http::Request request, std::function<void(http::Outcome)> done) override {
    if (request.method == http::Method::kGet && request.url.find("/files/") != std::string::npos) {
      std::lock_guard<std::mutex> lock(mu_);
      ranges_.push_back(http::FindHeader(request.headers, "range").value_or(""));
    }
    inner_->Send(std::move(request), std::move(done));
  }
  void RunAfter(milliseconds delay, CancellationToken cancel, std::function<void()> fn) override {
    inner_->RunAfter(delay, std::move(cancel), std::move(fn));
  }
  bool IsLoopThread() const override { return inner_->IsLoopThread(); }
  std::vector<std::string> ranges() const {
    std::lock_guard<std::mutex> lock(mu_);
    return ranges_;
  }

 private:
  std::shared_ptr<http::Transport> inner_;
  mutable std::mutex mu_;
  std::vector<std::string> ranges_;
};

TEST(StorageE2E, AnInterruptedDownloadResumesWithRange) {
  EmulatorProcess emulator(Args());
  auto recorder = std::make_shared<RangeRecorder>();
  ClientOptions options;
  options.transport = recorder;
  Client client = ClientFor(emulator, options);
  Scratch dir;
  const std::string bytes = Pattern(2 * 1024 * 1024, 11);
  auto url = client.Storage().UploadBytes(bytes);
  ASSERT_TRUE(url.ok()) << url.error().ToString();

  // The connection breaks after 1 MiB of the body: the retry asks for the rest and appends it.
  SetFaults(emulator, "file:reset-mid-body=1048576");
  std::uint64_t last_progress = 0;
  bool progress_went_back = false;
  DownloadOptions download;
  download.on_progress = [&](std::uint64_t done, std::uint64_t) {
    progress_went_back = progress_went_back || done < last_progress;
    last_progress = done;
  };
  auto got = client.Storage().Download(At(*url), dir / "resumed.bin", download);
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(*got, bytes.size());
  EXPECT_TRUE(ReadFile(dir / "resumed.bin") == bytes) << "the resumed file differs from the upload";

  const std::vector<std::string> ranges = recorder->ranges();
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0], "");  // the first attempt asks for the whole file
  // The second asks from the first byte it lacks: something arrived before the reset, at most the 1 MiB sent.
  ASSERT_EQ(ranges[1].rfind("bytes=", 0), 0u) << ranges[1];
  ASSERT_EQ(ranges[1].back(), '-') << ranges[1];
  const std::uint64_t from = std::stoull(ranges[1].substr(6, ranges[1].size() - 7));
  EXPECT_GT(from, 0u);
  EXPECT_LE(from, 1048576u);
  EXPECT_FALSE(progress_went_back);
  EXPECT_EQ(dir.Names(), std::vector<std::string>{"resumed.bin"});
}

TEST(StorageE2E, TypedInputsAreUploadedAndASyncModeOutputDecodes) {
  EmulatorProcess emulator(Args());
  Client client = ClientFor(emulator);
  Scratch dir;
  // The emulator returns the uploaded input as the output video: a round trip through the whole path.
  const std::string video = std::string(
                                "\x00\x00\x00\x18"
                                "ftypisom",
                                12) +
                            Pattern(300 * 1024, 9);
  auto input_path = WriteFile(dir / "blockout.mp4", video);

  ltx::RenderToRealInput in;
  in.video_url = File::FromPath(input_path);
  in.resolution = ltx::RenderResolution::k480p;
  in.num_frames = 97;
  auto out = client.Subscribe(in);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ASSERT_EQ(out->video.url.rfind(emulator.base_url() + "/files/", 0), 0u) << out->video.url;
  ASSERT_TRUE(client.Storage().Download(out->video, dir / "render.mp4").ok());
  EXPECT_EQ(ReadFile(dir / "render.mp4"), video);

  in.sync_mode = true;
  auto sync = client.Subscribe(in);
  ASSERT_TRUE(sync.ok()) << sync.error().ToString();
  ASSERT_EQ(sync->video.url.rfind("data:video/mp4;base64,", 0), 0u) << sync->video.url.substr(0, 40);
  std::vector<std::uint64_t> progress;
  DownloadOptions o;
  o.on_progress = [&](std::uint64_t done, std::uint64_t) { progress.push_back(done); };
  auto n = client.Storage().Download(sync->video, dir / "sync.mp4", o);
  ASSERT_TRUE(n.ok()) << n.error().ToString();
  EXPECT_EQ(ReadFile(dir / "sync.mp4"), video);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), video.size());

  auto stats = Stats(emulator);
  EXPECT_EQ(stats["requests"]["initiate"], 2);
  EXPECT_EQ(stats["authorization_on_storage"], 0);
}

TEST(StorageE2E, SmallInputsCanGoInline) {
  EmulatorProcess emulator(Args());
  ClientOptions o;
  o.inline_files_below = 1 << 20;
  Client client = ClientFor(emulator, o);
  Scratch dir;
  ltx::RenderToRealInput in;
  in.video_url = File::FromPath(WriteFile(dir / "tiny.mp4", std::string("\x00\x00\x00\x18"
                                                                        "ftypisom",
                                                                        12) +
                                                                "x"));
  in.resolution = ltx::RenderResolution::k480p;
  in.num_frames = 97;
  auto out = client.Subscribe(in);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(Stats(emulator)["requests"]["initiate"], 0);
}

// CDN v3: single and multipart uploads straight to the CDN with one token, and the faults of that protocol.
Client CdnClientFor(const EmulatorProcess& emulator) {
  return ClientFor(emulator, {}, UploadProtocol::kCdnV3);
}

// The upload succeeded and the file at its URL holds exactly `bytes`.
void ExpectStored(Client& client, const Result<std::string>& url, const std::string& bytes) {
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  std::ostringstream back;
  ASSERT_TRUE(client.Storage().DownloadTo(At(*url), back).ok());
  EXPECT_EQ(back.str(), bytes);
}

TEST(CdnE2E, UploadsAroundTheThresholdRoundTripOnOneToken) {
  EmulatorProcess emulator(Args());
  Client client = CdnClientFor(emulator);
  constexpr std::size_t kThreshold = 48 * 1024, kPart = 16 * 1024;
  int single = 0, multipart = 0, parts = 0;
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, kThreshold, kThreshold + 1, 10 * kPart + 3}) {
    SCOPED_TRACE("size " + std::to_string(size));
    const std::string bytes = Pattern(size, static_cast<unsigned>(size) + 7);
    auto url = client.Storage().UploadBytes(bytes, Parts(kThreshold, kPart));
    ExpectStored(client, url, bytes);
    ASSERT_TRUE(url.ok());
    EXPECT_EQ(url->rfind(emulator.base_url() + "/files/", 0), 0u) << *url;
    if (size > kThreshold) {
      ++multipart;
      parts += static_cast<int>((size + kPart - 1) / kPart);
    } else {
      ++single;
    }
  }
  auto stats = Stats(emulator);
  EXPECT_EQ(stats["requests"]["token"], 1) << "one token serves every upload";
  EXPECT_EQ(stats["requests"]["cdn-upload"], single);
  EXPECT_EQ(stats["requests"]["cdn-multipart"], multipart);
  EXPECT_EQ(stats["requests"]["cdn-part"], parts);
  EXPECT_EQ(stats["requests"]["cdn-complete"], multipart);
  EXPECT_EQ(stats["requests"]["initiate"], 0);
  EXPECT_EQ(stats["authorization_on_storage"], 0) << "the API key went to the CDN or a download";
  EXPECT_EQ(stats["cdn_token_off_cdn"], 0) << "the CDN token went somewhere else";
}

TEST(CdnE2E, ATokenThatExpiresMidUploadIsReplacedOnce) {
  EmulatorProcess emulator(Args({"--faults", "cdn-part:expire-token"}));
  Client client = CdnClientFor(emulator);
  const std::string bytes = Pattern(100 * 1024, 21);
  ExpectStored(client, client.Storage().UploadBytes(bytes, Parts(32 * 1024, 32 * 1024, 2)), bytes);
  auto stats = Stats(emulator);
  EXPECT_EQ(stats["requests"]["token"], 2);
  EXPECT_EQ(stats["requests"]["cdn-multipart"], 1) << "the upload went on under the new token";
  EXPECT_GE(stats["requests"]["cdn-part"], 4 + 1);
  EXPECT_EQ(stats["requests"]["cdn-complete"], 1);
}

TEST(CdnE2E, AShortLivedTokenIsRefreshedBeforeItExpires) {
  EmulatorProcess emulator(Args({"--cdn-token-lifetime-ms", "2000"}));
  Client client = CdnClientFor(emulator);
  ASSERT_TRUE(client.Storage().UploadBytes("first").ok());
  // Past half of the token's life: the next upload fetches a new one before using it.
  std::this_thread::sleep_for(milliseconds(1100));
  ASSERT_TRUE(client.Storage().UploadBytes("second").ok());
  auto stats = Stats(emulator);
  EXPECT_EQ(stats["requests"]["token"], 2);
  EXPECT_EQ(stats["requests"]["cdn-upload"], 2) << "no upload was refused with an expired token";
}

TEST(CdnE2E, A401FromTheCdnIsRetriedOnceThenReported) {
  EmulatorProcess emulator(Args({"--faults", "cdn-upload:401"}));
  Client client = CdnClientFor(emulator);
  ASSERT_TRUE(client.Storage().UploadBytes("abc").ok());
  EXPECT_EQ(Stats(emulator)["requests"]["token"], 2);
  SetFaults(emulator, "cdn-upload:401x2");
  auto url = client.Storage().UploadBytes("abc");
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(Stats(emulator)["requests"]["initiate"], 0) << "a refused token is no reason to fall back";
}

TEST(CdnE2E, PartFailuresAreRetriedPartByPartOrFailTheUpload) {
  EmulatorProcess emulator(Args({"--faults", "cdn-part:503x2"}));
  Client client = CdnClientFor(emulator);
  const std::string bytes = Pattern(200 * 1024, 5);
  auto url = client.Storage().UploadBytes(bytes, Parts(64 * 1024, 32 * 1024, 3));
  ASSERT_TRUE(url.ok()) << url.error().ToString();
  EXPECT_EQ(Stats(emulator)["requests"]["cdn-part"], 7 + 2);
  SetFaults(emulator, "cdn-part:400@1");
  auto failed = client.Storage().UploadBytes(bytes, Parts(64 * 1024, 32 * 1024, 3));
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message().find("part "), std::string::npos) << failed.error().message();
  EXPECT_EQ(Stats(emulator)["requests"]["cdn-complete"], 1);
}

TEST(CdnE2E, AServerWithoutTheTokenEndpointGetsStorageInitiate) {
  EmulatorProcess emulator(Args({"--faults", "token:404@1"}));
  Client client = CdnClientFor(emulator);
  const std::string bytes = Pattern(100 * 1024, 8);
  auto single = client.Storage().UploadBytes("small");
  ASSERT_TRUE(single.ok()) << single.error().ToString();
  ExpectStored(client, client.Storage().UploadBytes(bytes, Parts(32 * 1024, 32 * 1024)), bytes);
  auto stats = Stats(emulator);
  EXPECT_EQ(stats["requests"]["token"], 1) << "the client remembers that CDN v3 is not offered";
  EXPECT_EQ(stats["requests"]["initiate"], 2);
  EXPECT_EQ(stats["requests"]["cdn-upload"], 0);
}

}  // namespace
}  // namespace fal
