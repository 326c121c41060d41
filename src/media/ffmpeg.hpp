#pragma once
// FFmpeg's C objects with owners, so that every exit path frees them and the cleanup code exists once,
// and the errors falcpp::media gives, worded once.

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>

#include "fal/error.hpp"
#include "fal/result.hpp"

namespace fal::media::internal {

struct InputDeleter {
  void operator()(AVFormatContext* context) const { avformat_close_input(&context); }
};
struct CodecDeleter {
  void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
};
struct FrameDeleter {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketDeleter {
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct ScalerDeleter {
  void operator()(SwsContext* context) const { sws_freeContext(context); }
};
// An output file: the muxer context and, once opened, its file.
struct OutputDeleter {
  void operator()(AVFormatContext* context) const;
};

using InputPtr = std::unique_ptr<AVFormatContext, InputDeleter>;
using OutputPtr = std::unique_ptr<AVFormatContext, OutputDeleter>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using ScalerPtr = std::unique_ptr<SwsContext, ScalerDeleter>;

FramePtr NewFrame();
PacketPtr NewPacket();

// FFmpeg's text for an AVERROR code, e.g. "Invalid data found when processing input".
std::string AvErrorText(int code);

// kInvalidArgument: "<path>: <what>" (an input that cannot be used, or an impossible request).
Error BadInput(const std::string& path, const std::string& what);
// kUnavailable: a destination that cannot be written.
Error CannotWrite(const std::string& path, int av_error);
// kInternal: FFmpeg failed at a step that should not fail for a valid input.
Error FfmpegFailed(const std::string& path, const std::string& step, int av_error);

// Opens an input file and reads its stream information. Errors name the file and say what is wrong.
Result<InputPtr> OpenInput(const std::string& path);
// The index of the input's video stream (the best one, by FFmpeg's choice), or an error naming the file.
Result<int> VideoStreamIndex(AVFormatContext& input, const std::string& path);
// The stream's frame rate as FFmpeg guesses it (the container's rate, else the codec's); {0, 1} unknown.
AVRational FrameRate(AVFormatContext& input, AVStream& stream);

// An MP4 file being written. Unless Finish() succeeds, the destructor deletes the file: a failed call
// leaves no half-written output behind.
class Mp4Output {
 public:
  // The muxer alone; add the streams to context(), then Open().
  static Result<std::unique_ptr<Mp4Output>> Create(const std::string& path);
  ~Mp4Output();
  Mp4Output(const Mp4Output&) = delete;
  Mp4Output& operator=(const Mp4Output&) = delete;

  AVFormatContext& context() { return *context_; }
  const std::string& path() const { return path_; }
  // Opens the file and writes the header.
  Result<void> Open();
  // Writes a packet whose timestamps are in its stream's time base (interleaving the streams).
  Result<void> Write(AVPacket& packet);
  // Writes the trailer (the MP4 index) and closes the file.
  Result<void> Finish();

 private:
  explicit Mp4Output(std::string path) : path_(std::move(path)) {}

  std::string path_;
  OutputPtr context_;
  bool opened_ = false;
  bool finished_ = false;
};

}  // namespace fal::media::internal
