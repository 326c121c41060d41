// falcpp-bench jobs: N render-to-real jobs (submit, wait, result) against fal-emulator, at most C in flight.
// "Notice" latency is from the moment the emulator marked a job COMPLETED (its X-Emulator-Completed-At-Us
// header or the emulator_completed_at_us field of a stream event, on CLOCK_MONOTONIC) to the moment falcpp
// reported COMPLETED to the caller (on_update).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>

#include "bench_util.hpp"
#include "fal/batch.hpp"
#include "fal/ltx/render_to_real.hpp"

namespace fal::bench {
namespace {

constexpr const char* kUsage =
    "falcpp-bench jobs --base-url URL [--n 1000] [--concurrency 1000] [--mode streaming|polling]\n"
    "                  [--poll-ms 250] [--threads 2] [--key KEY]\n"
    "  --key defaults to FAL_KEY, as the other benches; fal-emulator without --api-key needs none.";

std::string RequestIdOf(const std::string& url) {
  auto at = url.find("/requests/");
  if (at == std::string::npos) return "";
  at += 10;
  return url.substr(at, url.find_first_of("/?", at) - at);
}

// Wraps the real transport to count requests and to read the emulator's completion stamps.
class ObservingTransport : public http::Transport {
 public:
  explicit ObservingTransport(std::shared_ptr<http::Transport> inner) : inner_(std::move(inner)) {}

  void Send(http::Request request, std::function<void(http::Outcome)> done) override {
    ++requests_;
    std::string id = RequestIdOf(request.url);
    if (request.on_body) {
      auto inner_on_body = std::move(request.on_body);
      request.on_body = [this, id, inner_on_body](std::string_view chunk) {
        static constexpr std::string_view kKey = "\"emulator_completed_at_us\":";
        if (auto at = chunk.find(kKey); at != std::string_view::npos) {
          Stamp(id, std::atoll(std::string(chunk.substr(at + kKey.size(), 24)).c_str()));
        }
        return inner_on_body(chunk);
      };
    }
    inner_->Send(std::move(request), [this, id, done = std::move(done)](http::Outcome o) {
      if (o.response) {
        if (auto stamp = o.response->Header("X-Emulator-Completed-At-Us"))
          Stamp(id, std::atoll(stamp->c_str()));
      }
      done(std::move(o));
    });
  }
  void RunAfter(std::chrono::milliseconds d, CancellationToken c, std::function<void()> fn) override {
    inner_->RunAfter(d, std::move(c), std::move(fn));
  }
  bool IsLoopThread() const override { return inner_->IsLoopThread(); }

  void Stamp(const std::string& id, long long completed_us) {
    if (id.empty() || completed_us <= 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    completed_.emplace(id, completed_us);
  }
  long long CompletedAt(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = completed_.find(id);
    return it == completed_.end() ? 0 : it->second;
  }
  long long requests() const { return requests_.load(); }

 private:
  std::shared_ptr<http::Transport> inner_;
  std::atomic<long long> requests_{0};
  std::mutex mu_;
  std::map<std::string, long long> completed_;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int RunJobs(int argc, char** argv) {
  const char* env_key = std::getenv("FAL_KEY");
  Flags flags(argc, argv, 2,
              {{"base-url", ""},
               {"n", "1000"},
               {"concurrency", "1000"},
               {"mode", "streaming"},
               {"poll-ms", "250"},
               {"threads", "2"},
               {"key", env_key != nullptr && *env_key != '\0' ? env_key : "none"}},
              kUsage);
  const auto n = static_cast<std::size_t>(flags.Int("n"));
  const bool streaming = flags.Get("mode") == "streaming";
  ThreadSampler threads;

  http::CurlTransportOptions curl;
  curl.threads = static_cast<int>(flags.Int("threads"));
  auto observing = std::make_shared<ObservingTransport>(http::MakeCurlTransport(curl));
  ClientOptions options;
  options.use_environment = false;
  options.base_url = flags.Get("base-url");
  if (flags.Get("key") != "none") options.credentials = Credentials(flags.Get("key"));
  options.transport = observing;
  Client client(options);

  std::mutex mu;
  std::map<std::string, long long> noticed_us;
  std::map<std::string, long long> submitted_us;
  BatchOptions batch;
  batch.max_in_flight = static_cast<std::size_t>(flags.Int("concurrency"));
  batch.wait.mode = streaming ? WaitMode::kStreaming : WaitMode::kPolling;
  batch.wait.poll_interval = std::chrono::milliseconds(flags.Int("poll-ms"));
  batch.wait.on_update = [&](const JobStatus& s) {
    if (s.state != JobState::kCompleted) return;
    long long now = MonotonicMicros();
    std::lock_guard<std::mutex> lock(mu);
    noticed_us.emplace(s.request_id, now);
  };
  std::vector<ltx::RenderToRealInput> inputs(n);
  for (auto& in : inputs) {
    in.video_url = "https://example.com/blockout.mp4";
    in.resolution = ltx::RenderResolution::k480p;
  }

  auto start = std::chrono::steady_clock::now();
  auto result = RunBatch(client, inputs, batch);
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<double> notice_ms;
  for (const auto& [id, at] : noticed_us) {
    long long completed = observing->CompletedAt(id);
    if (completed > 0) notice_ms.push_back(static_cast<double>(at - completed) / 1000.0);
  }
  PrintLine({{"bench", "jobs"},
             {"mode", flags.Get("mode")},
             {"n", n},
             {"concurrency", batch.max_in_flight},
             {"poll_ms", flags.Int("poll-ms")},
             {"completed", result.succeeded},
             {"failed", result.failed},
             {"wall_s", wall_s},
             {"jobs_per_s", static_cast<double>(result.succeeded) / wall_s},
             {"notice_samples", notice_ms.size()},
             {"notice_p50_ms", Percentile(notice_ms, 0.50)},
             {"notice_p99_ms", Percentile(notice_ms, 0.99)},
             {"requests_per_job", static_cast<double>(observing->requests()) / static_cast<double>(n)},
             {"threads_peak", threads.peak()},
             {"rss_peak_mb", PeakRssMb()}});
  return result.failed == 0 ? 0 : 1;
}

}  // namespace fal::bench
