// fal-emulator: a local fal server for offline work, tests and benchmarks. Prints
// "fal-emulator listening on http://HOST:PORT" as its first stdout line, serves until SIGINT or
// SIGTERM, then stops cleanly.
#include <signal.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "emulator.hpp"
#include "httplib_overrides.hpp"
#include "options.hpp"

#if defined(__SANITIZE_THREAD__)
// Debian's cpp-httplib is a prebuilt, uninstrumented library: ThreadSanitizer cannot see its
// synchronisation (e.g. the fast path of its function-local statics), so the memcpy/send calls it makes
// through TSan's interceptors produce false reports. The emulator's own code stays fully checked.
extern "C" const char* __tsan_default_suppressions() { return "called_from_lib:libcpp-httplib.so\n"; }
#endif

namespace {

// Up to a thousand open status streams plus their clients' sockets need more than the usual 1024.
void RaiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using fal::emulator::Emulator;
  const auto parsed = fal::emulator::ParseOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (parsed.show_help) {
    std::fputs(fal::emulator::UsageText().c_str(), stdout);
    return 0;
  }
  if (parsed.show_version) {
    std::puts("fal-emulator 0.1.0");
    return 0;
  }
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "fal-emulator: %s\n", parsed.error.c_str());
    return 2;
  }

  // Signals are taken by sigwait below; every thread started from here on inherits the block.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A client that goes away mid-answer must not kill the server.
  signal(SIGPIPE, SIG_IGN);
  RaiseFileLimit();

  std::string error;
  auto emulator = Emulator::Create(parsed.options, &error);
  if (!emulator || !emulator->Bind(&error)) {
    std::fprintf(stderr, "fal-emulator: %s\n", error.c_str());
    return 1;
  }
  std::printf("fal-emulator listening on %s\n", emulator->listen_url().c_str());
  std::fflush(stdout);
  std::fprintf(stderr, "fal-emulator: seed %llu, %d worker(s), queue %d ms, run %d ms%s\n",
               static_cast<unsigned long long>(emulator->seed()), parsed.options.workers,
               parsed.options.queue_ms, parsed.options.run_ms,
               parsed.options.api_key.empty() ? "" : ", API key required");
  if (!fal::emulator::HttplibOverridesActive()) {
    std::fprintf(stderr,
                 "fal-emulator: cpp-httplib's keep-alive wait and compression could not be replaced "
                 "(not Debian's shared libcpp-httplib?): many idle connections will cost CPU\n");
  }

  std::thread server([&emulator] { emulator->Serve(); });
  int received = 0;
  sigwait(&stop_signals, &received);

  // A second signal while stopping ends the process at once.
  std::thread watchdog([&stop_signals] {
    int again = 0;
    sigwait(&stop_signals, &again);
    std::_Exit(1);
  });
  watchdog.detach();
  emulator->Stop();
  server.join();
  emulator.reset();
  return 0;
}
