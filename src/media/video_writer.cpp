#include "media/video_writer.hpp"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

#include <algorithm>
#include <climits>

namespace fal::media::internal {
namespace {

// libx264 when this FFmpeg has it (Debian's does), else FFmpeg's own MPEG-4 Part 2 encoder.
Result<const AVCodec*> FindVideoEncoder(const EncodeOptions& options, const std::string& path) {
  if (!options.video_encoder.empty()) {
    const AVCodec* named = avcodec_find_encoder_by_name(options.video_encoder.c_str());
    if (named == nullptr || named->type != AVMEDIA_TYPE_VIDEO) {
      return BadInput(path, "this FFmpeg has no video encoder named '" + options.video_encoder +
                                "'; leave EncodeOptions::video_encoder empty for the default");
    }
    return named;
  }
  if (const AVCodec* x264 = avcodec_find_encoder_by_name("libx264")) return x264;
  if (const AVCodec* mpeg4 = avcodec_find_encoder(AV_CODEC_ID_MPEG4)) return mpeg4;
  return Error(ErrorCode::kInternal, path + ": this FFmpeg has neither libx264 nor an MPEG-4 encoder");
}

void SetQuality(AVCodecContext& encoder, const AVCodec& codec, const EncodeOptions& options) {
  const int crf = std::clamp(options.crf, 0, 51);
  if (std::string(codec.name) == "libx264") {
    av_opt_set_int(encoder.priv_data, "crf", crf, 0);
    av_opt_set(encoder.priv_data, "preset", options.preset.c_str(), 0);
    av_opt_set(encoder.priv_data, "x264-params", "log=0", 0);  // errors only: no statistics on stderr
    return;
  }
  // A fixed quantiser of about the same quality (x264's crf 18 looks like MPEG-4's q 3).
  encoder.flags |= AV_CODEC_FLAG_QSCALE;
  encoder.global_quality = FF_QP2LAMBDA * std::clamp(crf / 6, 1, 31);
}

}  // namespace

VideoWriter::VideoWriter(const std::string& path, const VideoFormat& format)
    : path_(path), format_(format), converter_(format.width, format.height, AV_PIX_FMT_YUV420P) {}

Result<std::unique_ptr<VideoWriter>> VideoWriter::Open(const std::string& path, const VideoFormat& format,
                                                       const EncodeOptions& options, bool with_audio) {
  if (format.width < 2 || format.height < 2 || format.width % 2 != 0 || format.height % 2 != 0) {
    return BadInput(path, "the output size " + std::to_string(format.width) + "x" +
                              std::to_string(format.height) +
                              " is not possible: give even sizes of 2 or more");
  }
  if (format.frame_rate.num <= 0 || format.frame_rate.den <= 0) {
    return BadInput(path, "the output needs a frame rate above 0");
  }
  VideoFormat reduced = format;  // 12500/1000 is written, and read back, as 25/2
  av_reduce(&reduced.frame_rate.num, &reduced.frame_rate.den, format.frame_rate.num, format.frame_rate.den,
            INT_MAX);
  std::unique_ptr<VideoWriter> writer(new VideoWriter(path, reduced));
  auto output = Mp4Output::Create(path);
  if (!output) return output.error();
  writer->output_ = std::move(*output);
  writer->packet_ = NewPacket();
  auto video = writer->AddVideoStream(options);
  if (!video) return video.error();
  if (with_audio) {
    auto audio = writer->AddAudioStream();
    if (!audio) return audio.error();
  }
  auto opened = writer->output_->Open();
  if (!opened) return opened.error();
  return writer;
}

Result<void> VideoWriter::AddVideoStream(const EncodeOptions& options) {
  auto codec = FindVideoEncoder(options, path_);
  if (!codec) return codec.error();
  video_encoder_.reset(avcodec_alloc_context3(*codec));
  AVCodecContext& encoder = *video_encoder_;
  encoder.width = format_.width;
  encoder.height = format_.height;
  encoder.pix_fmt = AV_PIX_FMT_YUV420P;
  encoder.time_base = av_inv_q(format_.frame_rate);
  encoder.framerate = format_.frame_rate;
  encoder.sample_aspect_ratio = AVRational{1, 1};
  if (output_->context().oformat->flags & AVFMT_GLOBALHEADER) encoder.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  SetQuality(encoder, **codec, options);
  int code = avcodec_open2(&encoder, *codec, nullptr);
  if (code < 0) return FfmpegFailed(path_, std::string("start the ") + (*codec)->name + " encoder", code);
  video_stream_ = avformat_new_stream(&output_->context(), nullptr);
  if (video_stream_ == nullptr) return FfmpegFailed(path_, "add a video stream", AVERROR(ENOMEM));
  video_stream_->time_base = encoder.time_base;
  video_stream_->avg_frame_rate = format_.frame_rate;
  code = avcodec_parameters_from_context(video_stream_->codecpar, &encoder);
  if (code < 0) return FfmpegFailed(path_, "describe the video stream", code);
  return {};
}

Result<void> VideoWriter::AddAudioStream() {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
  if (codec == nullptr) return Error(ErrorCode::kInternal, path_ + ": this FFmpeg has no AAC encoder");
  audio_encoder_.reset(avcodec_alloc_context3(codec));
  AVCodecContext& encoder = *audio_encoder_;
  encoder.sample_fmt = AV_SAMPLE_FMT_FLTP;
  encoder.sample_rate = kToneSampleRate;
  av_channel_layout_default(&encoder.ch_layout, 2);
  encoder.bit_rate = 128000;
  encoder.time_base = AVRational{1, kToneSampleRate};
  if (output_->context().oformat->flags & AVFMT_GLOBALHEADER) encoder.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  int code = avcodec_open2(&encoder, codec, nullptr);
  if (code < 0) return FfmpegFailed(path_, "start the AAC encoder", code);
  audio_stream_ = avformat_new_stream(&output_->context(), nullptr);
  if (audio_stream_ == nullptr) return FfmpegFailed(path_, "add an audio stream", AVERROR(ENOMEM));
  audio_stream_->time_base = encoder.time_base;
  code = avcodec_parameters_from_context(audio_stream_->codecpar, &encoder);
  if (code < 0) return FfmpegFailed(path_, "describe the audio stream", code);

  audio_frame_ = NewFrame();
  audio_frame_->format = encoder.sample_fmt;
  audio_frame_->nb_samples = encoder.frame_size;
  audio_frame_->sample_rate = encoder.sample_rate;
  code = av_channel_layout_copy(&audio_frame_->ch_layout, &encoder.ch_layout);
  if (code >= 0) code = av_frame_get_buffer(audio_frame_.get(), 0);
  if (code < 0) return FfmpegFailed(path_, "allocate audio samples", code);
  return {};
}

Result<void> VideoWriter::Drain(AVCodecContext& encoder, AVStream& stream) {
  for (;;) {
    int code = avcodec_receive_packet(&encoder, packet_.get());
    if (code == AVERROR(EAGAIN) || code == AVERROR_EOF) return {};
    if (code < 0) return FfmpegFailed(path_, "encode", code);
    // A packet without a duration would leave the MP4's last frame without one (a shorter stream).
    if (packet_->duration == 0 && &encoder == video_encoder_.get()) packet_->duration = 1;
    av_packet_rescale_ts(packet_.get(), encoder.time_base, stream.time_base);
    packet_->stream_index = stream.index;
    auto written = output_->Write(*packet_);
    if (!written) return written;
  }
}

Result<void> VideoWriter::WriteVideo(const AVFrame& frame) {
  auto converted = converter_.Convert(frame);
  if (!converted) return converted.error();
  (*converted)->pts = frames_written_;
  const int code = avcodec_send_frame(video_encoder_.get(), *converted);
  if (code < 0) return FfmpegFailed(path_, "encode frame " + std::to_string(frames_written_), code);
  ++frames_written_;
  return Drain(*video_encoder_, *video_stream_);
}

Result<AVFrame*> VideoWriter::AudioFrame() {
  const int code = av_frame_make_writable(audio_frame_.get());
  if (code < 0) return FfmpegFailed(path_, "allocate audio samples", code);
  return audio_frame_.get();
}

Result<void> VideoWriter::WriteAudio() {
  audio_frame_->pts = audio_samples_;
  const int code = avcodec_send_frame(audio_encoder_.get(), audio_frame_.get());
  if (code < 0) return FfmpegFailed(path_, "encode audio", code);
  audio_samples_ += audio_frame_->nb_samples;
  return Drain(*audio_encoder_, *audio_stream_);
}

Result<WrittenClip> VideoWriter::Finish() {
  for (AVCodecContext* encoder : {video_encoder_.get(), audio_encoder_.get()}) {
    if (encoder == nullptr) continue;
    avcodec_send_frame(encoder, nullptr);  // flush: the encoder gives what it still holds
    auto drained = Drain(*encoder, encoder == video_encoder_.get() ? *video_stream_ : *audio_stream_);
    if (!drained) return drained.error();
  }
  auto finished = output_->Finish();
  if (!finished) return finished.error();

  WrittenClip written;
  ClipInfo& clip = written.clip;
  clip.width = format_.width;
  clip.height = format_.height;
  clip.frame_count = frames_written_;
  clip.frame_rate_numerator = format_.frame_rate.num;
  clip.frame_rate_denominator = format_.frame_rate.den;
  clip.duration_seconds =
      static_cast<double>(frames_written_) * format_.frame_rate.den / format_.frame_rate.num;
  clip.video_codec = avcodec_get_name(video_encoder_->codec_id);
  clip.has_audio = audio_encoder_ != nullptr;
  return written;
}

}  // namespace fal::media::internal
