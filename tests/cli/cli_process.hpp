// Runs the fal-ltx binary this tree built as a child process, with its own environment, and collects
// its exit code, stdout and stderr. Linux only (fork/exec, poll).
//
// Thread safety: a free function; concurrent calls run separate processes.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace fal::test_support {

struct CliResult {
  int exit_code = -1;  // the exit status, or 128 + signal when a signal ended it
  std::string out;
  std::string err;
};

struct CliOptions {
  // Set (or, with nullopt, removed) on top of this process's environment. FAL_KEY, FAL_KEY_ID,
  // FAL_KEY_SECRET and FAL_BASE_URL are always removed first, so a developer's own key never leaks in.
  std::map<std::string, std::optional<std::string>> env;
  // Called with stderr so far whenever more arrives; returning true sends SIGINT to the child (once).
  std::function<bool(const std::string& err)> interrupt_when;
  // Killed (SIGKILL) after this long; the test then fails on the exit code.
  int timeout_ms = 60000;
  std::string working_directory;
};

// Runs fal-ltx (FAL_LTX_PATH, set by CMake) with `args`.
CliResult RunCli(const std::vector<std::string>& args, const CliOptions& options = {});

}  // namespace fal::test_support
