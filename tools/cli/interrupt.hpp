// Ctrl-C for fal-ltx: SIGINT and SIGTERM (a console control event on Windows) become a cancellation that
// stops uploads, waits and downloads promptly, so that the command can cancel its job on the server before
// it exits with 130. A second Ctrl-C exits at once.
//
// Create it first in main(), before any thread starts (os.hpp says why); the cancellation runs on the
// watcher's thread, never in a signal handler, where it could not safely run.
#pragma once

#include <atomic>

#include "fal/cancellation.hpp"
#include "os.hpp"

namespace fal::cli {

// Thread safety: token() and interrupted() may be called from any thread.
class Interrupt {
 public:
  Interrupt();
  Interrupt(const Interrupt&) = delete;
  Interrupt& operator=(const Interrupt&) = delete;

  fal::CancellationToken token() const { return source_.Token(); }
  bool interrupted() const { return interrupted_.load(); }

 private:
  void OnInterrupt();

  fal::CancellationSource source_;
  std::atomic<bool> interrupted_{false};
  os::InterruptWatcher watcher_;  // last: stopped first, before what it uses goes away
};

}  // namespace fal::cli
