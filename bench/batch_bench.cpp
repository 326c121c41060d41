// falcpp-bench batch: RunBatch over N render-to-real jobs, each with its own local render of --mb MB that the
// typed submit uploads first, against fal-emulator. Shows whether the uploads of different jobs overlap:
// uploads_peak is the most upload requests the client had in flight at once (1 when each submit waits for its
// own files before the next job starts).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench_util.hpp"
#include "fal/batch.hpp"
#include "fal/ltx/render_to_real.hpp"

namespace fal::bench {
namespace {

constexpr const char* kUsage =
    "falcpp-bench batch --base-url URL [--n 50] [--mb 20] [--max-in-flight 16] [--dir DIR] [--threads 2]\n"
    "                   [--key KEY]\n"
    "  Writes N files of --mb MB under --dir (default: a temporary folder, removed after), runs RunBatch "
    "over\n"
    "  N render-to-real jobs whose video_url is one of them (uploaded by the typed submit) and prints\n"
    "  {n, mb, completed, failed, wall_s, upload_s (first upload request to the last upload answer),\n"
    "  upload_mb_per_s, uploads_peak (upload requests in flight at once), threads_peak, rss_peak_mb}.\n"
    "  --key defaults to FAL_KEY; fal-emulator without --api-key needs none.";

// Counts the upload requests (those that stream a body) in flight, and when the first and last ran.
class UploadWatchingTransport : public http::Transport {
 public:
  explicit UploadWatchingTransport(std::shared_ptr<http::Transport> inner) : inner_(std::move(inner)) {}

  void Send(http::Request request, std::function<void(http::Outcome)> done) override {
    if (!request.body_source) return inner_->Send(std::move(request), std::move(done));
    const long long started = MonotonicMicros();
    long long expected = 0;
    first_us_.compare_exchange_strong(expected, started);
    const int now = in_flight_.fetch_add(1) + 1;
    int peak = peak_.load();
    while (now > peak && !peak_.compare_exchange_weak(peak, now)) {
    }
    inner_->Send(std::move(request), [this, done = std::move(done)](http::Outcome outcome) {
      in_flight_.fetch_sub(1);
      last_us_.store(MonotonicMicros());
      done(std::move(outcome));
    });
  }
  void RunAfter(std::chrono::milliseconds delay, CancellationToken cancel,
                std::function<void()> fn) override {
    inner_->RunAfter(delay, std::move(cancel), std::move(fn));
  }
  std::chrono::steady_clock::time_point Now() const override { return inner_->Now(); }
  bool IsLoopThread() const override { return inner_->IsLoopThread(); }

  int peak() const { return peak_.load(); }
  double upload_seconds() const { return static_cast<double>(last_us_.load() - first_us_.load()) / 1e6; }

 private:
  std::shared_ptr<http::Transport> inner_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> peak_{0};
  std::atomic<long long> first_us_{0};
  std::atomic<long long> last_us_{0};
};

// N distinct files of `mb` MB (each starts with its own index, so no two are the same bytes).
std::vector<std::filesystem::path> WriteRenders(const std::filesystem::path& dir, std::size_t n,
                                                long long mb) {
  std::filesystem::create_directories(dir);
  std::string block(1 << 20, '\0');
  for (std::size_t i = 0; i < block.size(); ++i) block[i] = static_cast<char>((i * 131) & 0xff);
  std::vector<std::filesystem::path> paths;
  for (std::size_t i = 0; i < n; ++i) {
    paths.push_back(dir / ("render_" + std::to_string(i) + ".mp4"));
    std::ofstream out(paths.back(), std::ios::binary | std::ios::trunc);
    std::string head = "render " + std::to_string(i) + "\n";
    out.write(head.data(), static_cast<std::streamsize>(head.size()));
    for (long long m = 0; m < mb; ++m) out.write(block.data(), static_cast<std::streamsize>(block.size()));
  }
  return paths;
}

}  // namespace

int RunBatchBench(int argc, char** argv) {
  const char* env_key = std::getenv("FAL_KEY");
  Flags flags(argc, argv, 2,
              {{"base-url", ""},
               {"n", "50"},
               {"mb", "20"},
               {"max-in-flight", "16"},
               {"dir", "temp"},
               {"threads", "2"},
               {"key", env_key != nullptr && *env_key != '\0' ? env_key : "none"}},
              kUsage);
  const auto n = static_cast<std::size_t>(flags.Int("n"));
  const bool own_dir = flags.Get("dir") == "temp";
  const std::filesystem::path dir = own_dir ? std::filesystem::temp_directory_path() /
                                                  ("falcpp-bench-batch-" + std::to_string(MonotonicMicros()))
                                            : std::filesystem::path(flags.Get("dir"));
  const std::vector<std::filesystem::path> renders = WriteRenders(dir, n, flags.Int("mb"));
  ThreadSampler threads;

  http::CurlTransportOptions curl;
  curl.threads = static_cast<int>(flags.Int("threads"));
  auto watching = std::make_shared<UploadWatchingTransport>(http::MakeCurlTransport(curl));
  ClientOptions options;
  options.use_environment = false;
  options.base_url = flags.Get("base-url");
  if (flags.Get("key") != "none") options.credentials = Credentials(flags.Get("key"));
  options.transport = watching;
  Client client(options);

  std::vector<ltx::RenderToRealInput> inputs(n);
  for (std::size_t i = 0; i < n; ++i) {
    inputs[i].video_url = File::FromPath(renders[i]);
    inputs[i].resolution = ltx::RenderResolution::k480p;
  }
  BatchOptions batch;
  batch.max_in_flight = static_cast<std::size_t>(flags.Int("max-in-flight"));

  auto start = std::chrono::steady_clock::now();
  auto result = RunBatch(client, inputs, batch);
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (own_dir) std::filesystem::remove_all(dir);

  const double upload_s = watching->upload_seconds();
  const double total_mb = static_cast<double>(n) * static_cast<double>(flags.Int("mb"));
  PrintLine({{"bench", "batch"},
             {"n", n},
             {"mb", flags.Int("mb")},
             {"max_in_flight", batch.max_in_flight},
             {"completed", result.succeeded},
             {"failed", result.failed},
             {"wall_s", wall_s},
             {"upload_s", upload_s},
             {"upload_mb_per_s", upload_s > 0 ? total_mb / upload_s : 0.0},
             {"uploads_peak", watching->peak()},
             {"threads_peak", threads.peak()},
             {"rss_peak_mb", PeakRssMb()}});
  return result.failed == 0 ? 0 : 1;
}

}  // namespace fal::bench
