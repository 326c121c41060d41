#include "interrupt.hpp"

#include <cstdio>
#include <cstdlib>

#include "exit_codes.hpp"

namespace fal::cli {

Interrupt::Interrupt() : watcher_([this] { OnInterrupt(); }) {}

void Interrupt::OnInterrupt() {
  if (interrupted_.exchange(true)) {
    // A second Ctrl-C: the user does not want to wait for the server-side cancel.
    std::fputs("\nfal-ltx: interrupted again, exiting without waiting\n", stderr);
    std::fflush(stderr);
    std::_Exit(kExitInterrupted);
  }
  source_.Cancel();
}

}  // namespace fal::cli
