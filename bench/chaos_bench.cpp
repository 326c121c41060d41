// falcpp-bench chaos: N render-to-real jobs against fal-emulator under a mixed random fault plan (row 27 of
// docs/reliability.md, the fault matrix), accounted for job by job with the fault matrix's harness
// (tests/support/fault_harness.hpp): completed, lost, duplicated, ambiguous submits surfaced, and retries
// made against the emulator's own request counts.
//
// The bench sets the plan itself (POST /_emulator/faults) and restores none afterwards. Start the emulator
// with --journal FILE and pass the same FILE here for exact per-job duplicate and orphan counts (without it
// they are bounded from the emulator's jobs_created), and with --seed S for the emulator's own draws.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

#include "bench_util.hpp"
#include "fal/client.hpp"
#include "support/fault_harness.hpp"

namespace fal::bench {
namespace {

constexpr const char* kUsage =
    "falcpp-bench chaos --base-url URL [--n 2000] [--seed 1] [--concurrency 32] [--journal FILE]\n"
    "                   [--plan PLAN] [--key KEY] [--threads 2] [--mode streaming|polling] "
    "[--retry-ambiguous 0|1]\n"
    "  Start the emulator with --journal FILE (the same FILE) and --seed S for exact, reproducible figures.";

// Row 27 of the plan, per route: 503s and 429s, partial bodies (reset, close, stall), garbage, answers that
// never come, and every status-stream fault. Rules are tried in order; the first that fires wins.
constexpr const char* kDefaultPlan =
    "submit:503(ingress)@0.05; submit:429@0.03; submit:reset@0.01; submit:reset-after-enqueue@0.01;"
    " submit:close-mid-body@0.005; submit:garbage@0.005; submit:stall=3000@0.003;"
    " status:503@0.05; status:reset-mid-body@0.02; status:close-mid-body@0.02; status:garbage@0.02;"
    " status:stall=3000@0.003; status:reset@0.01;"
    " stream:sse-drop=1@0.05; stream:sse-duplicate@0.05; stream:sse-silence=3000@0.01; stream:reset@0.02;"
    " stream:503@0.02;"
    " result:503@0.05; result:429@0.03; result:reset-mid-body@0.03; result:close-mid-body@0.03;"
    " result:stall-mid-body=3000@0.01; result:garbage@0.02; result:stall=3000@0.003";

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

}  // namespace

int RunChaos(int argc, char** argv) {
  Flags flags(argc, argv, 2,
              {{"base-url", ""},
               {"n", "2000"},
               {"seed", "1"},
               {"concurrency", "32"},
               {"journal", "-"},
               {"plan", kDefaultPlan},
               {"key", "-"},
               {"threads", "2"},
               {"mode", "streaming"},
               {"retry-ambiguous", "0"}},
              kUsage);
  // "-": not given (Flags treats an empty default as a required flag).
  const std::string journal = flags.Get("journal") == "-" ? "" : flags.Get("journal");
  const std::string key = flags.Get("key") == "-" ? "" : flags.Get("key");
  const auto n = static_cast<std::size_t>(flags.Int("n"));
  const auto seed = static_cast<std::uint64_t>(flags.Int("seed"));
  test_support::EmulatorControl control(flags.Get("base-url"));
  control.SetFaults(flags.Get("plan"));
  const nlohmann::json before = control.Stats();

  ThreadSampler threads;
  http::CurlTransportOptions curl;
  curl.threads = static_cast<int>(flags.Int("threads"));
  auto transport = std::make_shared<test_support::CountingTransport>(http::MakeCurlTransport(curl));
  test_support::LogCapture log;
  ClientOptions options;
  options.use_environment = false;
  options.base_url = flags.Get("base-url");
  options.credentials = Credentials(key);
  options.transport = transport;
  options.log = log.Sink();
  // The default policies, made reproducible: the seed drives every backoff's jitter.
  for (RetryPolicy* p : {&options.retry.submit, &options.retry.status, &options.retry.result,
                         &options.retry.cancel, &options.retry.storage}) {
    p->jitter_seed = seed;
  }
  // A stalled answer is noticed after 2 s instead of the default minute, a silent stream after 2 s.
  options.request_timeout = std::chrono::milliseconds(2000);
  Client client(options);

  test_support::RunOptions run;
  run.concurrency = static_cast<std::size_t>(flags.Int("concurrency"));
  run.resumes = 2;
  const bool retry_ambiguous = flags.Int("retry-ambiguous") != 0;
  run.submit.retry_ambiguous = retry_ambiguous;
  run.wait.mode = flags.Get("mode") == "polling" ? WaitMode::kPolling : WaitMode::kStreaming;
  run.wait.poll_interval = std::chrono::milliseconds(100);
  run.wait.stream_idle_timeout = std::chrono::milliseconds(2000);
  run.wait.timeout = std::chrono::minutes(5);

  const double rss_start = PeakRssMb();
  auto started = std::chrono::steady_clock::now();
  auto outcomes =
      test_support::RunJobs(client, test_support::RenderJobs(n, "chaos seed " + std::to_string(seed)), run);
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Jobs whose submit was ambiguous still run on the emulator: let them end, and the journal catch up.
  nlohmann::json after = control.Stats();
  for (int i = 0; i < 500; ++i) {
    std::uint64_t ended = after.value("jobs_completed", 0ull) + after.value("jobs_failed", 0ull) +
                          after.value("jobs_cancelled", 0ull);
    if (ended >= after.value("jobs_created", 0ull)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    after = control.Stats();
  }
  if (!journal.empty()) {
    for (int i = 0; i < 500; ++i) {
      const std::uint64_t journaled = test_support::ReadJournalSubmits(journal).size();
      if (journaled >= after["requests"].value("submit", std::uint64_t{0})) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  control.ClearFaults();
  auto figures =
      test_support::Account(outcomes, journal, test_support::StatsDelta(before, after), *transport, log);

  std::vector<double> latency_ms;
  for (const auto& o : outcomes) latency_ms.push_back(static_cast<double>(o.elapsed.count()));
  nlohmann::json line = {{"bench", "chaos"},
                         {"n", n},
                         {"seed", seed},
                         {"concurrency", run.concurrency},
                         {"mode", flags.Get("mode")},
                         {"retry_ambiguous", retry_ambiguous},
                         {"plan", flags.Get("plan")},
                         {"wall_s", wall_s},
                         {"job_p50_ms", Percentile(latency_ms, 0.50)},
                         {"job_p99_ms", Percentile(latency_ms, 0.99)},
                         {"rss_start_mb", rss_start},
                         {"rss_peak_mb", PeakRssMb()},
                         {"threads_peak", threads.peak()}};
  line.update(figures.ToJson());
  PrintLine(line);
  const bool kept_promise = figures.lost == 0 && (retry_ambiguous || figures.duplicated == 0);
  return kept_promise ? 0 : 1;
}

}  // namespace fal::bench
