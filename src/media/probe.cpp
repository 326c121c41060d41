// Probe: a clip's shape from its container, checked against the file so that a truncated file is
// caught here, not halfway through an upload or a render.
#include "fal/media/media.hpp"
#include "media/ffmpeg.hpp"

namespace fal::media {
namespace {

using internal::BadInput;

// Whether every audio and video stream is whole. A container with an index (MP4, MOV) says where each
// packet lies: one past the file's end, or a stream whose index is missing while another's is there,
// means the file was cut short (a download or copy that stopped).
Result<void> CheckStreamsComplete(AVFormatContext& input, const std::string& path) {
  const std::int64_t file_size = input.pb != nullptr ? avio_size(input.pb) : -1;
  bool any_indexed = false;
  for (unsigned s = 0; s < input.nb_streams; ++s) {
    any_indexed = any_indexed || avformat_index_get_entries_count(input.streams[s]) > 0;
  }
  const std::string truncated = "; the file was cut short or is damaged, copy or download it again";
  for (unsigned s = 0; s < input.nb_streams; ++s) {
    AVStream& stream = *input.streams[s];
    const AVMediaType type = stream.codecpar->codec_type;
    const char* type_name = av_get_media_type_string(type);
    const std::string which =
        "stream " + std::to_string(s) + " (" + (type_name ? type_name : "unknown") + ")";
    const int entries = avformat_index_get_entries_count(&stream);
    const bool media = type == AVMEDIA_TYPE_AUDIO || type == AVMEDIA_TYPE_VIDEO;
    if ((media && stream.codecpar->codec_id == AV_CODEC_ID_NONE) || (any_indexed && entries == 0)) {
      return BadInput(path, "truncated: " + which + " cannot be read" + truncated);
    }
    for (int i = entries - 1; file_size >= 0 && i >= 0; --i) {
      const AVIndexEntry* entry = avformat_index_get_entry(&stream, i);
      if (entry == nullptr || entry->pos + entry->size <= file_size) continue;
      return BadInput(path, "truncated: packet " + std::to_string(i) + " of " + std::to_string(entries) +
                                " of " + which + " lies past the file's end (" + std::to_string(file_size) +
                                " bytes)" + truncated);
    }
  }
  return {};
}

// Reads every packet of the stream (not decoding them): the count when the container has none.
Result<std::int64_t> CountPackets(AVFormatContext& input, int stream_index, const std::string& path) {
  internal::PacketPtr packet = internal::NewPacket();
  std::int64_t count = 0;
  for (;;) {
    const int code = av_read_frame(&input, packet.get());
    if (code == AVERROR_EOF) return count;
    if (code < 0) {
      return BadInput(path, "reading stopped after " + std::to_string(count) + " frames (" +
                                internal::AvErrorText(code) + "): the file is damaged or truncated");
    }
    if (packet->stream_index == stream_index) ++count;
    av_packet_unref(packet.get());
  }
}

}  // namespace

Result<ClipInfo> Probe(const std::string& path) {
  auto input = internal::OpenInput(path);
  if (!input) return input.error();
  AVFormatContext& format = **input;
  auto stream_index = internal::VideoStreamIndex(format, path);
  if (!stream_index) return stream_index.error();
  // FFmpeg reads a picture as a one-frame video; a clip it is not.
  const std::string container = format.iformat->name;
  if (container == "image2" || (container.size() > 5 && container.substr(container.size() - 5) == "_pipe")) {
    return BadInput(path, "is an image (" + container + "), not a video; give a video file");
  }
  AVStream& stream = *format.streams[*stream_index];
  const AVCodecParameters& codec = *stream.codecpar;

  ClipInfo clip;
  clip.width = codec.width;
  clip.height = codec.height;
  clip.video_codec = avcodec_get_name(codec.codec_id);
  const AVRational rate = internal::FrameRate(format, stream);
  if (rate.num <= 0) return BadInput(path, "its video stream has no frame rate: the file is damaged");
  clip.frame_rate_numerator = rate.num;
  clip.frame_rate_denominator = rate.den;
  for (unsigned i = 0; i < format.nb_streams; ++i) {
    if (format.streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) clip.has_audio = true;
  }

  auto within = CheckStreamsComplete(format, path);
  if (!within) return within.error();
  // The container's count when its index has one entry per frame; otherwise the packets are counted.
  if (stream.nb_frames > 0 && avformat_index_get_entries_count(&stream) == stream.nb_frames) {
    clip.frame_count = stream.nb_frames;
  } else {
    auto counted = CountPackets(format, *stream_index, path);
    if (!counted) return counted.error();
    clip.frame_count = *counted;
  }
  if (clip.frame_count <= 0)
    return BadInput(path, "its video stream has no frames: the file is damaged or truncated");

  if (stream.duration > 0 && stream.duration != AV_NOPTS_VALUE) {
    clip.duration_seconds = static_cast<double>(stream.duration) * av_q2d(stream.time_base);
  } else {
    clip.duration_seconds = static_cast<double>(clip.frame_count) / av_q2d(rate);
  }
  return clip;
}

}  // namespace fal::media
