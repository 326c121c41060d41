#include "support/emulator_process.hpp"

#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace fal::test_support {
namespace {

constexpr char kAnnouncement[] = "fal-emulator listening on http://";

// Reads up to the first newline, waiting at most until `deadline`. Returns what was read; `complete`
// tells whether a whole line arrived.
std::string ReadFirstLine(int fd, std::chrono::steady_clock::time_point deadline, bool& complete) {
  std::string line;
  complete = false;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return line;
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return line;
    char c = 0;
    const ssize_t n = read(fd, &c, 1);  // one byte at a time: nothing after the line may be consumed
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return line;
    if (c == '\n') {
      complete = true;
      return line;
    }
    line += c;
  }
}

}  // namespace

std::string EmulatorProcess::DefaultBinary() {
  if (const char* env = std::getenv("FAL_EMULATOR_PATH"); env && *env) return env;
#ifdef FAL_EMULATOR_PATH
  return FAL_EMULATOR_PATH;
#else
  return "fal-emulator";
#endif
}

namespace {
EmulatorProcess::Options WithArgs(std::vector<std::string> args) {
  EmulatorProcess::Options options;
  options.args = std::move(args);
  return options;
}
}  // namespace

EmulatorProcess::EmulatorProcess(std::vector<std::string> args)
    : EmulatorProcess(WithArgs(std::move(args))) {}

EmulatorProcess::EmulatorProcess(Options options) : options_(std::move(options)) {
  if (options_.binary.empty()) options_.binary = DefaultBinary();
  Start();
}

EmulatorProcess::~EmulatorProcess() { Stop(); }

// A harness that cannot start its server fails the test: with an exception where the tests have them
// (the emulator's own tests expect one), else with a message and an abort (scripts/test.sh --no-exceptions).
[[noreturn]] static void StartFailed(const std::string& message) {
#if defined(__cpp_exceptions)
  throw std::runtime_error(message);
#else
  std::fprintf(stderr, "%s\n", message.c_str());
  std::abort();
#endif
}

void EmulatorProcess::Start() {
  // Outputs are copies by default: rendering a video per job would cost every test seconds of CPU. Tests
  // of rendered outputs pass "--outputs render".
  std::vector<std::string> args = {options_.binary, "--host", "127.0.0.1", "--port", "0",
                                   "--outputs",     "copy"};
  args.insert(args.end(), options_.args.begin(), options_.args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) StartFailed("EmulatorProcess: pipe failed");
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    StartFailed("EmulatorProcess: fork failed");
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    dup2(pipe_fds[1], STDOUT_FILENO);
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    // Sockets and files the test holds (webhook receivers, other emulators' pipes) stay with the test.
    close_range(3, ~0U, 0);
    // If the test process dies without running destructors, take the emulator with it.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(126);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  pid_ = pid;
  stdout_fd_ = pipe_fds[0];

  bool complete = false;
  const std::string line =
      ReadFirstLine(stdout_fd_, std::chrono::steady_clock::now() + options_.start_timeout, complete);
  const std::string prefix = kAnnouncement;
  const auto colon = line.rfind(':');
  if (!complete || line.compare(0, prefix.size(), prefix) != 0 || colon == std::string::npos ||
      colon < prefix.size()) {
    KillNow();
    StartFailed("EmulatorProcess: " + options_.binary + " did not announce its address (" +
                (complete ? "first line: '" + line + "'" : "no line within the start timeout") +
                "); is the path right and are the arguments valid?");
  }
  host_ = line.substr(prefix.size(), colon - prefix.size());
  port_ = std::atoi(line.c_str() + colon + 1);
  base_url_ = "http://" + host_ + ":" + std::to_string(port_);

  // Keep reading stdout so the emulator never blocks on a full pipe.
  const int fd = stdout_fd_;
  const bool forward = options_.forward_output;
  drain_ = std::thread([fd, forward] {
    char buffer[4096];
    for (;;) {
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (forward) (void)!write(STDERR_FILENO, buffer, static_cast<std::size_t>(n));
    }
  });
}

void EmulatorProcess::KillNow() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }
  if (drain_.joinable()) drain_.join();
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
}

int EmulatorProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + options_.stop_timeout;
  for (;;) {
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (done < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      std::fprintf(stderr, "EmulatorProcess: fal-emulator (pid %d) ignored SIGTERM for %lld ms; killing it\n",
                   static_cast<int>(pid_), static_cast<long long>(options_.stop_timeout.count()));
      kill(pid_, SIGKILL);
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  pid_ = -1;
  if (drain_.joinable()) drain_.join();
  if (stdout_fd_ >= 0) close(stdout_fd_);
  stdout_fd_ = -1;
  return status;
}

bool EmulatorProcess::WaitForRequests(const std::string& route, std::uint64_t count,
                                      std::chrono::milliseconds timeout) const {
  httplib::Client http(host_, port_);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto res = http.Get("/_emulator/stats"); res && res->status == 200) {
      const nlohmann::json stats = nlohmann::json::parse(res->body, nullptr, /*allow_exceptions=*/false);
      if (stats.is_object() && stats.contains("requests") && stats["requests"].is_object()) {
        const nlohmann::json& requests = stats["requests"];
        if (requests.contains(route) && requests[route].is_number_unsigned() &&
            requests[route].get<std::uint64_t>() >= count) {
          return true;
        }
      }
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a poll interval: the check above orders
  }
}

}  // namespace fal::test_support
