#!/usr/bin/env bash
# Puts the files the docs' examples name into DIR: copies of examples/data under those names.
#   doc_files.sh SOURCE_DIR DIR
set -euo pipefail
source=$1 dir=$2
video="$source/examples/data/blockout_720p.mp4"
image="$source/examples/data/reference_frame.png"
mkdir -p "$dir/examples/data"
for name in blockout.mp4 clip.mp4 shot.mp4 shot_010.mp4 shot.mov examples/data/blockout_720p.mp4; do
  cp "$video" "$dir/$name"
done
for name in street.jpg plate.png first_frame.png examples/data/reference_frame.png; do
  cp "$image" "$dir/$name"
done
# The manifest of `fal-ltx batch shots.jsonl` (docs/batches.md shows its form): a local render and a text job.
cat > "$dir/shots.jsonl" <<'JSONL'
{"id": "shot_010", "endpoint": "render-to-real", "input": {"video_url": "blockout.mp4", "resolution": "480p", "num_frames": 73, "seed": 10}}
{"id": "shot_040", "endpoint": "text-to-video", "input": {"prompt": "A cowboy walks through town.", "num_frames": 73}}
JSONL
