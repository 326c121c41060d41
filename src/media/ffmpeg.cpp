#include "media/ffmpeg.hpp"

#include <filesystem>
#include <system_error>

#include "fal/media/media.hpp"

namespace fal::media::internal {

void OutputDeleter::operator()(AVFormatContext* context) const {
  if (context->pb != nullptr && !(context->oformat->flags & AVFMT_NOFILE)) avio_closep(&context->pb);
  avformat_free_context(context);
}

FramePtr NewFrame() { return FramePtr(av_frame_alloc()); }
PacketPtr NewPacket() { return PacketPtr(av_packet_alloc()); }

std::string AvErrorText(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

Error BadInput(const std::string& path, const std::string& what) {
  return Error(ErrorCode::kInvalidArgument, path + ": " + what);
}

Error CannotWrite(const std::string& path, int av_error) {
  return Error(ErrorCode::kUnavailable, path + ": cannot be written (" + AvErrorText(av_error) +
                                            "); check that its folder exists and is writable");
}

Error FfmpegFailed(const std::string& path, const std::string& step, int av_error) {
  return Error(ErrorCode::kInternal,
               path + ": FFmpeg failed to " + step + " (" + AvErrorText(av_error) + ")");
}

Result<InputPtr> OpenInput(const std::string& path) {
  // The file system's answer first: "does not exist" says more than FFmpeg's "No such file".
  std::error_code error;
  const auto status = std::filesystem::status(std::filesystem::u8path(path), error);
  if (!std::filesystem::exists(status)) return BadInput(path, "no such file; check the path");
  if (!std::filesystem::is_regular_file(status))
    return BadInput(path, "not a regular file; give a video file");

  AVFormatContext* raw = nullptr;
  int code = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (code < 0) {
    return BadInput(path, "cannot be read as a video (" + AvErrorText(code) +
                              "): the file is damaged, truncated or not a video");
  }
  InputPtr input(raw);
  code = avformat_find_stream_info(input.get(), nullptr);
  if (code < 0) {
    return BadInput(
        path, "its streams cannot be read (" + AvErrorText(code) + "): the file is damaged or truncated");
  }
  return input;
}

Result<int> VideoStreamIndex(AVFormatContext& input, const std::string& path) {
  const int index = av_find_best_stream(&input, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) return BadInput(path, "has no video stream; give a video file");
  const AVCodecParameters& codec = *input.streams[index]->codecpar;
  if (codec.width <= 0 || codec.height <= 0) {
    return BadInput(path, "its video stream has no picture size: the file is damaged");
  }
  return index;
}

AVRational FrameRate(AVFormatContext& input, AVStream& stream) {
  const AVRational rate = av_guess_frame_rate(&input, &stream, nullptr);
  if (rate.num <= 0 || rate.den <= 0) return AVRational{0, 1};
  return rate;
}

Result<std::unique_ptr<Mp4Output>> Mp4Output::Create(const std::string& path) {
  AVFormatContext* raw = nullptr;
  const int code = avformat_alloc_output_context2(&raw, nullptr, "mp4", path.c_str());
  if (code < 0 || raw == nullptr) return FfmpegFailed(path, "set up an MP4 output", code);
  std::unique_ptr<Mp4Output> output(new Mp4Output(path));
  output->context_.reset(raw);
  return output;
}

Mp4Output::~Mp4Output() {
  if (!opened_ || finished_) return;
  context_.reset();  // closes the file
  std::error_code ignored;
  std::filesystem::remove(std::filesystem::u8path(path_), ignored);
}

Result<void> Mp4Output::Open() {
  int code = avio_open(&context_->pb, path_.c_str(), AVIO_FLAG_WRITE);
  if (code < 0) return CannotWrite(path_, code);
  opened_ = true;
  code = avformat_write_header(context_.get(), nullptr);
  if (code < 0) return FfmpegFailed(path_, "write the MP4 header", code);
  return {};
}

Result<void> Mp4Output::Write(AVPacket& packet) {
  const int code = av_interleaved_write_frame(context_.get(), &packet);
  if (code < 0) return CannotWrite(path_, code);
  return {};
}

Result<void> Mp4Output::Finish() {
  int code = av_write_trailer(context_.get());
  if (code < 0) return CannotWrite(path_, code);
  code = avio_closep(&context_->pb);
  if (code < 0) return CannotWrite(path_, code);
  finished_ = true;
  return {};
}

}  // namespace fal::media::internal

namespace fal::media {

void QuietFfmpegLog(bool quiet) { av_log_set_level(quiet ? AV_LOG_ERROR : AV_LOG_INFO); }

}  // namespace fal::media
