#!/usr/bin/env bash
# The test command: installs missing dependencies, configures, builds with -j2 and runs the whole suite.
# Usage: scripts/test.sh [--sanitize address,undefined|thread | --no-exceptions] [ctest args...]
#
# The suite runs with FAL_KEY set to a fresh canary value, and the whole captured output (every test's,
# passed or failed) is searched for it at the end: the run fails if the key shows anywhere.
# With --sanitize thread and no ctest arguments, only the tests labelled "concurrency" run (ThreadSanitizer
# makes the rest slow without checking anything more).
# With --no-exceptions, the library, fal-ltx and the examples are built as game engines build them
# (-fno-exceptions, nlohmann's JSON_NOEXCEPTION; CMake option FALCPP_NO_EXCEPTIONS) in build-no-exceptions,
# with only the tests that prove them: unit, integration, fal-ltx and example tests.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

sanitize=""
no_exceptions=OFF
if [[ "${1:-}" == "--sanitize" ]]; then
  sanitize="$2"
  shift 2
elif [[ "${1:-}" == "--no-exceptions" ]]; then
  no_exceptions=ON
  shift
fi

"$root/scripts/deps.sh"

build="$root/build"
[[ -n "$sanitize" ]] && build="$root/build-${sanitize//,/-}"
extra=()
if [[ "$no_exceptions" == ON ]]; then
  build="$root/build-no-exceptions"
  extra=(-DFALCPP_BUILD_BENCH=OFF -DFALCPP_BUILD_DOCS=OFF -DFALCPP_INSTALL=OFF)
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFALCPP_SANITIZE="$sanitize" \
  -DFALCPP_NO_EXCEPTIONS="$no_exceptions" "${extra[@]}" >/dev/null
cmake --build "$build" -j2

ctest_args=("$@")
if [[ "$sanitize" == "thread" && ${#ctest_args[@]} -eq 0 ]]; then
  ctest_args=(-L concurrency)
fi
# A sanitizer finding fails the test that made it (ASan and UBSan stop at once; TSan at exit), with stacks.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-second_deadlock_stack=1:suppressions=$root/tests/sanitizers/tsan.supp}"

canary="falcpp-canary-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
log="$build/ctest-output.log"
status=0
FAL_KEY="$canary" FALCPP_CANARY_KEY="$canary" ctest --test-dir "$build" --output-on-failure --output-log "$log" -j2 "${ctest_args[@]}" || status=$?

# Everything the suite printed: ctest's log of this run and each test's full output (LastTest.log).
leaks=0
for f in "$log" "$build/Testing/Temporary/LastTest.log"; do
  if [[ -f "$f" ]] && grep -qF "$canary" "$f"; then
    echo "test.sh: the canary API key appears in $f:" >&2
    grep -nF "$canary" "$f" | head -20 >&2
    leaks=1
  fi
done
if [[ $leaks -ne 0 ]]; then
  echo "test.sh: FAILED: the API key (FAL_KEY) leaked into test output" >&2
  exit 1
fi
echo "test.sh: the canary API key appears nowhere in the captured output"
exit $status
