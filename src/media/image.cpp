// Single pictures: ExtractFrame writes one frame as a PNG; ReadImage reads an image as RGB.
#include "fal/media/media.hpp"
#include "media/frame_reader.hpp"

namespace fal::media {
namespace {

using internal::BadInput;

// Encodes an RGB frame as PNG and writes it to path.
Result<void> WritePng(const AVFrame& rgb, const std::string& path) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
  if (codec == nullptr) return Error(ErrorCode::kInternal, path + ": this FFmpeg has no PNG encoder");
  internal::CodecPtr encoder(avcodec_alloc_context3(codec));
  encoder->width = rgb.width;
  encoder->height = rgb.height;
  encoder->pix_fmt = AV_PIX_FMT_RGB24;
  encoder->time_base = AVRational{1, 1};
  int code = avcodec_open2(encoder.get(), codec, nullptr);
  if (code < 0) return internal::FfmpegFailed(path, "start the PNG encoder", code);
  code = avcodec_send_frame(encoder.get(), &rgb);
  if (code >= 0) code = avcodec_send_frame(encoder.get(), nullptr);
  internal::PacketPtr packet = internal::NewPacket();
  if (code >= 0) code = avcodec_receive_packet(encoder.get(), packet.get());
  if (code < 0) return internal::FfmpegFailed(path, "encode the PNG", code);

  AVIOContext* file = nullptr;
  code = avio_open(&file, path.c_str(), AVIO_FLAG_WRITE);
  if (code < 0) return internal::CannotWrite(path, code);
  avio_write(file, packet->data, packet->size);
  const int write_error = file->error;
  code = avio_closep(&file);
  if (write_error < 0) return internal::CannotWrite(path, write_error);
  if (code < 0) return internal::CannotWrite(path, code);
  return {};
}

// The frame `index` of source (kLastFrame: the final one), as its own reference.
Result<internal::FramePtr> DecodeFrame(internal::FrameReader& frames, std::int64_t index) {
  internal::FramePtr kept = internal::NewFrame();
  if (index != kLastFrame) {
    auto skipped = frames.SkipTo(index);
    if (!skipped) return skipped.error();
  }
  for (;;) {
    auto frame = frames.Next();
    if (!frame) return frame.error();
    if (*frame == nullptr) break;
    av_frame_unref(kept.get());
    av_frame_ref(kept.get(), *frame);
    if (index != kLastFrame) break;
  }
  if (kept->data[0] == nullptr) {
    return BadInput(frames.path(), "has " + std::to_string(frames.frames_read()) +
                                       " frames; there is no frame " + std::to_string(index) +
                                       " (frames count from 0)");
  }
  return kept;
}

}  // namespace

Result<void> ExtractFrame(const std::string& source, std::int64_t frame_index,
                          const std::string& destination_png) {
  if (frame_index < 0 && frame_index != kLastFrame) {
    return BadInput(source,
                    "frame " + std::to_string(frame_index) +
                        " does not exist; give an index from 0, or kLastFrame (-1) for the last frame");
  }
  auto reader = internal::FrameReader::Open(source);
  if (!reader) return reader.error();
  auto frame = DecodeFrame(**reader, frame_index);
  if (!frame) return frame.error();
  internal::FrameConverter to_rgb((*frame)->width, (*frame)->height, AV_PIX_FMT_RGB24);
  auto rgb = to_rgb.Convert(**frame);
  if (!rgb) return rgb.error();
  return WritePng(**rgb, destination_png);
}

Result<RgbImage> ReadImage(const std::string& path, int width, int height) {
  auto reader = internal::FrameReader::Open(path);
  if (!reader) return reader.error();
  auto frame = DecodeFrame(**reader, 0);
  if (!frame) return frame.error();
  RgbImage image;
  image.width = width > 0 && height > 0 ? width : (*frame)->width;
  image.height = width > 0 && height > 0 ? height : (*frame)->height;
  image.pixels.resize(static_cast<std::size_t>(image.width) * image.height * 3);
  internal::FrameConverter to_rgb(image.width, image.height, AV_PIX_FMT_RGB24);
  std::uint8_t* planes[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
  const int linesizes[4] = {image.width * 3, 0, 0, 0};
  auto converted = to_rgb.ConvertInto(**frame, planes, linesizes);
  if (!converted) return converted.error();
  return image;
}

}  // namespace fal::media
