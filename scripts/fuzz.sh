#!/usr/bin/env bash
# Builds falcpp's libFuzzer targets (tests/fuzz) with clang, -fsanitize=fuzzer,address,undefined, in
# build-fuzz, and runs each for SECONDS, printing the executions per target. Installs clang and libFuzzer's
# runtime (deps.sh --with-tools) when they are missing.
# Usage: scripts/fuzz.sh [SECONDS (default 60)] [TARGET...]
# New inputs go to build-fuzz/corpus/TARGET; a crash leaves its input in build-fuzz/artifacts/TARGET and
# fails the run (add the reproducer to tests/fuzz/corpus/TARGET once fixed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds="${1:-60}"
shift || true

have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if ! command -v clang++ >/dev/null || ! have libclang-rt-14-dev; then
  "$root/scripts/deps.sh" --with-tools
fi
"$root/scripts/deps.sh"

build="$root/build-fuzz"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DFALCPP_SANITIZE=address,undefined,fuzzer-no-link -DFALCPP_BUILD_FUZZERS=ON \
  -DFALCPP_BUILD_CLI=OFF -DFALCPP_BUILD_EXAMPLES=OFF -DFALCPP_BUILD_BENCH=OFF -DFALCPP_BUILD_DOCS=OFF >/dev/null
cmake --build "$build" -j2 --target falcpp_fuzzers

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for f in "$root"/tests/fuzz/*_fuzz.cpp; do
    name=$(basename "$f" _fuzz.cpp)
    [[ -x "$build/tests/fuzz/${name}_fuzzer" ]] && targets+=("$name")
  done
fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=0
printf '%-18s %14s %10s %s\n' target executions exec/s result
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$work" "$artifacts"
  log="$build/fuzz-$t.log"
  result=ok
  "$build/tests/fuzz/${t}_fuzzer" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$work" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1 || result="CRASH (see $log)"
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log" | tail -1)
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log" | tail -1)
  [[ "$result" == ok ]] || failed=1
  printf '%-18s %14s %10s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$result"
done
exit $failed
