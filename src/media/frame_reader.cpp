#include "media/frame_reader.hpp"

namespace fal::media::internal {

Result<std::unique_ptr<FrameReader>> FrameReader::Open(const std::string& path) {
  auto input = OpenInput(path);
  if (!input) return input.error();
  auto stream_index = VideoStreamIndex(**input, path);
  if (!stream_index) return stream_index.error();

  std::unique_ptr<FrameReader> reader(new FrameReader());
  reader->path_ = path;
  reader->input_ = std::move(*input);
  reader->stream_index_ = *stream_index;
  AVStream& stream = *reader->input_->streams[*stream_index];
  reader->frame_rate_ = FrameRate(*reader->input_, stream);
  // Only the video stream's packets are wanted: the demuxer can skip the others.
  for (unsigned i = 0; i < reader->input_->nb_streams; ++i) {
    if (static_cast<int>(i) != *stream_index) reader->input_->streams[i]->discard = AVDISCARD_ALL;
  }

  const AVCodec* codec = avcodec_find_decoder(stream.codecpar->codec_id);
  if (codec == nullptr) {
    return BadInput(path, std::string("its video codec ") + avcodec_get_name(stream.codecpar->codec_id) +
                              " has no decoder in this FFmpeg");
  }
  reader->decoder_.reset(avcodec_alloc_context3(codec));
  int code = avcodec_parameters_to_context(reader->decoder_.get(), stream.codecpar);
  if (code < 0) return FfmpegFailed(path, "set up the video decoder", code);
  reader->decoder_->pkt_timebase = stream.time_base;
  code = avcodec_open2(reader->decoder_.get(), codec, nullptr);
  if (code < 0) return BadInput(path, "its video decoder cannot start (" + AvErrorText(code) + "): damaged?");
  reader->packet_ = NewPacket();
  reader->frame_ = NewFrame();
  return reader;
}

Result<const AVFrame*> FrameReader::Next() {
  for (;;) {
    int code = avcodec_receive_frame(decoder_.get(), frame_.get());
    if (code == 0) {
      ++frames_read_;
      return static_cast<const AVFrame*>(frame_.get());
    }
    if (code == AVERROR_EOF) return static_cast<const AVFrame*>(nullptr);
    if (code != AVERROR(EAGAIN)) {
      return BadInput(path_, "frame " + std::to_string(frames_read_) + " cannot be decoded (" +
                                 AvErrorText(code) + "): the file is damaged");
    }
    if (flushing_) return static_cast<const AVFrame*>(nullptr);
    code = av_read_frame(input_.get(), packet_.get());
    if (code == AVERROR_EOF) {
      flushing_ = true;
      avcodec_send_packet(decoder_.get(), nullptr);  // drains the frames the decoder still holds
      continue;
    }
    if (code < 0) {
      return BadInput(path_, "reading stopped after frame " + std::to_string(frames_read_) + " (" +
                                 AvErrorText(code) + "): the file is damaged or truncated");
    }
    if (packet_->stream_index == stream_index_) code = avcodec_send_packet(decoder_.get(), packet_.get());
    av_packet_unref(packet_.get());
    if (code < 0 && code != AVERROR(EAGAIN)) {
      return BadInput(path_, "the packet after frame " + std::to_string(frames_read_) +
                                 " cannot be decoded (" + AvErrorText(code) + "): the file is damaged");
    }
  }
}

Result<void> FrameReader::SkipTo(std::int64_t index) {
  while (frames_read_ < index) {
    auto frame = Next();
    if (!frame) return frame.error();
    if (*frame == nullptr) break;
  }
  return {};
}

Result<FramePtr> AllocateFrame(int width, int height, AVPixelFormat format) {
  FramePtr frame = NewFrame();
  frame->width = width;
  frame->height = height;
  frame->format = format;
  const int code = av_frame_get_buffer(frame.get(), 0);
  if (code < 0) return FfmpegFailed("(memory)", "allocate a frame", code);
  return frame;
}

Result<SwsContext*> FrameConverter::ContextFor(const AVFrame& source) {
  SwsContext* context =
      sws_getCachedContext(scaler_, source.width, source.height, static_cast<AVPixelFormat>(source.format),
                           width_, height_, format_, SWS_BICUBIC, nullptr, nullptr, nullptr);
  if (context == nullptr) {
    return Error(ErrorCode::kInternal, "falcpp::media: swscale cannot convert " +
                                           std::to_string(source.width) + "x" +
                                           std::to_string(source.height) + " frames to " +
                                           std::to_string(width_) + "x" + std::to_string(height_));
  }
  if (context != scaler_) {
    scaler_owner_.release();  // sws_getCachedContext freed the old one
    scaler_owner_.reset(context);
    scaler_ = context;
  }
  return context;
}

Result<void> FrameConverter::ConvertInto(const AVFrame& source, std::uint8_t* const planes[],
                                         const int linesizes[]) {
  auto context = ContextFor(source);
  if (!context) return context.error();
  sws_scale(*context, source.data, source.linesize, 0, source.height, planes, linesizes);
  return {};
}

Result<AVFrame*> FrameConverter::Convert(const AVFrame& source) {
  // A fresh buffer when an encoder may still hold a reference to the previous one.
  if (converted_ == nullptr || av_frame_is_writable(converted_.get()) == 0) {
    auto frame = AllocateFrame(width_, height_, format_);
    if (!frame) return frame.error();
    converted_ = std::move(*frame);
  }
  auto done = ConvertInto(source, converted_->data, converted_->linesize);
  if (!done) return done.error();
  return converted_.get();
}

}  // namespace fal::media::internal
