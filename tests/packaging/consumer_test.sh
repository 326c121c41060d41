#!/usr/bin/env bash
# Builds tests/packaging/consumer against falcpp one way and runs it against fal-emulator.
#
#   consumer_test.sh install          BUILD_DIR WORK_DIR                    cmake --install into WORK_DIR/prefix
#   consumer_test.sh find_package     SOURCE_DIR WORK_DIR EMULATOR          find_package(falcpp) from the prefix
#   consumer_test.sh pkg-config       SOURCE_DIR WORK_DIR EMULATOR          c++ $(pkg-config --cflags --libs falcpp)
#   consumer_test.sh deb              BUILD_DIR WORK_DIR EMULATOR           cpack -G DEB, dpkg -x, find_package
#   consumer_test.sh add_subdirectory SOURCE_DIR WORK_DIR EMULATOR          add_subdirectory(falcpp source tree),
#                                                                           as a shared library with hidden
#                                                                           visibility, with fal-ltx and the
#                                                                           examples linked against it
set -euo pipefail
mode=$1
here=$(cd "$(dirname "$0")" && pwd)
run_with_emulator="$here/../examples/run_with_emulator.sh"

case "$mode" in
  install)
    build=$2 work=$3
    rm -rf "$work/prefix"
    cmake --install "$build" --prefix "$work/prefix" >/dev/null
    for f in include/fal/client.hpp bin/fal-ltx bin/fal-emulator; do
      [[ -e "$work/prefix/$f" ]] || { echo "consumer_test.sh: $f was not installed" >&2; exit 1; }
    done
    ls "$work"/prefix/lib*/cmake/falcpp/falcppConfig.cmake "$work"/prefix/lib*/cmake/falcpp/falcppConfigVersion.cmake \
       "$work"/prefix/lib*/pkgconfig/falcpp.pc >/dev/null
    ;;
  find_package)
    source=$2 work=$3 emulator=$4
    rm -rf "$work/find_package"
    cmake -S "$here/consumer" -B "$work/find_package" -DCMAKE_PREFIX_PATH="$work/prefix" \
          -DFALCPP_CONSUMER_MODE=find_package >/dev/null
    cmake --build "$work/find_package" -j2 >/dev/null
    EXPECT_STDOUT="^falcpp [0-9.]+: http" "$run_with_emulator" "$emulator" -- "$work/find_package/consumer"
    [[ -x "$work/find_package/consumer_testing" ]] || { echo "falcpp::testing was not found" >&2; exit 1; }
    "$work/find_package/consumer_testing"
    # falcpp::media, when it was installed: its package finds FFmpeg again.
    if ls "$work"/prefix/lib*/cmake/falcpp/falcppMediaTargets.cmake >/dev/null 2>&1; then
      [[ -x "$work/find_package/consumer_media" ]] || { echo "falcpp::media was not found" >&2; exit 1; }
      "$work/find_package/consumer_media" "$work/find_package"
    fi
    # The installed tools run from the prefix.
    "$work/prefix/bin/fal-ltx" --version
    ;;
  pkg-config)
    source=$2 work=$3 emulator=$4
    rm -rf "$work/pkg-config" && mkdir -p "$work/pkg-config"
    export PKG_CONFIG_PATH
    PKG_CONFIG_PATH=$(echo "$work"/prefix/lib*/pkgconfig)
    # shellcheck disable=SC2046  # pkg-config's output is meant to split into words
    c++ -std=c++17 "$here/consumer/main.cpp" -o "$work/pkg-config/consumer" $(pkg-config --cflags --libs falcpp)
    EXPECT_STDOUT="^falcpp [0-9.]+: http" "$run_with_emulator" "$emulator" -- "$work/pkg-config/consumer"
    ;;
  deb)
    build=$2 work=$3 emulator=$4
    rm -rf "$work/deb" && mkdir -p "$work/deb"
    (cd "$work/deb" && cpack -G DEB --config "$build/CPackConfig.cmake" >cpack.log 2>&1) ||
      { tail -20 "$work/deb/cpack.log" >&2; exit 1; }
    package=$(ls "$work"/deb/falcpp_*.deb)
    dpkg-deb --field "$package" Package Version Depends
    dpkg -x "$package" "$work/deb/root"
    for f in usr/include/fal/client.hpp usr/include/fal/export.hpp usr/bin/fal-ltx; do
      [[ -e "$work/deb/root/$f" ]] || { echo "consumer_test.sh: the .deb lacks $f" >&2; exit 1; }
    done
    cmake -S "$here/consumer" -B "$work/deb/consumer" -DCMAKE_PREFIX_PATH="$work/deb/root/usr" \
          -DFALCPP_CONSUMER_MODE=find_package >/dev/null
    cmake --build "$work/deb/consumer" -j2 >/dev/null
    EXPECT_STDOUT="^falcpp [0-9.]+: http" "$run_with_emulator" "$emulator" -- "$work/deb/consumer/consumer"
    "$work/deb/root/usr/bin/fal-ltx" --version
    ;;
  add_subdirectory)
    source=$2 work=$3 emulator=$4
    # Kept between runs: a rerun rebuilds only what changed. No build type: -O0 compiles fastest.
    # Shared, with everything but FALCPP_EXPORT hidden: a public function or class missing its export
    # fails to link here, as it would in a Windows DLL build. fal-ltx and the examples use most of the API.
    build="$work/add_subdirectory"
    cmake -S "$here/consumer" -B "$build" -DFALCPP_CONSUMER_MODE=add_subdirectory \
          -DFALCPP_SOURCE_DIR="$source" -DBUILD_SHARED_LIBS=ON -DFALCPP_BUILD_CLI=ON -DFALCPP_BUILD_EXAMPLES=ON >/dev/null
    examples=(render_to_real reference_video_to_video image_to_video text_to_video batch validation)
    cmake --build "$build" -j2 --target consumer fal-ltx "${examples[@]/#/example_}" >/dev/null
    # falcpp::media as a shared library too, when FFmpeg is here: its exports are checked by linking.
    if grep -q '^FALCPP_BUILD_MEDIA:BOOL=ON' "$build/CMakeCache.txt"; then
      cmake --build "$build" -j2 --target consumer_media >/dev/null
      "$build/consumer_media" "$build"
    fi
    library=$(find "$build/falcpp" -name 'libfalcpp.so*' -type f | head -1)
    [[ -n "$library" ]] || { echo "consumer_test.sh: no shared libfalcpp.so was built" >&2; exit 1; }
    exported=$(nm -DC --defined-only "$library")
    # fal::internal::ThrowOrAbort is the one internal function public headers call (Result's value()).
    internal=$(grep -E ' fal::(internal|platform|http::internal)::' <<<"$exported" | grep -v ' fal::internal::ThrowOrAbort(' || true)
    if [[ -n "$internal" ]]; then
      echo "consumer_test.sh: $library exports internal symbols: visibility is not hidden" >&2
      head -5 <<<"$internal" >&2
      exit 1
    fi
    grep -q ' fal::Client::Client(' <<<"$exported" || { echo "fal::Client is not exported" >&2; exit 1; }
    EXPECT_STDOUT="^falcpp [0-9.]+: http" "$run_with_emulator" "$emulator" -- "$build/consumer"
    "$build/falcpp/tools/cli/fal-ltx" --version
    ;;
  *)
    echo "consumer_test.sh: unknown mode '$mode'" >&2
    exit 2
    ;;
esac
