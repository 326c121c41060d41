// Everything in fal-ltx that differs by OS, all in os.cpp: the program's entry (UTF-8 arguments on
// Windows through wmain), the terminal (is stderr one, how wide, UTF-8 and VT sequences) and Ctrl-C.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fal::cli {

/// fal-ltx's own main, given the arguments (without the program name) as UTF-8. os.cpp's main (wmain on
/// Windows) calls it.
int Main(const std::vector<std::string>& args);

namespace os {

bool StderrIsTerminal();
/// The width of the terminal behind stderr in columns, 80 when unknown.
std::size_t StderrColumns();

/// Calls `on_interrupt` each time the user presses Ctrl-C (or the process is asked to terminate), on a
/// thread of its own, never inside a signal handler, until destroyed.
/// POSIX: create it before any other thread starts: it blocks SIGINT and SIGTERM in the calling thread, the
/// threads created later inherit that mask, and one watcher thread takes them with sigwait.
/// Windows: a console control handler (SetConsoleCtrlHandler), which Windows runs on a thread of its own.
class InterruptWatcher {
 public:
  explicit InterruptWatcher(std::function<void()> on_interrupt);
  ~InterruptWatcher();
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace os
}  // namespace fal::cli
