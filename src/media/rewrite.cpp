// RewriteClip: each output frame is a source frame (or the test pattern) scaled to the output, handed to
// the caller as RGB, then encoded. One frame at a time; the source's last frame is kept for padding.
#include "fal/media/media.hpp"
#include "media/frame_code.hpp"
#include "media/frame_reader.hpp"
#include "media/video_writer.hpp"

namespace fal::media {
namespace {

using internal::BadInput;

Result<void> CheckSpec(const std::string& destination, const RewriteSpec& spec) {
  if (spec.width < 16 || spec.height < 16 || spec.width % 2 != 0 || spec.height % 2 != 0) {
    return BadInput(destination, "an output of " + std::to_string(spec.width) + "x" +
                                     std::to_string(spec.height) +
                                     " is not possible: give even sizes of at least 16x16");
  }
  if (spec.frame_count < 1) return BadInput(destination, "an output needs at least 1 frame");
  if (spec.frame_rate_numerator < 1 || spec.frame_rate_denominator < 1) {
    return BadInput(destination, "an output needs a frame rate above 0");
  }
  return {};
}

// Where output frame i comes from: the source's frame i (its last one past its end) or the pattern.
class FrameSource {
 public:
  static Result<FrameSource> Open(const RewriteSpec& spec) {
    FrameSource source;
    if (spec.source.empty()) {
      auto pattern = internal::AllocateFrame(spec.width, spec.height, AV_PIX_FMT_YUV420P);
      if (!pattern) return pattern.error();
      source.pattern_ = std::move(*pattern);
      return source;
    }
    auto reader = internal::FrameReader::Open(spec.source);
    if (!reader) return reader.error();
    source.reader_ = std::move(*reader);
    source.last_ = internal::NewFrame();
    return source;
  }

  Result<const AVFrame*> Frame(std::int64_t index) {
    if (pattern_ != nullptr) {
      const int code = av_frame_make_writable(pattern_.get());
      if (code < 0) return internal::FfmpegFailed("(memory)", "allocate a frame", code);
      internal::DrawTestPattern(*pattern_, index, index);
      return static_cast<const AVFrame*>(pattern_.get());
    }
    auto frame = reader_->Next();
    if (!frame) return frame.error();
    if (*frame != nullptr) {
      av_frame_unref(last_.get());
      av_frame_ref(last_.get(), *frame);
    }
    if (last_->data[0] == nullptr) return BadInput(reader_->path(), "has no frames");
    return static_cast<const AVFrame*>(last_.get());
  }

 private:
  std::unique_ptr<internal::FrameReader> reader_;
  internal::FramePtr last_;
  internal::FramePtr pattern_;
};

}  // namespace

Result<WrittenClip> RewriteClip(const std::string& destination, const RewriteSpec& spec) {
  auto valid = CheckSpec(destination, spec);
  if (!valid) return valid.error();
  auto source = FrameSource::Open(spec);
  if (!source) return source.error();
  const AVRational rate{spec.frame_rate_numerator, spec.frame_rate_denominator};
  auto writer = internal::VideoWriter::Open(destination, {spec.width, spec.height, rate}, spec.encode, false);
  if (!writer) return writer.error();

  RgbImage image;
  image.width = spec.width;
  image.height = spec.height;
  image.pixels.resize(static_cast<std::size_t>(spec.width) * spec.height * 3);
  auto rgb_frame = internal::NewFrame();  // describes image.pixels to swscale, owns nothing
  rgb_frame->width = spec.width;
  rgb_frame->height = spec.height;
  rgb_frame->format = AV_PIX_FMT_RGB24;
  internal::FrameConverter to_rgb(spec.width, spec.height, AV_PIX_FMT_RGB24);
  for (std::int64_t i = 0; i < spec.frame_count; ++i) {
    auto frame = source->Frame(i);
    if (!frame) return frame.error();
    std::uint8_t* planes[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
    const int linesizes[4] = {spec.width * 3, 0, 0, 0};
    auto converted = to_rgb.ConvertInto(**frame, planes, linesizes);
    if (!converted) return converted.error();
    if (spec.edit_frame && !spec.edit_frame(i, image)) {
      return Error(ErrorCode::kCancelled,
                   destination + ": the rewrite was stopped at frame " + std::to_string(i));
    }
    if (image.width != spec.width || image.height != spec.height ||
        image.pixels.size() != static_cast<std::size_t>(spec.width) * spec.height * 3) {
      return BadInput(destination, "edit_frame changed the frame's size; it may change pixels only");
    }
    rgb_frame->data[0] = image.pixels.data();
    rgb_frame->linesize[0] = spec.width * 3;
    auto written = (*writer)->WriteVideo(*rgb_frame);
    if (!written) return written.error();
  }
  return (*writer)->Finish();
}

}  // namespace fal::media
