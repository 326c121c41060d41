// falcpp-bench upload: one file to fal-emulator (or fal) through fal::Storage, timed from the first request
// to the file URL. Peak RSS shows that a multipart upload streams from disk: it stays near the process's
// baseline plus part_size x parallelism at most, whatever the file size.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>

#include "bench_util.hpp"
#include "fal/client.hpp"

namespace fal::bench {
namespace {

constexpr const char* kUsage =
    "falcpp-bench upload --base-url URL --file PATH [--part-mb 10] [--parallel 4] [--threshold-mb 90]\n"
    "                    [--key KEY] [--threads 2] [--protocol cdn|initiate] [--count 1] [--concurrent 8]\n"
    "  Uploads PATH --count times, --concurrent at once (multipart above --threshold-mb), through the "
    "upload\n"
    "  protocol named (default: the client's, CDN v3) and prints {files, bytes, seconds, mb_per_s,\n"
    "  requests, requests_per_file, rss_peak_mb, sent_seconds (one file: until the last byte went out; the\n"
    "  rest is the server finishing, e.g. assembling parts)}.\n"
    "  --key defaults to FAL_KEY; fal-emulator without --api-key needs none.";

// Counts the requests the client sends (token, initiate, uploads, parts, completes, retries).
class CountingTransport : public http::Transport {
 public:
  explicit CountingTransport(std::shared_ptr<http::Transport> inner) : inner_(std::move(inner)) {}
  void Send(http::Request request, std::function<void(http::Outcome)> done) override {
    sent_.fetch_add(1);
    inner_->Send(std::move(request), std::move(done));
  }
  void RunAfter(std::chrono::milliseconds delay, CancellationToken cancel,
                std::function<void()> fn) override {
    inner_->RunAfter(delay, std::move(cancel), std::move(fn));
  }
  std::chrono::steady_clock::time_point Now() const override { return inner_->Now(); }
  bool IsLoopThread() const override { return inner_->IsLoopThread(); }
  long long sent() const { return sent_.load(); }

 private:
  std::shared_ptr<http::Transport> inner_;
  std::atomic<long long> sent_{0};
};

}  // namespace

int RunUpload(int argc, char** argv) {
  const char* env_key = std::getenv("FAL_KEY");
  Flags flags(argc, argv, 2,
              {{"base-url", ""},
               {"file", ""},
               {"part-mb", "10"},
               {"parallel", "4"},
               {"threshold-mb", "90"},
               {"key", env_key != nullptr && *env_key != '\0' ? env_key : "none"},
               {"threads", "2"},
               {"protocol", "default"},
               {"count", "1"},
               {"concurrent", "8"}},
              kUsage);
  const std::filesystem::path path = flags.Get("file");
  std::error_code ec;
  const std::uint64_t bytes = std::filesystem::file_size(path, ec);
  if (ec) {
    std::cerr << "falcpp-bench upload: cannot read " << path << ": " << ec.message() << "\n";
    return 2;
  }

  ClientOptions options;
  options.use_environment = false;
  options.base_url = flags.Get("base-url");
  http::CurlTransportOptions curl;
  curl.threads = static_cast<int>(flags.Int("threads"));
  auto counting = std::make_shared<CountingTransport>(http::MakeCurlTransport(curl));
  options.transport = counting;
  if (flags.Get("key") != "none") options.credentials = Credentials(flags.Get("key"));
  const std::string protocol = flags.Get("protocol");
  if (protocol == "cdn") {
    options.upload_protocol = UploadProtocol::kCdnV3;
  } else if (protocol == "initiate") {
    options.upload_protocol = UploadProtocol::kStorageInitiate;
  } else if (protocol != "default") {
    std::cerr << "falcpp-bench upload: --protocol is cdn or initiate\n" << kUsage << "\n";
    return 2;
  }
  const long long count = flags.Int("count");
  const long long concurrent = flags.Int("concurrent");
  if (count < 1 || concurrent < 1) {
    std::cerr << "falcpp-bench upload: --count and --concurrent must be at least 1\n";
    return 2;
  }
  Client client(options);

  UploadOptions upload;
  upload.part_size = static_cast<std::uint64_t>(flags.Double("part-mb") * 1024 * 1024);
  upload.multipart_threshold = static_cast<std::uint64_t>(flags.Double("threshold-mb") * 1024 * 1024);
  upload.parallelism = static_cast<int>(flags.Int("parallel"));

  // When the last byte went to the transport: for a multipart upload, what follows is the last answers
  // and the complete, where the server assembles the parts (fal-emulator copies them into one file).
  const auto start = std::chrono::steady_clock::now();
  double sent_seconds = 0;
  if (count == 1) {
    upload.on_progress = [&](std::uint64_t sent, std::uint64_t total) {
      if (sent == total && sent_seconds == 0) {
        sent_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }
    };
  }
  // `concurrent` uploads in flight, each finished one starting the next; the first error is reported.
  std::mutex mu;
  std::condition_variable all_done;
  long long started = 0, finished = 0;
  std::optional<Error> failure;
  std::function<void()> start_next = [&] {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (started == count) return;
      ++started;
    }
    client.Storage().UploadFileAsync(path, upload, [&](Result<std::string> url) {
      start_next();
      // Last: once `finished` reaches `count` the waiting thread may return and end these variables.
      std::lock_guard<std::mutex> lock(mu);
      if (!url && !failure) failure = url.error();
      ++finished;
      all_done.notify_all();
    });
  };
  for (long long i = 0; i < std::min(count, concurrent); ++i) start_next();
  {
    std::unique_lock<std::mutex> lock(mu);
    all_done.wait(lock, [&] { return finished == count; });
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failure) {
    std::cerr << "falcpp-bench upload: " << failure->ToString() << "\n";
    return 1;
  }
  const double mb = static_cast<double>(bytes) * static_cast<double>(count) / 1e6;
  PrintLine({{"bench", "upload"},
             {"protocol", protocol},
             {"files", count},
             {"bytes", bytes},
             {"requests", counting->sent()},
             {"requests_per_file", static_cast<double>(counting->sent()) / static_cast<double>(count)},
             {"seconds", seconds},
             {"mb_per_s", mb / seconds},
             {"rss_peak_mb", PeakRssMb()},
             {"sent_seconds", count == 1 ? sent_seconds : 0.0},
             {"part_mb", flags.Double("part-mb")},
             {"parallel", upload.parallelism},
             {"multipart", bytes > upload.multipart_threshold}});
  return 0;
}

}  // namespace fal::bench
