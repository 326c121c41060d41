// fal::media::Probe (and, when it accepts a file, ReadFrameNumbers, which decodes every frame) on any
// bytes: never a crash, an answer that makes sense (a size, frames, a rate) or kInvalidArgument naming the
// file. An input that starts with "FALCPP-CLIP" stands for a real clip written by WriteTestClip (no
// clip is committed): the next 4 bytes cut it to that length (0: whole), then each 5 bytes
// (offset, value) XOR one byte, so the fuzzer damages a real MP4 where it likes.
extern "C" {
#include <libavutil/log.h>
}

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "fal/media/media.hpp"
#include "fuzz_check.hpp"

namespace {

constexpr char kClipMagic[] = "FALCPP-CLIP";
constexpr std::size_t kClipMagicSize = sizeof kClipMagic - 1;

// A directory of this process's own, removed when it exits.
struct ScratchDir {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("falcpp-media-probe-fuzz-" + std::to_string(std::random_device{}()));
  ScratchDir() {
    av_log_set_level(AV_LOG_QUIET);  // damaged inputs make FFmpeg complain on every run
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

const std::filesystem::path& Scratch() {
  static const ScratchDir dir;
  return dir.path;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const std::string& TestClipBytes() {
  static const std::string bytes = [] {
    const auto path = Scratch() / "seed.mp4";
    fal::media::TestClipSpec spec;
    spec.width = 128;
    spec.height = 64;
    spec.frame_count = 6;
    spec.with_audio = true;
    auto written = fal::media::WriteTestClip(path.string(), spec);
    FUZZ_CHECK(written.ok(), "the seed clip cannot be written");
    return ReadFile(path);
  }();
  return bytes;
}

std::uint32_t Read32(const std::uint8_t* data) {
  return std::uint32_t{data[0]} | std::uint32_t{data[1]} << 8 | std::uint32_t{data[2]} << 16 |
         std::uint32_t{data[3]} << 24;
}

// The bytes the input stands for: itself, or the damaged test clip.
std::string FileBytes(const std::uint8_t* data, std::size_t size) {
  if (size < kClipMagicSize || std::memcmp(data, kClipMagic, kClipMagicSize) != 0) {
    return std::string(reinterpret_cast<const char*>(data), size);
  }
  std::string clip = TestClipBytes();
  data += kClipMagicSize;
  size -= kClipMagicSize;
  if (size >= 4) {
    const std::uint32_t length = Read32(data);
    if (length != 0) clip.resize(length % (clip.size() + 1));
    data += 4;
    size -= 4;
  }
  for (; size >= 5 && !clip.empty(); data += 5, size -= 5) {
    clip[Read32(data) % clip.size()] ^= static_cast<char>(data[4]);
  }
  return clip;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes = FileBytes(data, size);
  const std::string path = (Scratch() / "input.mp4").string();
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));

  auto clip = fal::media::Probe(path);
  if (!clip.ok()) {
    FUZZ_CHECK(clip.error().code() == fal::ErrorCode::kInvalidArgument, "a bad file is not kInvalidArgument");
    FUZZ_CHECK(clip.error().message().rfind(path, 0) == 0, "the message does not start with the file's path");
    return 0;
  }
  FUZZ_CHECK(clip->width > 0 && clip->height > 0, "a probed clip without a size");
  FUZZ_CHECK(clip->frame_count > 0, "a probed clip without frames");
  FUZZ_CHECK(clip->frame_rate_numerator > 0 && clip->frame_rate_denominator > 0,
             "a probed clip without a rate");
  FUZZ_CHECK(clip->duration_seconds >= 0, "a negative duration");
  FUZZ_CHECK(!clip->video_codec.empty(), "a probed clip without a codec name");

  // Decoding what Probe accepted may still fail (a damaged frame), but only with kInvalidArgument.
  if (clip->width <= 4096 && clip->height <= 4096 && clip->frame_count <= 1000) {
    auto numbers = fal::media::ReadFrameNumbers(path);
    FUZZ_CHECK(numbers.ok() || numbers.error().code() == fal::ErrorCode::kInvalidArgument,
               "decoding a damaged file fails with something other than kInvalidArgument");
  }
  return 0;
}
