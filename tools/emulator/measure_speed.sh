#!/usr/bin/env bash
# Measures fal-emulator's speed figures quoted in docs/emulator.md:
#   1. status requests/s over keep-alive (wrk), for a completed job, without and with logs
#   2. upload MB/s of a 1 GiB file with curl -T to a signed upload URL, to the data directory's disk
#      and to tmpfs, next to dd writing the same file to the same place
#   3. 1,000 concurrent status streams (the EmulatorScaleTest integration test)
# Usage: tools/emulator/measure_speed.sh [BUILD_DIR]   (default: build; needs wrk, curl, python3)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
emulator=$build/tools/emulator/fal-emulator
tests=$build/tests/integration/emulator/fal_emulator_tests
[[ -x $emulator ]] || { echo "build fal-emulator first: cmake --build $build --target fal-emulator" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work" /dev/shm/fal-emulator-measure
}
trap cleanup EXIT

# start_emulator OUT_FILE ARGS... : starts one and sets $base to its URL. Not called in $(...): the
# pid must be recorded in this shell for the cleanup trap.
start_emulator() {
  local out=$1
  shift
  "$emulator" "$@" > "$out" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 100); do
    [[ -s $out ]] && break
    sleep 0.02
  done
  base=$(head -1 "$out" | awk '{print $4}')
}
json_field() { python3 -c "import sys, json; print(json.load(sys.stdin)['$1'])"; }

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== 1. status requests/s over keep-alive (wrk)"
start_emulator "$work/status.out" --queue-ms 0 --run-ms 0
id=$(curl -s -X POST "$base/fal-ai/ltx-2.3-quality/render-to-real" -d '{"video_url":"https://example.com/r.mp4"}' |
  json_field request_id)
sleep 0.2
url="$base/fal-ai/ltx-2.3-quality/requests/$id/status"
wrk -t1 -c32 -d10s "$url" | grep -E 'Requests/sec|Latency'
wrk -t2 -c64 -d10s "$url?logs=1" | grep -E 'Requests/sec|Latency'

echo "== 2. upload of 1 GiB with curl -T"
# The source lives on tmpfs so that reading it does not compete with the emulator's writes.
mkdir -p /dev/shm/fal-emulator-measure
source_file=/dev/shm/fal-emulator-measure/one_gib.bin
head -c 1073741824 /dev/urandom > "$source_file"
upload() {  # upload BASE LABEL
  local ticket upload_url file_url
  ticket=$(curl -s -X POST "$1/storage/upload/initiate?storage_type=fal-cdn-v3" \
    -d '{"content_type":"application/octet-stream","file_name":"one_gib.bin"}')
  upload_url=$(echo "$ticket" | json_field upload_url)
  file_url=$(echo "$ticket" | json_field file_url)
  curl -s -o /dev/null -T "$source_file" -H 'Content-Type: application/octet-stream' \
    -w "$2: %{size_upload} bytes in %{time_total} s = %{speed_upload} B/s\n" "$upload_url"
  curl -s -o /dev/null -w "  download back: %{size_download} bytes in %{time_total} s = %{speed_download} B/s\n" \
    "$file_url"
  curl -s -o /dev/null -X POST "$1/_emulator/reset"  # frees the stored GiB before the next run
}
start_emulator "$work/disk.out" --data-dir "$work/data"
disk_base=$base
for _ in 1 2 3; do upload "$disk_base" "emulator -> disk"; done
dd if="$source_file" of="$work/data/dd.bin" bs=1M 2>&1 | tail -1 | sed 's/^/dd -> disk: /'
rm -f "$work/data/dd.bin"
start_emulator "$work/shm.out" --data-dir /dev/shm/fal-emulator-measure/data
shm_base=$base
for _ in 1 2 3; do upload "$shm_base" "emulator -> tmpfs"; done
dd if="$source_file" of=/dev/shm/fal-emulator-measure/dd.bin bs=1M 2>&1 | tail -1 | sed 's/^/dd -> tmpfs: /'
rm -f /dev/shm/fal-emulator-measure/dd.bin

echo "== 3. 1,000 concurrent status streams"
if [[ -x $tests ]]; then
  "$tests" --gtest_filter='EmulatorScaleTest.*' 2>/dev/null | grep -E 'OK|FAILED'
else
  echo "build fal_emulator_tests for this part"
fi
