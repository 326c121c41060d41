#!/usr/bin/env bash
# Runs a command against a fresh fal-emulator: starts it on a free loopback port, exports FAL_BASE_URL,
# runs the command, stops the emulator, and exits with the command's status.
#
#   run_with_emulator.sh EMULATOR [EMULATOR_FLAG...] -- COMMAND [ARG...]
#
# With EXPECT_STDOUT=REGEX set, the command's stdout must also match REGEX (grep -E).
# With FALCPP_CANARY_KEY set (scripts/test.sh sets it), the emulator demands that key and the command gets
# it as FAL_KEY, so the canary search covers the examples and the emulator's own output; a developer's
# real FAL_KEY is never passed on.
set -euo pipefail

emulator=$1
shift
emulator_args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  emulator_args+=("$1")
  shift
done
[[ "${1:-}" == "--" ]] || { echo "run_with_emulator.sh: missing -- before the command" >&2; exit 2; }
shift

workdir=$(mktemp -d)
emulator_pid=""
cleanup() {
  if [[ -n "$emulator_pid" ]]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

if [[ -n "${FALCPP_CANARY_KEY:-}" ]]; then
  emulator_args+=(--api-key "$FALCPP_CANARY_KEY")
fi
"$emulator" --port 0 "${emulator_args[@]}" >"$workdir/emulator.out" 2>"$workdir/emulator.err" &
emulator_pid=$!
base_url=""
for _ in $(seq 200); do
  line=$(head -n 1 "$workdir/emulator.out" 2>/dev/null || true)
  if [[ "$line" == "fal-emulator listening on "* ]]; then
    base_url=${line#fal-emulator listening on }
    break
  fi
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.05
done
if [[ -z "$base_url" ]]; then
  echo "run_with_emulator.sh: fal-emulator did not start" >&2
  cat "$workdir/emulator.err" >&2
  exit 1
fi

export FAL_BASE_URL="$base_url"
unset FAL_KEY FAL_KEY_ID FAL_KEY_SECRET
[[ -n "${FALCPP_CANARY_KEY:-}" ]] && export FAL_KEY="$FALCPP_CANARY_KEY"
status=0
"$@" >"$workdir/stdout" || status=$?
cat "$workdir/stdout"
cat "$workdir/emulator.err" >&2
if [[ $status -eq 0 && -n "${EXPECT_STDOUT:-}" ]] && ! grep -Eq "$EXPECT_STDOUT" "$workdir/stdout"; then
  echo "run_with_emulator.sh: stdout does not match /$EXPECT_STDOUT/" >&2
  status=1
fi
exit $status
