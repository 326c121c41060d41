#pragma once
// The frame code of test clips (fal/media/media.hpp, WriteTestClip): a band across the top of the picture
// made of 24 equal blocks: white and black references, 21 bits of the frame's number (most significant
// first) and an even-parity bit. Drawn into and read from a plane of 8-bit luma, so it survives
// compression, scaling that keeps the band's share of the picture, and a colour grade.

#include <cstdint>

extern "C" {
#include <libavutil/frame.h>
}

namespace fal::media::internal {

inline constexpr int kFrameCodeBlocks = 24;
inline constexpr int kFrameCodeBits = 21;
inline constexpr std::int64_t kLargestFrameNumber = (std::int64_t{1} << kFrameCodeBits) - 1;

// The test pattern's frame `index` carrying `number`: a moving colour gradient under the code band.
// `frame` is YUV 4:2:0 (AV_PIX_FMT_YUV420P), writable.
void DrawTestPattern(AVFrame& frame, std::int64_t index, std::int64_t number);

// The number in an 8-bit luma plane's frame code, or -1 (kNoFrameNumber) when it has none.
std::int64_t ReadFrameCode(const std::uint8_t* luma, int linesize, int width, int height);

}  // namespace fal::media::internal
