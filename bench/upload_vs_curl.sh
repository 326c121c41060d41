#!/usr/bin/env bash
# Upload of one file to fal-emulator: falcpp (multipart, and a single streamed PUT) against `curl -T` to
# a signed upload URL of the same emulator, with wall time, MB/s and peak RSS of each client process
# (/usr/bin/time -v). Each run gets a fresh emulator writing to a data directory next to the file.
# Usage: bench/upload_vs_curl.sh [BUILD_DIR] [SIZE_MB] [PART_MB] [PARALLEL] [ROUNDS]
#   defaults: build, 1024 (1 GiB), 10, 4, 3. Needs /usr/bin/time (Debian's `time`), curl and jq
#   (scripts/deps.sh --with-tools).
# The clients take turns for ROUNDS rounds (a busy machine makes single runs noisy). Prints one JSON line
# per run, then per client the best and median MB/s and the highest peak RSS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
size_mb=${2:-1024}
part_mb=${3:-10}
parallel=${4:-4}
rounds=${5:-3}
emulator=$build/tools/emulator/fal-emulator
bench=$build/bench/falcpp-bench
for exe in "$emulator" "$bench"; do
  [[ -x $exe ]] || { echo "build it first: cmake --build $build -j2 --target fal-emulator falcpp-bench" >&2; exit 1; }
done
for tool in /usr/bin/time curl jq; do
  command -v "$tool" > /dev/null || { echo "missing $tool: scripts/deps.sh --with-tools" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/falcpp-upload-bench.XXXXXX")
emulator_pid=""
cleanup() {
  [[ -n $emulator_pid ]] && kill "$emulator_pid" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

file=$work/upload.bin
echo "making a ${size_mb} MiB file of random bytes..." >&2
head -c "$((size_mb * 1048576))" /dev/urandom > "$file"
bytes=$(stat -c %s "$file")

# A fresh emulator for each run, with its data directory next to the file: nothing piles up on disk, and
# no run pays for another's leftovers. (Stopping takes a moment; starting takes milliseconds.)
start_emulator() {
  rm -rf "$work/data" "$work/emulator.out"
  "$emulator" --data-dir "$work/data" > "$work/emulator.out" 2> "$work/emulator.err" &
  emulator_pid=$!
  for _ in $(seq 200); do
    [[ -s $work/emulator.out ]] && break
    sleep 0.02
  done
  base=$(head -1 "$work/emulator.out" | awk '{print $4}')
  [[ $base == http://* ]] || { echo "fal-emulator did not start: $(cat "$work/emulator.err")" >&2; exit 1; }
}
stop_emulator() {
  kill "$emulator_pid" 2> /dev/null || true
  wait "$emulator_pid" 2> /dev/null || true
  emulator_pid=""
}
# "Maximum resident set size (kbytes): N" -> MB
peak_rss_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$1"; }

results=()

run_falcpp() {  # run_falcpp LABEL THRESHOLD_MB
  local label=$1 threshold=$2 line
  start_emulator
  line=$(/usr/bin/time -v -o "$work/time.txt" "$bench" upload --base-url "$base" --file "$file" \
    --part-mb "$part_mb" --parallel "$parallel" --threshold-mb "$threshold")
  line=$(jq -c --arg client "$label" --argjson rss "$(peak_rss_mb "$work/time.txt")" \
    '{client: $client, bytes, seconds, mb_per_s, rss_peak_mb: $rss, multipart, part_mb, parallel, sent_seconds}' <<< "$line")
  auth=$((auth + $(curl -sf "$base/_emulator/stats" | jq .authorization_on_storage)))
  stop_emulator
  echo "$line"
  results+=("$line")
}

run_curl() {
  local ticket upload_url seconds line
  start_emulator
  ticket=$(curl -sf -X POST "$base/storage/upload/initiate?storage_type=fal-cdn-v3" \
    -H 'Content-Type: application/json' -d '{"content_type":"application/octet-stream","file_name":"upload.bin"}')
  upload_url=$(jq -r .upload_url <<< "$ticket")
  seconds=$(/usr/bin/time -v -o "$work/time.txt" curl -sf -T "$file" -H 'Content-Type: application/octet-stream' \
    -o /dev/null -w '%{time_total}' "$upload_url")
  line=$(jq -nc --argjson bytes "$bytes" --argjson seconds "$seconds" --argjson rss "$(peak_rss_mb "$work/time.txt")" \
    '{client: "curl -T", bytes: $bytes, seconds: $seconds, mb_per_s: ($bytes / 1e6 / $seconds), rss_peak_mb: $rss,
      multipart: false}')
  stop_emulator
  echo "$line"
  results+=("$line")
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); data on $(df --output=source "$work" | tail -1)" >&2
auth=0
for _ in $(seq "$rounds"); do
  run_falcpp "falcpp multipart" 0
  run_falcpp "falcpp single PUT" $((size_mb * 2))
  run_curl
done

echo
printf '%-20s %5s %10s %12s %12s %17s\n' client runs "best MB/s" "median MB/s" "peak RSS MB" "last byte MB/s"
printf '%s\n' "${results[@]}" | jq -rs '
  group_by(.client) | sort_by(.[0].client) | .[] |
  (map(.mb_per_s) | sort) as $s |
  (map(select(.sent_seconds != null and .sent_seconds > 0) | .bytes / 1e6 / .sent_seconds) | sort) as $sent |
  [.[0].client, length, ($s[-1] | round), ($s[(length / 2 | floor)] | round), (map(.rss_peak_mb) | max),
   (if ($sent | length) > 0 then ($sent[-1] | round) else "-" end)] | @tsv' |
  awk -F'\t' '{printf "%-20s %5s %10s %12s %12s %17s\n", $1, $2, $3, $4, $5, $6}'
echo "last byte MB/s: bytes over the time until falcpp had handed the last byte to the transport (best run);"
echo "the rest of a multipart upload is its complete request (the emulator serves the file from its parts: no copy)."
echo "file: $bytes bytes; falcpp parts of $part_mb MiB, $parallel in flight; authorization_on_storage over falcpp's runs: $auth"
