// What fal-ltx batch shows: a progress line (done, running, queued, failed, ambiguous, time left) while it
// runs, and at the end the report: JSON on stdout, a short table on stderr, and the exit code.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "console.hpp"
#include "fal/journaled_batch.hpp"
#include "fal/ltx/cost.hpp"

namespace fal::cli {

// Thread safety: Update may be called from any thread (it runs on the client's engine threads).
class BatchProgress {
 public:
  BatchProgress(Console& console, bool quiet, std::size_t total);
  void Start();
  void Update(const fal::JournalRecord& record);
  void Finish();  // the last line, whatever the throttle

 private:
  void PrintLocked(bool force);

  Console& console_;
  bool quiet_;
  std::size_t total_;
  std::mutex mu_;
  std::map<std::string, fal::JournalState> states_;
  std::size_t finished_here_ = 0;  // jobs that ended in this run (for the time left)
  std::chrono::steady_clock::time_point started_{}, last_print_{};
  std::string last_line_;
};

void PrintBatchReport(Console& console, const fal::JournaledBatchReport& report,
                      const std::map<std::string, fal::ltx::CostEstimate>& costs);

// 0 when every job is done; 130 after Ctrl-C; else the worst of: 4 a job failed, 5 a job is ambiguous (as
// for kAmbiguousSubmit) or could not finish for the network, the exit code of another error.
int BatchExitCode(const fal::JournaledBatchReport& report, bool interrupted);

}  // namespace fal::cli
