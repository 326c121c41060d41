// Ctrl-C for fal-ltx: SIGINT and SIGTERM become a cancellation that stops uploads, waits and downloads
// promptly, so that the command can cancel its job on the server before it exits with 130. A second
// Ctrl-C exits at once.
//
// Create it first in main(), before any thread starts: it blocks the signals in the calling thread, the
// threads created later (the client's engine) inherit that mask, and one watcher thread takes them with
// sigwait. That keeps the cancellation out of a signal handler, where it could not safely run.
#pragma once

#include <pthread.h>

#include <atomic>
#include <thread>

#include "fal/cancellation.hpp"

namespace fal::cli {

// Thread safety: token() and interrupted() may be called from any thread.
class Interrupt {
 public:
  Interrupt();
  ~Interrupt();  // stops the watcher thread
  Interrupt(const Interrupt&) = delete;
  Interrupt& operator=(const Interrupt&) = delete;

  fal::CancellationToken token() const { return source_.Token(); }
  bool interrupted() const { return interrupted_.load(); }

 private:
  void Watch();

  fal::CancellationSource source_;
  std::atomic<bool> interrupted_{false};
  pthread_t watcher_handle_{};
  std::thread watcher_;
};

}  // namespace fal::cli
