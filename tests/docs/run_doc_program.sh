#!/usr/bin/env bash
# Runs a whole program from the docs against a fresh fal-emulator, in an empty working directory that
# holds the files the docs name (blockout.mp4, shot.mp4, street.jpg, ...: copies of examples/data), twice:
# a reader runs it again, and the second run must work too (an output it left must not stop it).
#   run_doc_program.sh EMULATOR SOURCE_DIR PROGRAM [ARG...]
set -euo pipefail
emulator=$1 source=$2 program=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$source/tests/docs/doc_files.sh" "$source" "$work"
cd "$work"
for run in first second; do
  echo "run_doc_program.sh: the $run run" >&2
  "$source/tests/examples/run_with_emulator.sh" "$emulator" --queue-ms 50 --run-ms 100 --log-every-ms 50 -- \
    "$program" "$@"
done
