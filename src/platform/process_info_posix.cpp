#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "platform/process_info.hpp"

namespace fal::platform {

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "localhost";
  return name;
}

std::int64_t ProcessId() { return static_cast<std::int64_t>(getpid()); }

bool ProcessExists(std::int64_t pid) {
  if (pid <= 0) return false;
  return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace fal::platform
