#!/usr/bin/env bash
# The main job, end to end: a render-to-real request on the bundled blockout render, through falcpp's
# fal-ltx, with upload, live progress (queue position, log lines) and download to out/render_to_real.mp4.
#
#   scripts/demo.sh          against fal-emulator, the local fal server (offline, free, no FAL_KEY needed)
#   scripts/demo.sh --live   against fal itself (needs FAL_KEY; a real, paid job)
#
# Installs missing Debian packages (scripts/deps.sh), then builds only fal-emulator and fal-ltx (-j2) in
# build/ (or $FALCPP_BUILD_DIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

live=0
case "${1:-}" in
  "") ;;
  --live) live=1 ;;
  -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "demo.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
esac
if [[ $live -eq 1 && -z "${FAL_KEY:-}" && ( -z "${FAL_KEY_ID:-}" || -z "${FAL_KEY_SECRET:-}" ) ]]; then
  echo "demo.sh: --live calls fal itself and needs FAL_KEY (https://fal.ai/dashboard/keys)" >&2
  exit 2
fi

"$root/scripts/deps.sh"

# The same build directory and settings as scripts/test.sh, so that neither rebuilds the other's work.
build="${FALCPP_BUILD_DIR:-$root/build}"
echo "==> building fal-emulator and fal-ltx in $build" >&2
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
targets=(--target fal-ltx)
[[ $live -eq 0 ]] && targets+=(--target fal-emulator)
cmake --build "$build" -j2 "${targets[@]}" >/dev/null
started=$(date +%s%N)

emulator_pid=""
workdir=$(mktemp -d)
cleanup() {
  if [[ -n "$emulator_pid" ]]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $live -eq 0 ]]; then
  # Port 0: the emulator picks a free port and announces it on its first line of stdout.
  "$build/tools/emulator/fal-emulator" --port 0 >"$workdir/emulator.out" 2>"$workdir/emulator.err" &
  emulator_pid=$!
  base_url=""
  for _ in $(seq 100); do
    line=$(head -n 1 "$workdir/emulator.out" 2>/dev/null || true)
    if [[ "$line" == "fal-emulator listening on "* ]]; then
      base_url=${line#fal-emulator listening on }
      break
    fi
    kill -0 "$emulator_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z "$base_url" ]]; then
    echo "demo.sh: fal-emulator did not start:" >&2
    cat "$workdir/emulator.err" >&2
    exit 1
  fi
  echo "==> fal-emulator listening on $base_url" >&2
  export FAL_BASE_URL="$base_url"
  unset FAL_KEY FAL_KEY_ID FAL_KEY_SECRET  # a real key has no business going to a local server
else
  unset FAL_BASE_URL
  echo "==> calling fal itself (a paid job)" >&2
fi

out="out/render_to_real.mp4"
echo "==> fal-ltx render-to-real --video examples/data/blockout_720p.mp4 ... --out $out" >&2
"$build/tools/cli/fal-ltx" render-to-real \
  --video examples/data/blockout_720p.mp4 \
  --prompt "A rainy city street at dusk: wet asphalt, neon signs, a dark car driving past, cinematic." \
  --preset light --resolution 480p --num-frames 73 \
  --out "$out" >/dev/null

if [[ -n "$emulator_pid" ]]; then
  kill "$emulator_pid" 2>/dev/null || true
  wait "$emulator_pid" 2>/dev/null || true
  emulator_pid=""
fi

# Playable: ffprobe reads a video stream when ffmpeg is installed; otherwise the MP4 must at least start
# with its ftyp box.
if command -v ffprobe >/dev/null 2>&1; then
  if ! info=$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,width,height,nb_frames \
      -of compact=p=0 "$out") || [[ -z "$info" ]]; then
    echo "demo.sh: $out is not a playable video" >&2
    exit 1
  fi
  echo "==> checked with ffprobe: $info" >&2
elif [[ "$(head -c 8 "$out" | tail -c 4)" != "ftyp" ]]; then
  echo "demo.sh: $out is not an MP4 (no ftyp box)" >&2
  exit 1
fi

elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
printf '==> done in %d.%d s after the build. The video: %s\n' $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100)) \
  "$root/$out"
