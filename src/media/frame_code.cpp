#include "media/frame_code.hpp"

#include <algorithm>

#include "fal/media/media.hpp"

namespace fal::media {

int FrameCodeRows(int height) { return std::max(1, height / 12); }

namespace internal {
namespace {

// Studio-range luma: what an encoder keeps without clipping.
constexpr std::uint8_t kWhite = 235;
constexpr std::uint8_t kBlack = 16;
// Reference blocks closer than this are no code (a grade never squeezes white and black this close).
constexpr int kMinimumContrast = 48;

// The value of block `block`: references first, then the bits, then parity.
bool BlockIsWhite(int block, std::int64_t number) {
  if (block == 0) return true;
  if (block == 1) return false;
  int ones = 0;
  for (int bit = 0; bit < kFrameCodeBits; ++bit) ones += static_cast<int>((number >> bit) & 1);
  if (block == kFrameCodeBlocks - 1) return ones % 2 == 1;  // makes the count of white bit blocks even
  const int bit = kFrameCodeBits - 1 - (block - 2);
  return ((number >> bit) & 1) != 0;
}

// The mean of the middle half (in each direction) of one block.
int BlockMean(const std::uint8_t* luma, int linesize, int width, int band, int block) {
  const double block_width = static_cast<double>(width) / kFrameCodeBlocks;
  const int x0 = static_cast<int>((block + 0.25) * block_width);
  const int x1 = std::max(x0 + 1, static_cast<int>((block + 0.75) * block_width));
  const int y0 = band / 4;
  const int y1 = std::max(y0 + 1, band * 3 / 4);
  long sum = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) sum += luma[static_cast<long>(y) * linesize + x];
  }
  return static_cast<int>(sum / (static_cast<long>(y1 - y0) * (x1 - x0)));
}

}  // namespace

void DrawTestPattern(AVFrame& frame, std::int64_t index, std::int64_t number) {
  // A still gradient with a bright square that moves one step a frame: enough motion to see the clip
  // play and to tell frames apart, little enough that encoders stay fast.
  const int width = frame.width;
  const int height = frame.height;
  const int band = FrameCodeRows(height);
  const int side = std::max(8, height / 6);
  const int travel = std::max(1, width - side);
  const int square_x = static_cast<int>((index * 8) % travel);
  const int square_y = band + (height - band - side) / 2;
  for (int y = 0; y < height; ++y) {
    std::uint8_t* row = frame.data[0] + static_cast<long>(y) * frame.linesize[0];
    if (y < band) {
      for (int x = 0; x < width; ++x) {
        const int block = static_cast<int>(static_cast<long>(x) * kFrameCodeBlocks / width);
        row[x] = BlockIsWhite(block, number) ? kWhite : kBlack;
      }
      continue;
    }
    const bool square_rows = y >= square_y && y < square_y + side;
    for (int x = 0; x < width; ++x) {
      const bool in_square = square_rows && x >= square_x && x < square_x + side;
      row[x] = in_square ? 220 : static_cast<std::uint8_t>(40 + 120 * (x + y) / (width + height));
    }
  }
  for (int y = 0; y < (height + 1) / 2; ++y) {
    std::uint8_t* u = frame.data[1] + static_cast<long>(y) * frame.linesize[1];
    std::uint8_t* v = frame.data[2] + static_cast<long>(y) * frame.linesize[2];
    const bool in_band = y * 2 < band;  // grey: the code is luma alone
    for (int x = 0; x < (width + 1) / 2; ++x) {
      u[x] = in_band ? 128 : static_cast<std::uint8_t>(96 + 64 * x / width);
      v[x] = in_band ? 128 : static_cast<std::uint8_t>(160 - 64 * y / height);
    }
  }
}

std::int64_t ReadFrameCode(const std::uint8_t* luma, int linesize, int width, int height) {
  const int band = FrameCodeRows(height);
  if (width < kFrameCodeBlocks * 2 || band < 2) return kNoFrameNumber;
  const int white = BlockMean(luma, linesize, width, band, 0);
  const int black = BlockMean(luma, linesize, width, band, 1);
  if (white - black < kMinimumContrast) return kNoFrameNumber;
  const int threshold = (white + black) / 2;
  std::int64_t number = 0;
  int ones = 0;
  for (int block = 2; block < kFrameCodeBlocks; ++block) {
    const bool is_white = BlockMean(luma, linesize, width, band, block) > threshold;
    ones += is_white ? 1 : 0;
    if (block < kFrameCodeBlocks - 1) number = (number << 1) | (is_white ? 1 : 0);
  }
  return ones % 2 == 0 ? number : kNoFrameNumber;
}

}  // namespace internal
}  // namespace fal::media
