#!/usr/bin/env bash
# Lists the C++ files that differ from the repository's .clang-format (Debian's clang-format) and fails if
# any does. Run by ctest as format.clang_format when CMake's FALCPP_CHECK_FORMAT is ON.
# Usage: scripts/check-format.sh [source root]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"
if ! command -v clang-format >/dev/null; then
  echo "check-format: clang-format is not installed (scripts/deps.sh installs it)" >&2
  exit 1
fi
differ=()
while IFS= read -r -d '' file; do
  if ! clang-format --dry-run -Werror "$file" >/dev/null 2>&1; then
    differ+=("$file")
  fi
done < <(find src include tools bench examples tests \( -name '*.cpp' -o -name '*.hpp' \) -print0 | sort -z)
if [[ ${#differ[@]} -ne 0 ]]; then
  echo "check-format: ${#differ[@]} file(s) differ from .clang-format; run clang-format -i on them:" >&2
  printf '  %s\n' "${differ[@]}" >&2
  exit 1
fi
echo "check-format: every C++ file matches .clang-format"
