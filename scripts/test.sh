#!/usr/bin/env bash
# The test command: installs missing dependencies, configures, builds with -j2 and runs the whole suite.
# Usage: scripts/test.sh [--sanitize address,undefined|thread] [ctest args...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

sanitize=""
if [[ "${1:-}" == "--sanitize" ]]; then
  sanitize="$2"
  shift 2
fi

"$root/scripts/deps.sh"

build="$root/build"
[[ -n "$sanitize" ]] && build="$root/build-${sanitize//,/-}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFALCPP_SANITIZE="$sanitize" >/dev/null
cmake --build "$build" -j2
ctest --test-dir "$build" --output-on-failure -j2 "$@"
