#!/usr/bin/env bash
# Builds falcpp's dependencies for 64-bit Windows (x86_64-w64-mingw32) from Debian's sources, once:
# libcurl (Debian's source package, Schannel TLS), GoogleTest (/usr/src/googletest), OpenSSL's libcrypto
# (Debian's source package; for webhook verification; skipped with FALCPP_WINDOWS_OPENSSL=OFF), all static.
# nlohmann-json is header-only: Debian's headers serve as they are.
# They go to a prefix outside the tree, and each is stamped with its Debian version, so later runs cost
# nothing: ${FALCPP_WINDOWS_DEPS_CACHE:-~/.cache/falcpp-windows-deps}/mingw-w64-gcc-<version>/
# Prints that prefix on stdout as its last line. Usage: scripts/windows-deps.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
toolchain="$root/cmake/toolchains/mingw-w64-x86_64.cmake"

sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive

packages=(g++-mingw-w64-x86-64-posix wine64 libgtest-dev libgmock-dev nlohmann-json3-dev dpkg-dev cmake)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "windows-deps.sh: installing ${missing[*]}" >&2
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Source packages need a deb-src entry for the same archive as the binary packages.
ensure_deb_src() {
  local known
  known=$(apt-cache showsrc curl 2>/dev/null || true)
  if grep -q '^Version:' <<<"$known"; then return; fi
  local src=/etc/apt/sources.list.d/falcpp-debian-src.sources
  echo "windows-deps.sh: adding Debian's deb-src entry ($src)" >&2
  "${sudo[@]}" tee "$src" >/dev/null <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  "${sudo[@]}" apt-get update -qq
}
ensure_deb_src

# The source versions apt knows, newest first. The mirror may lack the newest one's files, so the build
# takes the first that downloads, and the cache is stamped with that one.
source_versions() { apt-cache showsrc "$1" | awk '/^Version:/ {print $2}' | sort -rV; }
gtest_version=$(dpkg-query -W -f='${Version}' libgtest-dev)
gcc_version=$(dpkg-query -W -f='${Version}' g++-mingw-w64-x86-64-posix)
cache="${FALCPP_WINDOWS_DEPS_CACHE:-$HOME/.cache/falcpp-windows-deps}"
# One prefix per compiler version; each dependency inside it is stamped with its Debian version, so a new
# version of one rebuilds only that one.
prefix="$cache/mingw-w64-gcc-${gcc_version//[:+~]/-}"
mkdir -p "$prefix"
jobs="${FALCPP_WINDOWS_DEPS_JOBS:-2}"
work=$(mktemp -d "$cache/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT

stamp() { echo "$prefix/.built-$1-${2//[:+~]/-}"; }
# build_once NAME VERSION FUNCTION: runs FUNCTION unless NAME VERSION is already in the prefix.
build_once() {
  local name=$1 version=$2 fn=$3
  [[ -f $(stamp "$name" "$version") ]] && return
  # A source package: any version already built is fine if it is still one apt offers.
  if [[ "$version" == source ]]; then
    local v
    for v in $(source_versions "$name"); do [[ -f $(stamp "$name" "$v") ]] && return; done
  fi
  local start=$SECONDS
  echo "windows-deps.sh: building $name $version for Windows into $prefix (once; later runs reuse it)" >&2
  rm -f "$prefix/.built-$name-"*
  "$fn" "$version"
  [[ "$version" == source ]] && version=$(cat "$work/$name-version")
  touch "$(stamp "$name" "$version")"
  echo "windows-deps.sh: $name built in $((SECONDS - start)) s" >&2
}

# Runs a build step quietly; on failure shows the end of its log.
quiet() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 || { tail -40 "$log" >&2; echo "windows-deps.sh: failed: $*" >&2; exit 1; }
}

# Debian's source package with Debian's patches applied, the newest version that downloads; prints its
# directory and records the version in $work/<package>-version.
debian_source() {
  local package=$1 version
  for version in $(source_versions "$package"); do
    if (cd "$work" && apt-get source -qq "$package=$version" >"$work/$package-source.log" 2>&1); then
      echo "$version" >"$work/$package-version"
      find "$work" -mindepth 1 -maxdepth 1 -type d -name "$package-*" | head -1
      return
    fi
  done
  tail -5 "$work/$package-source.log" >&2
  echo "windows-deps.sh: 'apt-get source $package' failed; check the deb-src entry and the network to Debian" >&2
  exit 1
}

# libcurl: static, Schannel for TLS (no OpenSSL needed), no LDAP.
build_curl() {
  local src
  src=$(debian_source curl)
  quiet "$work/curl-configure.log" cmake -S "$src" -B "$work/curl-build" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" -DBUILD_SHARED_LIBS=OFF -DCURL_USE_SCHANNEL=ON \
    -DCURL_USE_OPENSSL=OFF -DBUILD_CURL_EXE=OFF -DCURL_USE_LIBSSH2=OFF -DUSE_LIBIDN2=OFF -DCURL_ZLIB=OFF \
    -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF -DENABLE_MANUAL=OFF -DBUILD_TESTING=OFF -DCURL_DISABLE_LDAP=ON \
    -DENABLE_UNIX_SOCKETS=OFF
  quiet "$work/curl-build.log" nice cmake --build "$work/curl-build" -j"$jobs"
  quiet "$work/curl-install.log" cmake --install "$work/curl-build"
}

# GoogleTest and GoogleMock from libgtest-dev's sources.
build_gtest() {
  quiet "$work/gtest-configure.log" cmake -S /usr/src/googletest -B "$work/gtest-build" \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DBUILD_SHARED_LIBS=OFF
  quiet "$work/gtest-build.log" nice cmake --build "$work/gtest-build" -j"$jobs"
  quiet "$work/gtest-install.log" cmake --install "$work/gtest-build"
}

# nlohmann-json is header-only: Debian's headers and CMake package, copied into the prefix.
build_json() {
  mkdir -p "$prefix/include" "$prefix/share/cmake"
  cp -r /usr/include/nlohmann "$prefix/include/"
  cp -r /usr/share/cmake/nlohmann_json "$prefix/share/cmake/"
}

# OpenSSL's libcrypto (webhook verification: Ed25519 and SHA-256), static. The slowest step.
build_openssl() {
  local src
  src=$(debian_source openssl)
  (cd "$src" && quiet "$work/openssl-configure.log" ./Configure mingw64 no-shared no-tests \
    no-module --cross-compile-prefix=x86_64-w64-mingw32- --prefix="$prefix" --libdir=lib)
  quiet "$work/openssl-build.log" nice make -C "$src" -j"$jobs" build_libs
  quiet "$work/openssl-install.log" make -C "$src" install_dev
}

build_once json "$(dpkg-query -W -f='${Version}' nlohmann-json3-dev)" build_json
build_once gtest "$gtest_version" build_gtest
build_once curl source build_curl
if [[ "${FALCPP_WINDOWS_OPENSSL:-ON}" == "ON" ]]; then
  build_once openssl source build_openssl
fi
echo "$prefix"
