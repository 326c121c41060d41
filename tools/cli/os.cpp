// fal-ltx's OS-specific code (os.hpp): a POSIX section and a Windows section, nothing else.
#include "os.hpp"

#include <atomic>
#include <cstdlib>
#include <thread>
#include <utility>

#if defined(_WIN32)
#include <windows.h>
#else
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>
#endif

namespace fal::cli::os {

#if defined(_WIN32)

namespace {

std::string Utf8(const wchar_t* text) {
  const int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
  if (n <= 1) return {};
  std::string out(static_cast<std::size_t>(n - 1), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, -1, out.data(), n, nullptr, nullptr);
  return out;
}

HANDLE StderrHandle() { return GetStdHandle(STD_ERROR_HANDLE); }

}  // namespace

std::filesystem::path StateDirectory() {
  const wchar_t* local = _wgetenv(L"LOCALAPPDATA");  // UTF-16: any user name survives
  return local != nullptr && *local != L'\0' ? std::filesystem::path(local) / "fal-ltx"
                                             : std::filesystem::path();
}

namespace {

// UTF-8 output, and VT sequences ("\r\033[K" rewrites the progress line) where the console supports them
// (Windows 10 and later).
void PrepareConsole() {
  SetConsoleOutputCP(CP_UTF8);
  for (DWORD which : {STD_OUTPUT_HANDLE, STD_ERROR_HANDLE}) {
    HANDLE h = GetStdHandle(which);
    DWORD mode = 0;
    if (h != INVALID_HANDLE_VALUE && GetConsoleMode(h, &mode)) {
      SetConsoleMode(h, mode | ENABLE_PROCESSED_OUTPUT | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
    }
  }
}

std::function<void()>* g_on_interrupt = nullptr;

BOOL WINAPI OnConsoleControl(DWORD event) {
  if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT && event != CTRL_CLOSE_EVENT) return FALSE;
  if (g_on_interrupt != nullptr) (*g_on_interrupt)();
  return TRUE;  // handled: the process is not ended; the cancellation runs instead
}

}  // namespace

bool StderrIsTerminal() {
  DWORD mode = 0;
  return GetConsoleMode(StderrHandle(), &mode) != 0;
}

std::size_t StderrColumns() {
  CONSOLE_SCREEN_BUFFER_INFO info{};
  if (GetConsoleScreenBufferInfo(StderrHandle(), &info)) {
    const int columns = info.srWindow.Right - info.srWindow.Left + 1;
    if (columns > 10) return static_cast<std::size_t>(columns);
  }
  return 80;
}

struct InterruptWatcher::State {
  std::function<void()> on_interrupt;
};

InterruptWatcher::InterruptWatcher(std::function<void()> on_interrupt)
    : state_(new State{std::move(on_interrupt)}) {
  g_on_interrupt = &state_->on_interrupt;
  SetConsoleCtrlHandler(OnConsoleControl, TRUE);
}

InterruptWatcher::~InterruptWatcher() {
  SetConsoleCtrlHandler(OnConsoleControl, FALSE);
  g_on_interrupt = nullptr;
}

}  // namespace fal::cli::os

// -municode: Windows passes the arguments as UTF-16, intact whatever the code page.
int wmain(int argc, wchar_t** argv) {
  fal::cli::os::PrepareConsole();
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.push_back(fal::cli::os::Utf8(argv[i]));
  return fal::cli::Main(args);
}

#else  // POSIX

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

bool StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

std::filesystem::path StateDirectory() {
  const char* state = std::getenv("XDG_STATE_HOME");
  if (state != nullptr && *state != '\0') return std::filesystem::path(state) / "fal-ltx";
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return std::filesystem::path(home) / ".local" / "state" / "fal-ltx";
  return {};
}

std::size_t StderrColumns() {
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10) return ws.ws_col;
  return 80;
}

struct InterruptWatcher::State {
  std::function<void()> on_interrupt;
  std::thread thread;
  pthread_t handle{};
};

InterruptWatcher::InterruptWatcher(std::function<void()> on_interrupt)
    : state_(new State{std::move(on_interrupt), {}, {}}) {
  const sigset_t set = WatchedSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  State* state = state_.get();
  state_->thread = std::thread([state] {
    const sigset_t watched = WatchedSignals();
    for (;;) {
      int signal = 0;
      if (sigwait(&watched, &signal) != 0 || signal == SIGUSR2) return;
      state->on_interrupt();
    }
  });
  state_->handle = state_->thread.native_handle();
}

InterruptWatcher::~InterruptWatcher() {
  pthread_kill(state_->handle, SIGUSR2);
  state_->thread.join();
}

}  // namespace fal::cli::os

int main(int argc, char** argv) { return fal::cli::Main(std::vector<std::string>(argv + 1, argv + argc)); }

#endif
