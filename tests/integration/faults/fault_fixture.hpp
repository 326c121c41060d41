// The fixture of the fault matrix (docs/reliability.md, the fault matrix): a fresh fal-emulator per test with
// fast jobs, an API key and a journal; a falcpp client against it with small retry delays, a counting
// transport and a log capture; and the accounting of tests/support/fault_harness.hpp.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fal/client.hpp"
#include "support/emulator_process.hpp"
#include "support/fault_harness.hpp"
#include "support/sanitizer_slack.hpp"

namespace fal::faults {

using test_support::CountingTransport;
using test_support::EmulatorControl;
using test_support::EmulatorProcess;
using test_support::Figures;
using test_support::JobOutcome;
using test_support::LogCapture;
using test_support::RunOptions;

inline constexpr char kKey[] = "fault-matrix-key";
inline constexpr char kRender[] = "fal-ai/ltx-2.3-quality/render-to-real";

/// Retry delays of a few milliseconds, so that a scenario with dozens of retries stays fast.
RetryPolicy FastPolicy(int attempts);

using test_support::Slack;

class FaultTest : public ::testing::Test {
 protected:
  void TearDown() override;

  /// Starts the emulator (fast jobs, --api-key, --journal, plus `args`) and a client for it. `tweak` may
  /// change the client's options after the defaults are set.
  void Start(std::vector<std::string> args = {}, const std::function<void(ClientOptions&)>& tweak = {});

  /// Runs `n` render-to-real jobs under the emulator's current plan and accounts for them.
  Figures Run(std::size_t n, RunOptions options = {});

  /// The outcomes of the last Run.
  const std::vector<JobOutcome>& outcomes() const { return outcomes_; }
  Client& client() { return *client_; }
  EmulatorControl& control() { return *control_; }
  CountingTransport& transport() { return *transport_; }
  LogCapture& log() { return log_; }
  const std::string& base_url() const { return emulator_->base_url(); }
  /// The emulator's count of requests on `route` ("status", "upload", ...).
  std::uint64_t Requests(const std::string& route) const {
    return control_->Stats()["requests"].value(route, std::uint64_t{0});
  }
  /// Waits until that count reaches `count` (EmulatorProcess::WaitForRequests): act on the event itself.
  bool WaitForRequests(const std::string& route, std::uint64_t count) const {
    return emulator_->WaitForRequests(route, count);
  }

  /// Prints the figures, so that a run's numbers show in the test log.
  static void Report(const std::string& scenario, const Figures& f);

 private:
  std::unique_ptr<EmulatorProcess> emulator_;
  std::unique_ptr<EmulatorControl> control_;
  std::shared_ptr<CountingTransport> transport_;
  LogCapture log_;
  std::optional<Client> client_;
  std::string journal_;
  std::vector<JobOutcome> outcomes_;
  int runs_ = 0;
};

}  // namespace fal::faults
