// What fal-ltx shows while it works, on stderr: on a terminal a live line (transfer bars, the job's
// state and elapsed time) with messages and log lines scrolling above it; otherwise plain lines, one per
// change, that read well in a CI log. Results never go here (they go to stdout).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "console.hpp"
#include "fal/queue.hpp"
#include "fal/storage.hpp"

namespace fal::cli {

// Thread safety: all member functions may be called from any thread; the client calls JobUpdate and the
// transfer callbacks on its engine threads.
class Progress {
 public:
  enum class Style { kTerminal, kPlain, kQuiet };

  Progress(Console& console, Style style);
  ~Progress();  // clears the live line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // kTerminal when stderr is a terminal, else kPlain; kQuiet when asked.
  static Style StyleFor(const Console& console, bool quiet);

  // A line of its own (shown unless quiet).
  void Message(std::string_view line);
  // A status from a wait: the state, the queue position, and log lines not shown yet.
  void JobUpdate(const fal::JobStatus& status);
  // A progress callback for one transfer, shown as "<verb> <label>" with a bar.
  fal::ProgressCallback Transfer(std::string verb, std::string label);
  // Removes the live line (call before printing a result).
  void Clear();

 private:
  void SetLiveLocked(std::string line);
  void ClearLiveLocked();
  void MessageLocked(std::string_view line);

  Console& console_;
  Style style_;
  std::mutex mu_;
  std::string live_;  // the live line on a terminal, as drawn
  std::size_t logs_shown_ = 0;
  std::string last_state_;  // plain style: the last state line printed
  std::chrono::steady_clock::time_point job_started_{};
  bool job_seen_ = false;
};

// "16.1 KB", "2.4 MB".
std::string FormatBytes(std::uint64_t bytes);

}  // namespace fal::cli
