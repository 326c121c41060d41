#include "fault_fixture.hpp"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <thread>

namespace fal::faults {

RetryPolicy FastPolicy(int attempts) {
  RetryPolicy p;
  p.max_attempts = attempts;
  p.base_delay = std::chrono::milliseconds(5);
  p.max_delay = std::chrono::milliseconds(40);
  p.jitter_seed = 7;
  return p;
}

void FaultTest::TearDown() {
  client_.reset();     // joins the engine before the emulator goes
  transport_.reset();  // and closes its kept-alive connections, which would hold the emulator's shutdown
  emulator_.reset();
  if (!journal_.empty()) std::filesystem::remove(journal_);
}

void FaultTest::Start(std::vector<std::string> args, const std::function<void(ClientOptions&)>& tweak) {
  static std::atomic<int> serial{0};
  journal_ = (std::filesystem::temp_directory_path() /
              ("falcpp-faults-" + std::to_string(getpid()) + "-" + std::to_string(serial++) + ".jsonl"))
                 .string();
  std::vector<std::string> all = {
      "--queue-ms", "10", "--run-ms",  "30",     "--log-every-ms", "10",   "--workers",          "64",
      "--api-key",  kKey, "--journal", journal_, "--seed",         "1234", "--sse-keepalive-ms", "200"};
  all.insert(all.end(), args.begin(), args.end());
  emulator_ = std::make_unique<EmulatorProcess>(all);
  control_ = std::make_unique<EmulatorControl>(emulator_->base_url());

  transport_ = std::make_shared<CountingTransport>(http::MakeCurlTransport());
  ClientOptions o;
  o.use_environment = false;
  o.base_url = emulator_->base_url();
  o.credentials = Credentials(kKey);
  o.transport = transport_;
  o.log = log_.Sink();
  o.request_timeout = std::chrono::milliseconds(5000);
  o.retry.submit = FastPolicy(4);
  o.retry.status = FastPolicy(6);
  o.retry.result = FastPolicy(4);
  o.retry.cancel = FastPolicy(4);
  o.retry.storage = FastPolicy(4);
  if (tweak) tweak(o);
  client_.emplace(o);
}

Figures FaultTest::Run(std::size_t n, RunOptions options) {
  if (options.wait.poll_interval == WaitOptions{}.poll_interval)
    options.wait.poll_interval = std::chrono::milliseconds(10);
  if (!options.wait.timeout) options.wait.timeout = std::chrono::seconds(20);
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  transport_->Reset();
  log_.Clear();
  const nlohmann::json before = control_->Stats();
  // Job bodies are unique per run: the journal tells this run's jobs from an earlier one's.
  const std::string tag = std::string(info->name()) + " run " + std::to_string(++runs_);
  outcomes_ = test_support::RunJobs(*client_, test_support::RenderJobs(n, tag), options);
  // The emulator counts a job's end just after answering, and jobs the caller never heard of (ambiguous
  // submits) still run: let every job end before reading the counters.
  nlohmann::json stats = control_->Stats();
  std::uint64_t ended = 0;
  for (int i = 0; i < 200; ++i) {
    ended = stats.value("jobs_completed", 0u) + stats.value("jobs_failed", 0u) +
            stats.value("jobs_cancelled", 0u);
    if (ended >= stats.value("jobs_created", 0u)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    stats = control_->Stats();
  }
  // The journal gets a line when an answer is finished: a stalled one comes late.
  for (int i = 0; i < 500; ++i) {
    std::uint64_t journaled = test_support::ReadJournalSubmits(journal_).size();
    if (journaled >= stats["requests"].value("submit", std::uint64_t{0})) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Figures f =
      test_support::Account(outcomes_, journal_, test_support::StatsDelta(before, stats), *transport_, log_);
  Report(info->name(), f);
  return f;
}

void FaultTest::Report(const std::string& scenario, const Figures& f) {
  std::cout << "[figures] " << scenario << " " << f.ToJson().dump() << std::endl;
}

}  // namespace fal::faults
