// Runs fal-emulator as a child process for integration tests: on a free loopback port, stopped with
// SIGTERM when the object goes away. Shared by the emulator's own tests and the SDK's integration tests.
//
//   fal::test_support::EmulatorProcess emulator({"--queue-ms", "20", "--run-ms", "50"});
//   httplib::Client http(emulator.base_url());             // or point FAL_BASE_URL at it
//   ...
//   // ~EmulatorProcess: SIGTERM, wait, SIGKILL if it does not exit in time.
//
// The binary is the fal-emulator built in this tree (FAL_EMULATOR_PATH, set by CMake), unless the
// FAL_EMULATOR_PATH environment variable names another. Starting it takes a few milliseconds, so a
// fresh emulator per test keeps tests independent. Linux only (fork/exec, prctl).
//
// Thread safety: one object belongs to one thread; several objects (several emulators) may coexist.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace fal::test_support {

class EmulatorProcess {
 public:
  struct Options {
    // Arguments after the defaults "--host 127.0.0.1 --port 0 --outputs copy" (rendered outputs cost
    // seconds of CPU a job; tests of them pass "--outputs render"); a later flag overrides an earlier one.
    std::vector<std::string> args;
    // The executable; empty means DefaultBinary().
    std::string binary;
    // How long to wait for the "fal-emulator listening on http://HOST:PORT" line.
    std::chrono::milliseconds start_timeout{10000};
    // How long SIGTERM gets before SIGKILL.
    std::chrono::milliseconds stop_timeout{5000};
    // Copy the emulator's stdout after the first line to this process's stderr (stderr is inherited).
    bool forward_output = true;
  };

  // Starts the emulator with extra arguments. Throws std::runtime_error when it cannot be started or
  // does not announce its address in time (the message says what it printed instead).
  explicit EmulatorProcess(std::vector<std::string> args = {});
  explicit EmulatorProcess(Options options);
  ~EmulatorProcess();

  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  // "http://127.0.0.1:PORT": the base URL for the queue, run and rest hosts alike.
  const std::string& base_url() const { return base_url_; }
  const std::string& host() const { return host_; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }

  // Sends SIGTERM and waits for the exit (SIGKILL after stop_timeout). Returns the raw wait status
  // (test it with WIFEXITED/WEXITSTATUS), or -1 when the process was already stopped. Idempotent.
  int Stop();

  // Waits until the emulator has received at least `count` requests on `route` ("submit", "status",
  // "stream", "result", "part", ...; GET /_emulator/stats), so that a test acts when an event has happened
  // rather than after a guessed sleep. False when `timeout` passed first.
  bool WaitForRequests(const std::string& route, std::uint64_t count,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(30000)) const;

  // The fal-emulator this build made, or the FAL_EMULATOR_PATH environment variable when set.
  static std::string DefaultBinary();

 private:
  void Start();
  void KillNow();

  Options options_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::thread drain_;
  std::string host_;
  int port_ = 0;
  std::string base_url_;
};

}  // namespace fal::test_support
