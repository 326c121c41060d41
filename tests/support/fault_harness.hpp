// Runs jobs through falcpp against fal-emulator under a fault plan and accounts for every one of them: the
// figures of docs/reliability.md ("How jobs are counted") (completed, lost, duplicated, ambiguous submits
// surfaced, retries made against the emulator's own request counts). Shared by the fault-matrix tests
// (tests/integration/faults) and `falcpp-bench chaos`, so both count the same way.
//
//   CountingTransport  what falcpp sent, per emulator route (named by the emulator's own router), and when
//   LogCapture         a thread-safe log sink keeping every line; counts the retry loop's "retrying" lines
//   EmulatorControl    /_emulator/stats and /_emulator/faults
//   RunJobs            N submits + waits with bounded concurrency, one outcome per job
//   Account            outcomes + the emulator's --journal + stats -> Figures
//
// A job is known by the SHA-256 of its body (each job's body is unique), which the emulator's journal also
// records: that is how a job the emulator created is matched to the submit that created it, and how
// duplicates are counted exactly.
//
// Thread safety: CountingTransport and LogCapture are safe from any thread; the rest belong to one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fal/client.hpp"
#include "fal/http/transport.hpp"

namespace fal::test_support {

/// A transport that counts every request falcpp sends, per emulator route ("submit", "status", "stream",
/// "result", "cancel", "initiate", "upload", "part", "complete", "file", "unknown" for other hosts).
class CountingTransport : public http::Transport {
 public:
  explicit CountingTransport(std::shared_ptr<http::Transport> inner);

  void Send(http::Request request, std::function<void(http::Outcome)> done) override;
  void RunAfter(std::chrono::milliseconds delay, CancellationToken cancel, std::function<void()> fn) override;
  std::chrono::steady_clock::time_point Now() const override { return inner_->Now(); }
  bool IsLoopThread() const override { return inner_->IsLoopThread(); }

  std::map<std::string, std::uint64_t> Sent() const;
  std::uint64_t Sent(std::string_view route) const;
  /// When each request of `route` was handed to the transport, in order.
  std::vector<std::chrono::steady_clock::time_point> SendTimes(std::string_view route) const;
  /// Requests that carried an Authorization header, per route.
  std::map<std::string, std::uint64_t> Authorized() const;
  /// Forgets what was counted (between runs against one emulator).
  void Reset();

 private:
  std::shared_ptr<http::Transport> inner_;
  mutable std::mutex mu_;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> sent_;
  std::map<std::string, std::uint64_t> authorized_;
};

/// A log sink that keeps every line (falcpp's sink may be called from several threads at once).
class LogCapture {
 public:
  LogSink Sink();
  std::vector<std::string> Lines() const;
  /// The retry loop's "retrying <call> ..." lines, per emulator route.
  std::map<std::string, std::uint64_t> Retries() const;
  std::uint64_t Retries(std::string_view route) const;
  void Clear();

 private:
  struct Shared {
    mutable std::mutex mu;
    std::vector<std::string> lines;
  };
  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
};

/// The emulator's control routes. Throws std::runtime_error when the emulator does not answer as expected.
class EmulatorControl {
 public:
  explicit EmulatorControl(std::string base_url);
  nlohmann::json Stats() const;
  /// Replaces the fault plan (POST /_emulator/faults).
  void SetFaults(const std::string& plan) const;
  void ClearFaults() const;
  /// GET /_emulator/faults: each rule with how often it fired and what is left.
  nlohmann::json Faults() const;
  /// True when every counted rule of the plan has fired as often as planned.
  bool FaultsConsumed() const;
  /// Waits until the emulator has counted `key` reaching at least `value` (it counts job ends just after
  /// answering, so a test may see an answer first).
  nlohmann::json WaitForStat(const std::string& key, std::uint64_t value,
                             std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;

 private:
  std::string base_url_;
};

/// One job for RunJobs: an endpoint and a JSON body that no other job of the run shares.
struct JobSpec {
  std::string endpoint;
  std::string body;
};

/// `n` render-to-real jobs whose bodies differ by `tag` and their index.
std::vector<JobSpec> RenderJobs(std::size_t n, const std::string& tag);

struct RunOptions {
  std::size_t concurrency = 16;
  SubmitOptions submit;
  WaitOptions wait;
  /// A wait that ends with an error other than the job's own is resumed (Client::Job + Wait) this often,
  /// as a careful caller would; resumes are counted.
  int resumes = 0;
};

/// What became of one job, from the caller's side.
struct JobOutcome {
  std::string body_sha256;
  std::string request_id;  ///< From the handle, when the submit returned one.
  std::optional<Error> submit_error;
  std::optional<Error> wait_error;  ///< The last wait's error: the job's own, or why no outcome came.
  bool completed = false;           ///< An output was fetched (valid JSON).
  bool job_failed = false;          ///< The job ended with its own error (kJobFailed, or cancelled by fal).
  int completed_updates = 0;        ///< COMPLETED statuses seen: one per wait that got there.
  bool states_regressed = false;    ///< A status update went back (IN_PROGRESS -> IN_QUEUE, ...).
  int resumes = 0;
  std::chrono::milliseconds elapsed{0};
};

/// Submits and waits for every job, at most `concurrency` at a time. Blocks until all have ended.
std::vector<JobOutcome> RunJobs(const Client& client, const std::vector<JobSpec>& jobs,
                                const RunOptions& options);

/// One submit the emulator journaled.
struct JournaledSubmit {
  std::string body_sha256;
  std::string request_id;
  int status = 0;
  std::string fault;
  bool job_created = false;  ///< Answered 200, or reset after the job was enqueued.
};
/// Reads the submits of an emulator journal (--journal FILE).
std::vector<JournaledSubmit> ReadJournalSubmits(const std::string& path);

/// The figures of one run. Routes are the emulator's names.
struct Figures {
  std::size_t jobs = 0;
  std::size_t completed = 0;      ///< Outputs obtained.
  std::size_t job_failed = 0;     ///< Jobs that ended with their own error, reported as such.
  std::size_t ambiguous = 0;      ///< Submits that ended in kAmbiguousSubmit ("a job may exist").
  std::size_t submit_failed = 0;  ///< Submits that ended in another error ("no job was created").
  std::size_t wait_failed = 0;    ///< Handles whose wait ended without an outcome, resumes included.
  std::size_t jobs_created = 0;   ///< By the emulator, from its journal (or its stats without one).
  std::size_t duplicated = 0;     ///< Emulator jobs beyond the first per job body.
  std::size_t lost = 0;           ///< Jobs the caller was not told about, or told did not exist.
  std::size_t resumes = 0;
  std::size_t regressions = 0;                   ///< Jobs whose status updates went backwards.
  std::size_t extra_completed = 0;               ///< Jobs that saw COMPLETED more than once per wait.
  std::map<std::string, std::uint64_t> sent;     ///< Requests falcpp sent, per route.
  std::map<std::string, std::uint64_t> retries;  ///< Retries falcpp logged, per route.
  std::map<std::string, std::uint64_t> emulator_requests;  ///< Requests the emulator counted, per route.
  /// How calls ended without an output, "<phase>:<code>" (phase submit or wait) -> count, and one example
  /// message of each: what a reader checks for misclassified errors.
  std::map<std::string, std::uint64_t> errors;
  std::map<std::string, std::string> error_examples;
  std::uint64_t faults_injected = 0;
  std::uint64_t authorization_on_storage = 0;
  bool exact = false;  ///< Duplicates and lost jobs from the journal (exact), not bounds from the stats.

  /// falcpp sent no request the emulator did not count. The emulator may count a few more: libcurl re-sends
  /// a request on its own when a kept-alive connection turns out dead before the server read its body.
  bool CountsAgree() const;
  /// Requests the emulator counted beyond what falcpp sent: libcurl's own re-sends.
  std::uint64_t LibcurlResends() const;
  nlohmann::json ToJson() const;
};

/// `after` minus `before` for the stats' counters (requests per route, faults, jobs): one run's share.
nlohmann::json StatsDelta(const nlohmann::json& before, const nlohmann::json& after);

/// Accounts for a run. Only journal entries of this run's job bodies count. `journal_path` may be empty:
/// duplicates and orphans are then bounded from jobs_created instead of counted per job.
Figures Account(const std::vector<JobOutcome>& outcomes, const std::string& journal_path,
                const nlohmann::json& stats, const CountingTransport& transport, const LogCapture& log);

}  // namespace fal::test_support
