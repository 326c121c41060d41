#include "interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include "exit_codes.hpp"

namespace fal::cli {
namespace {

// SIGUSR2 only wakes the watcher when the command is over.
sigset_t WatchedSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR2);
  return set;
}

}  // namespace

Interrupt::Interrupt() {
  const sigset_t set = WatchedSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  watcher_ = std::thread([this] { Watch(); });
  watcher_handle_ = watcher_.native_handle();
}

Interrupt::~Interrupt() {
  pthread_kill(watcher_handle_, SIGUSR2);
  watcher_.join();
}

void Interrupt::Watch() {
  const sigset_t set = WatchedSignals();
  for (;;) {
    int signal = 0;
    if (sigwait(&set, &signal) != 0 || signal == SIGUSR2) return;
    if (interrupted_.exchange(true)) {
      // A second Ctrl-C: the user does not want to wait for the server-side cancel.
      static const char kMessage[] = "\nfal-ltx: interrupted again, exiting without waiting\n";
      (void)!write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
      _exit(kExitInterrupted);
    }
    source_.Cancel();
  }
}

}  // namespace fal::cli
