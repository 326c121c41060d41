// MuxAudio: a video's packets with another file's audio packets, both copied, read in step so that
// neither file is ever held in memory.
#include "fal/media/media.hpp"
#include "media/ffmpeg.hpp"

namespace fal::media {
namespace {

using internal::BadInput;

// One input stream being copied: its next packet waits here until it is the earliest.
struct CopiedStream {
  internal::InputPtr input;
  AVStream* in = nullptr;
  AVStream* out = nullptr;
  internal::PacketPtr pending = internal::NewPacket();
  bool has_pending = false;
  bool ended = false;
};

Result<void> ReadNext(CopiedStream& stream, const std::string& path) {
  for (;;) {
    const int code = av_read_frame(stream.input.get(), stream.pending.get());
    if (code == AVERROR_EOF) {
      stream.ended = true;
      return {};
    }
    if (code < 0) return BadInput(path, "cannot be read to its end (" + internal::AvErrorText(code) + ")");
    if (stream.pending->stream_index == stream.in->index) {
      stream.has_pending = true;
      return {};
    }
    av_packet_unref(stream.pending.get());
  }
}

Result<void> AddStream(internal::Mp4Output& output, CopiedStream& stream) {
  stream.out = avformat_new_stream(&output.context(), nullptr);
  if (stream.out == nullptr) return internal::FfmpegFailed(output.path(), "add a stream", AVERROR(ENOMEM));
  const int code = avcodec_parameters_copy(stream.out->codecpar, stream.in->codecpar);
  if (code < 0) return internal::FfmpegFailed(output.path(), "copy a stream's parameters", code);
  stream.out->codecpar->codec_tag = 0;  // the MP4 muxer chooses its own tag
  stream.out->time_base = stream.in->time_base;
  stream.out->avg_frame_rate = stream.in->avg_frame_rate;
  return {};
}

Result<void> WritePending(internal::Mp4Output& output, CopiedStream& stream) {
  AVPacket& packet = *stream.pending;
  av_packet_rescale_ts(&packet, stream.in->time_base, stream.out->time_base);
  packet.stream_index = stream.out->index;
  packet.pos = -1;
  stream.has_pending = false;
  return output.Write(packet);
}

}  // namespace

Result<WrittenClip> MuxAudio(const std::string& video, const std::string& audio_source,
                             const std::string& destination) {
  auto clip = Probe(video);
  if (!clip) return clip.error();
  CopiedStream picture;
  CopiedStream sound;
  {
    auto input = internal::OpenInput(video);
    if (!input) return input.error();
    auto index = internal::VideoStreamIndex(**input, video);
    if (!index) return index.error();
    picture.in = (*input)->streams[*index];
    picture.input = std::move(*input);
  }
  {
    auto input = internal::OpenInput(audio_source);
    if (!input) return input.error();
    const int index = av_find_best_stream(input->get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (index < 0) return BadInput(audio_source, "has no audio track to put under " + video);
    sound.in = (*input)->streams[index];
    sound.input = std::move(*input);
  }
  const AVCodecID audio_codec = sound.in->codecpar->codec_id;
  auto output = internal::Mp4Output::Create(destination);
  if (!output) return output.error();
  if (avformat_query_codec((*output)->context().oformat, audio_codec, FF_COMPLIANCE_NORMAL) != 1) {
    return BadInput(audio_source,
                    std::string("its audio codec ") + avcodec_get_name(audio_codec) +
                        " cannot go in an MP4 without re-encoding; convert the audio to AAC first");
  }
  auto added = AddStream(**output, picture);
  if (added) added = AddStream(**output, sound);
  if (!added) return added.error();
  auto opened = (*output)->Open();
  if (!opened) return opened.error();

  // The video's end, in the audio's time base: audio that starts there or later is not wanted.
  const AVRational rate{clip->frame_rate_numerator, clip->frame_rate_denominator};
  const std::int64_t audio_end = av_rescale_q(clip->frame_count, av_inv_q(rate), sound.in->time_base);
  for (;;) {
    if (!picture.has_pending && !picture.ended) {
      auto read = ReadNext(picture, video);
      if (!read) return read.error();
    }
    if (!sound.has_pending && !sound.ended) {
      auto read = ReadNext(sound, audio_source);
      if (!read) return read.error();
      if (sound.has_pending && sound.pending->pts != AV_NOPTS_VALUE && sound.pending->pts >= audio_end) {
        av_packet_unref(sound.pending.get());
        sound.has_pending = false;
        sound.ended = true;
      }
    }
    if (!picture.has_pending && !sound.has_pending) break;
    // The earlier of the two goes first, so the muxer interleaves without buffering either file.
    const bool picture_first =
        !sound.has_pending ||
        (picture.has_pending && av_compare_ts(picture.pending->dts, picture.in->time_base, sound.pending->dts,
                                              sound.in->time_base) <= 0);
    auto written = WritePending(**output, picture_first ? picture : sound);
    if (!written) return written.error();
  }
  auto finished = (*output)->Finish();
  if (!finished) return finished.error();
  WrittenClip written;
  written.clip = *clip;
  written.clip.has_audio = true;
  written.stream_copied = true;
  return written;
}

}  // namespace fal::media
