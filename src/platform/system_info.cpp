#include "platform/system_info.hpp"

#if !defined(_WIN32)
#include <sys/utsname.h>
#endif

#include <cctype>

namespace fal::platform {

std::string OsName() {
#if defined(_WIN32)
  return "windows";
#else
  std::string os = "unknown";
  if (utsname u{}; uname(&u) == 0) os = u.sysname;
  for (char& c : os) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return os;
#endif
}

}  // namespace fal::platform
