#!/usr/bin/env bash
# Installs falcpp's build and test dependencies from Debian's packages when any is missing.
# Quiet and quick when everything is already present. Usage: scripts/deps.sh [--with-tools]
#   --with-tools  also the tools used by benchmarks and fuzzing (wrk, clang, nodejs, npm) and the sqlite3 shell
set -euo pipefail

packages=(g++ make cmake pkg-config libcurl4-openssl-dev nlohmann-json3-dev libgtest-dev libgmock-dev
  libcpp-httplib-dev libssl-dev libsqlite3-dev doxygen python3
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev)
if [[ "${1:-}" == "--with-tools" ]]; then
  packages+=(wrk clang libclang-rt-14-dev clang-format curl ffmpeg time jq sqlite3)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
