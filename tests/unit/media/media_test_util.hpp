#pragma once
// Shared pieces of the falcpp::media tests: test clips in a scratch directory and expected frame numbers.

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fal/media/media.hpp"
#include "unit/storage/storage_test_util.hpp"  // ScratchDir

namespace fal::test {

/// Writes a test clip and fails the test when that fails; returns its path.
inline std::string MakeClip(const ScratchDir& dir, const std::string& name, media::TestClipSpec spec = {}) {
  const std::string path = (dir / name).string();
  auto written = media::WriteTestClip(path, spec);
  EXPECT_TRUE(written.ok()) << written.error().message();
  return path;
}

/// A test clip's spec: frames at width x height, 24 fps.
inline media::TestClipSpec Spec(std::int64_t frames, int width = 320, int height = 180,
                                bool with_audio = false) {
  media::TestClipSpec spec;
  spec.frame_count = frames;
  spec.width = width;
  spec.height = height;
  spec.with_audio = with_audio;
  return spec;
}

/// first, first + 1, ..., last.
inline std::vector<std::int64_t> Numbers(std::int64_t first, std::int64_t last) {
  std::vector<std::int64_t> numbers;
  for (std::int64_t n = first; n <= last; ++n) numbers.push_back(n);
  return numbers;
}

/// The frame numbers a file carries; empty (and a failed test) when it cannot be read.
inline std::vector<std::int64_t> FrameNumbersOf(const std::string& path) {
  auto numbers = media::ReadFrameNumbers(path);
  EXPECT_TRUE(numbers.ok()) << numbers.error().message();
  return numbers.ok() ? *numbers : std::vector<std::int64_t>{};
}

}  // namespace fal::test
