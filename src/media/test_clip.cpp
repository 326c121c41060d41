// WriteTestClip and ReadFrameNumbers: clips whose frames say which they are, for exact tests.
#include <cmath>
#include <optional>

#include "fal/media/media.hpp"
#include "media/frame_code.hpp"
#include "media/frame_reader.hpp"
#include "media/video_writer.hpp"

namespace fal::media {
namespace {

using internal::BadInput;

constexpr double kPi = 3.14159265358979323846;

Result<void> CheckSpec(const std::string& path, const TestClipSpec& spec) {
  if (spec.width < 128 || spec.height < 64 || spec.width % 2 != 0 || spec.height % 2 != 0) {
    return BadInput(path, "a test clip of " + std::to_string(spec.width) + "x" + std::to_string(spec.height) +
                              " is not possible: give even sizes of at least 128x64");
  }
  if (spec.frame_count < 1) return BadInput(path, "a test clip needs at least 1 frame");
  if (spec.frame_rate_numerator < 1 || spec.frame_rate_denominator < 1) {
    return BadInput(path, "a test clip needs a frame rate above 0 (numerator and denominator of 1 or more)");
  }
  if (spec.first_number < 0 || spec.first_number + spec.frame_count - 1 > internal::kLargestFrameNumber) {
    return BadInput(path, "the frame code holds numbers 0 to " +
                              std::to_string(internal::kLargestFrameNumber) + "; frames " +
                              std::to_string(spec.first_number) + " to " +
                              std::to_string(spec.first_number + spec.frame_count - 1) + " do not fit");
  }
  return {};
}

// A tone whose pitch steps every second, so a listener (and a test) hears the audio move with the video.
Result<void> WriteToneUntil(internal::VideoWriter& writer, double seconds) {
  while (writer.audio_seconds() < seconds) {
    auto frame = writer.AudioFrame();
    if (!frame) return frame.error();
    const double start = writer.audio_seconds();
    for (int i = 0; i < (*frame)->nb_samples; ++i) {
      const double t = start + static_cast<double>(i) / internal::kToneSampleRate;
      const double pitch = 440.0 + 110.0 * std::floor(t);
      const float sample = static_cast<float>(0.2 * std::sin(2 * kPi * pitch * t));
      for (int channel = 0; channel < 2; ++channel)
        reinterpret_cast<float*>((*frame)->data[channel])[i] = sample;
    }
    auto written = writer.WriteAudio();
    if (!written) return written;
  }
  return {};
}

}  // namespace

Result<WrittenClip> WriteTestClip(const std::string& destination, const TestClipSpec& spec) {
  auto valid = CheckSpec(destination, spec);
  if (!valid) return valid.error();
  const AVRational rate{spec.frame_rate_numerator, spec.frame_rate_denominator};
  auto writer =
      internal::VideoWriter::Open(destination, {spec.width, spec.height, rate}, spec.encode, spec.with_audio);
  if (!writer) return writer.error();
  auto frame = internal::AllocateFrame(spec.width, spec.height, AV_PIX_FMT_YUV420P);
  if (!frame) return frame.error();
  for (std::int64_t i = 0; i < spec.frame_count; ++i) {
    const int code = av_frame_make_writable(frame->get());
    if (code < 0) return internal::FfmpegFailed(destination, "allocate a frame", code);
    internal::DrawTestPattern(**frame, i, spec.first_number + i);
    auto written = (*writer)->WriteVideo(**frame);
    if (!written) return written.error();
    if (spec.with_audio) {
      auto tone = WriteToneUntil(**writer, static_cast<double>(i + 1) * rate.den / rate.num);
      if (!tone) return tone.error();
    }
  }
  return (*writer)->Finish();
}

Result<std::vector<std::int64_t>> ReadFrameNumbers(const std::string& path) {
  auto reader = internal::FrameReader::Open(path);
  if (!reader) return reader.error();
  std::optional<internal::FrameConverter> to_luma;  // at the frames' own size, known from the first
  std::vector<std::int64_t> numbers;
  for (;;) {
    auto frame = (*reader)->Next();
    if (!frame) return frame.error();
    if (*frame == nullptr) return numbers;
    if (!to_luma) to_luma.emplace((*frame)->width, (*frame)->height, AV_PIX_FMT_GRAY8);
    auto luma = to_luma->Convert(**frame);
    if (!luma) return luma.error();
    numbers.push_back(
        internal::ReadFrameCode((*luma)->data[0], (*luma)->linesize[0], (*luma)->width, (*luma)->height));
  }
}

}  // namespace fal::media
