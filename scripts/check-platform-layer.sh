#!/usr/bin/env bash
# Checks the platform rule (docs/adr/0007-platform-layer.md): no library file outside src/platform/
# includes an OS header, and fal-ltx keeps its OS code in tools/cli/os.cpp. Prints each offending line.
# Usage: scripts/check-platform-layer.sh [SOURCE_DIR]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

# Headers of POSIX, Linux, macOS and Windows (not the C and C++ standard libraries', which are portable).
os_headers='unistd\.h|fcntl\.h|sys/[a-z_/]+\.h|linux/[a-z_/]+\.h|pthread\.h|signal\.h|strings\.h|dlfcn\.h|poll\.h'
os_headers+='|termios\.h|dirent\.h|netdb\.h|netinet/[a-z_]+\.h|arpa/[a-z_]+\.h|spawn\.h|syslog\.h|pwd\.h'
os_headers+='|mach/[a-z_/]+\.h|mach-o/[a-z_]+\.h|CoreFoundation/[A-Za-z]+\.h|TargetConditionals\.h|libproc\.h'
os_headers+='|windows\.h|winsock2?\.h|ws2tcpip\.h|io\.h|direct\.h|process\.h|shlobj\.h|shellapi\.h|winbase\.h'
os_headers+='|wincrypt\.h|bcrypt\.h|conio\.h|tchar\.h'
pattern="^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($os_headers)[>\"]"

status=0
library=$(grep -rniE "$pattern" src include --include='*.cpp' --include='*.hpp' --include='*.h' | grep -v '^src/platform/' || true)
if [[ -n "$library" ]]; then
  echo "check-platform-layer.sh: OS headers outside src/platform/ (move the OS code into the platform layer):"
  echo "$library"
  status=1
fi
cli=$(grep -rniE "$pattern" tools/cli --include='*.cpp' --include='*.hpp' | grep -v '^tools/cli/os\.cpp:' || true)
if [[ -n "$cli" ]]; then
  echo "check-platform-layer.sh: OS headers in fal-ltx outside tools/cli/os.cpp (its one OS-specific file):"
  echo "$cli"
  status=1
fi
# The OS-specific parts are chosen by the preprocessor only there too.
ifdefs=$(grep -rnE '^[[:space:]]*#[[:space:]]*if.*(_WIN32|__APPLE__|__linux__)' src include tools/cli \
           --include='*.cpp' --include='*.hpp' | grep -vE '^(src/platform/|tools/cli/os\.cpp:)' || true)
if [[ -n "$ifdefs" ]]; then
  echo "check-platform-layer.sh: OS conditionals outside src/platform/ and tools/cli/os.cpp:"
  echo "$ifdefs"
  status=1
fi
[[ $status -eq 0 ]] && echo "check-platform-layer.sh: OS code is in src/platform/ and tools/cli/os.cpp only"
exit $status
