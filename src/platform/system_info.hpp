#pragma once
// What the User-Agent says about the machine.

#include <string>

namespace fal::platform {

/// The OS's name in lower case: "linux", "darwin", "windows" (uname's sysname on POSIX), or "unknown".
std::string OsName();

}  // namespace fal::platform
