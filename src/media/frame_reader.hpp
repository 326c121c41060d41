#pragma once
// Decodes a file's video stream one frame at a time, in display order: the one place falcpp::media
// reads frames. Holds one decoded frame (and whatever the decoder keeps for reference), never the video.

#include <cstdint>
#include <memory>
#include <string>

#include "fal/result.hpp"
#include "media/ffmpeg.hpp"

namespace fal::media::internal {

class FrameReader {
 public:
  static Result<std::unique_ptr<FrameReader>> Open(const std::string& path);

  // The next frame, or nullptr after the last one. Valid until the next call; av_frame_ref it to keep it.
  Result<const AVFrame*> Next();
  // Skips frames until the next call to Next() returns frame `index` (or nullptr when there is none).
  Result<void> SkipTo(std::int64_t index);

  std::int64_t frames_read() const { return frames_read_; }
  int width() const { return decoder_->width; }
  int height() const { return decoder_->height; }
  AVRational frame_rate() const { return frame_rate_; }
  const std::string& path() const { return path_; }

 private:
  FrameReader() = default;

  std::string path_;
  InputPtr input_;
  CodecPtr decoder_;
  PacketPtr packet_;
  FramePtr frame_;
  int stream_index_ = -1;
  AVRational frame_rate_{0, 1};
  bool flushing_ = false;
  std::int64_t frames_read_ = 0;
};

// Converts frames to one pixel format and size (swscale; the context is reused while the input's
// format stays the same).
class FrameConverter {
 public:
  FrameConverter(int width, int height, AVPixelFormat format)
      : width_(width), height_(height), format_(format) {}

  // Converts source into a frame owned by the converter (valid until the next call).
  Result<AVFrame*> Convert(const AVFrame& source);
  // Converts source into caller-owned planes.
  Result<void> ConvertInto(const AVFrame& source, std::uint8_t* const planes[], const int linesizes[]);

 private:
  Result<SwsContext*> ContextFor(const AVFrame& source);

  int width_;
  int height_;
  AVPixelFormat format_;
  SwsContext* scaler_ = nullptr;  // owned by scaler_owner_ (sws_getCachedContext may replace it)
  ScalerPtr scaler_owner_;
  FramePtr converted_;
};

// A fresh frame of the given format and size with its own buffers.
Result<FramePtr> AllocateFrame(int width, int height, AVPixelFormat format);

}  // namespace fal::media::internal
