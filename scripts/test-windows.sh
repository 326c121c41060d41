#!/usr/bin/env bash
# The Windows build and its tests, on this Linux machine: MinGW-w64 (x86_64-w64-mingw32) and Wine.
#  1. installs what it needs from Debian and builds the Windows dependencies once (scripts/windows-deps.sh,
#     cached outside the tree);
#  2. builds the library, fal-ltx, the examples and the unit tests for Windows into build-windows/;
#  3. runs the unit tests under Wine;
#  4. runs fal-ltx.exe and example_render_to_real.exe under Wine against a Linux fal-emulator on
#     127.0.0.1: a render-to-real of a local file (upload, wait, download) that writes an MP4, fal-ltx's
#     to a path with non-ASCII characters.
# Prints a ctest-style summary and exits non-zero if anything failed. Usage: scripts/test-windows.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$SECONDS

"$root/scripts/deps.sh"  # the Linux build of fal-emulator, for step 4
prefix=$("$root/scripts/windows-deps.sh" | tail -1)

export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="  # quiet, and no Mono or Gecko installer
wine=/usr/lib/wine/wine64
[[ -x "$wine" ]] || wine=$(command -v wine64 || command -v wine)
# The first run creates the Wine prefix (~/.wine, about 12 s).
"$wine" cmd /c exit >/dev/null 2>&1 || true

build="$root/build-windows"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/mingw-w64-x86_64.cmake" \
  -DFALCPP_WINDOWS_DEPS="$prefix" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" \
  -DFALCPP_BUILD_TESTS=ON -DFALCPP_BUILD_CLI=ON -DFALCPP_BUILD_EXAMPLES=ON -DFALCPP_BUILD_EMULATOR=OFF \
  -DFALCPP_BUILD_BENCH=OFF -DFALCPP_BUILD_DOCS=OFF >/dev/null
nice cmake --build "$build" -j2 >"$build/build.log" 2>&1 || { tail -40 "$build/build.log" >&2; exit 1; }
[[ -f "$build/tools/cli/fal-ltx.exe" ]] || { echo "test-windows.sh: fal-ltx.exe was not built" >&2; exit 1; }

# Unit tests: one ctest test per test program (each run once under Wine), and GoogleTest's own count of
# the test cases inside, from each program's XML report.
results="$build/gtest-results"
rm -rf "$results" && mkdir -p "$results"
status=0
ctest --test-dir "$build" --output-on-failure -j2 || status=1
cases=0 failed_cases=0
for xml in "$results"/*.xml; do
  [[ -f "$xml" ]] || continue
  read -r n f e < <(sed -n 's/.*<testsuites tests="\([0-9]*\)" failures="\([0-9]*\)" disabled="[0-9]*" errors="\([0-9]*\)".*/\1 \2 \3/p' "$xml" | head -1)
  cases=$((cases + ${n:-0}))
  failed_cases=$((failed_cases + ${f:-0} + ${e:-0}))
done

# End to end: Windows programs, Linux fal-emulator, loopback.
linux_build="$root/build"
if [[ ! -x "$linux_build/tools/emulator/fal-emulator" ]]; then
  cmake -S "$root" -B "$linux_build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  nice cmake --build "$linux_build" -j2 --target fal-emulator >/dev/null
fi
emulator="$linux_build/tools/emulator/fal-emulator"
run_with_emulator="$root/tests/examples/run_with_emulator.sh"
fast=(--queue-ms 30 --run-ms 200 --log-every-ms 50)
e2e="$build/e2e"
rm -rf "$e2e" && mkdir -p "$e2e/Szene_Köln_東京"
e2e_passed=0 e2e_failed=0
e2e_check() {  # NAME MP4 COMMAND...
  local name=$1 mp4=$2
  shift 2
  if "$run_with_emulator" "$emulator" "${fast[@]}" -- "$@" >"$e2e/$name.log" 2>&1 && [[ -s "$mp4" ]] &&
     head -c 12 "$mp4" | grep -q ftyp; then
    echo "e2e: $name: passed ($(stat -c %s "$mp4") bytes in $mp4)"
    e2e_passed=$((e2e_passed + 1))
  else
    echo "e2e: $name: FAILED" >&2
    cat "$e2e/$name.log" >&2
    e2e_failed=$((e2e_failed + 1))
  fi
}
e2e_check fal-ltx.render-to-real "$e2e/Szene_Köln_東京/結果.mp4" \
  "$wine" "$build/tools/cli/fal-ltx.exe" render-to-real --video "$root/examples/data/blockout_720p.mp4" \
  --resolution 480p --out "$e2e/Szene_Köln_東京/結果.mp4"
e2e_check example.render_to_real "$e2e/render_to_real.mp4" \
  "$wine" "$build/examples/example_render_to_real.exe" "$root/examples/data/blockout_720p.mp4" "$e2e/render_to_real.mp4"

echo
echo "test-windows.sh: unit tests under Wine: $cases test cases, $failed_cases failed (GoogleTest's count)"
echo "test-windows.sh: end to end under Wine against fal-emulator: $e2e_passed passed, $e2e_failed failed"
total=$((cases + e2e_passed + e2e_failed))
failed=$((failed_cases + e2e_failed))
[[ $status -ne 0 && $failed -eq 0 ]] && failed=1  # a test program that crashed before its report
echo "$(( total > 0 ? (total - failed) * 100 / total : 0 ))% tests passed, $failed tests failed out of $total"
echo "test-windows.sh: $((SECONDS - start)) s; fal-ltx for Windows: $build/tools/cli/fal-ltx.exe"
[[ $failed -eq 0 && $status -eq 0 && $cases -gt 0 ]]
