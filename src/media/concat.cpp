// Concat: whole parts with the same codec parameters are joined by copying their packets on one
// timeline; anything else (ranges, differing parts) is decoded and encoded frame by frame.
#include <cstring>

#include "fal/media/media.hpp"
#include "media/frame_reader.hpp"
#include "media/video_writer.hpp"

namespace fal::media {
namespace {

using internal::BadInput;

// A part with its probed frame count and the range to keep, checked.
struct PlannedPart {
  const ConcatPart* part;
  ClipInfo clip;
  std::int64_t keep = 0;  // frames from part->first_frame
};

Result<std::vector<PlannedPart>> Plan(const std::vector<ConcatPart>& parts, const std::string& destination) {
  if (parts.empty()) return BadInput(destination, "Concat needs at least one part");
  std::vector<PlannedPart> planned;
  for (const ConcatPart& part : parts) {
    auto clip = Probe(part.path);
    if (!clip) return clip.error();
    const std::int64_t available = clip->frame_count - part.first_frame;
    const std::int64_t keep = part.frame_count.value_or(available);
    if (part.first_frame < 0 || available <= 0 || keep < 1 || keep > available) {
      return BadInput(part.path, "has " + std::to_string(clip->frame_count) + " frames (0 to " +
                                     std::to_string(clip->frame_count - 1) + "); the part asks for " +
                                     std::to_string(keep) + " from frame " +
                                     std::to_string(part.first_frame));
    }
    planned.push_back({&part, *clip, keep});
  }
  return planned;
}

bool TakenWhole(const PlannedPart& part) {
  return part.part->first_frame == 0 && part.keep == part.clip.frame_count;
}

struct OpenedVideo {
  internal::InputPtr input;
  AVStream* stream = nullptr;
};

Result<OpenedVideo> OpenVideo(const std::string& path) {
  auto input = internal::OpenInput(path);
  if (!input) return input.error();
  auto index = internal::VideoStreamIndex(**input, path);
  if (!index) return index.error();
  OpenedVideo video;
  video.stream = (*input)->streams[*index];
  video.input = std::move(*input);
  return video;
}

bool SameParameters(const AVCodecParameters& a, const AVCodecParameters& b) {
  return a.codec_id == b.codec_id && a.width == b.width && a.height == b.height && a.format == b.format &&
         a.extradata_size == b.extradata_size &&
         (a.extradata_size == 0 || std::memcmp(a.extradata, b.extradata, a.extradata_size) == 0);
}

// Whether every part's packets can follow the first's in one stream.
Result<bool> CanCopy(const std::vector<PlannedPart>& parts) {
  auto first = OpenVideo(parts[0].part->path);
  if (!first) return first.error();
  for (const PlannedPart& part : parts) {
    if (!TakenWhole(part)) return false;
    if (part.clip.frame_rate_numerator != parts[0].clip.frame_rate_numerator ||
        part.clip.frame_rate_denominator != parts[0].clip.frame_rate_denominator) {
      return false;
    }
    auto video = OpenVideo(part.part->path);
    if (!video) return video.error();
    if (!SameParameters(*first->stream->codecpar, *video->stream->codecpar)) return false;
  }
  return true;
}

Result<WrittenClip> CopyConcat(const std::vector<PlannedPart>& parts, const std::string& destination) {
  auto output = internal::Mp4Output::Create(destination);
  if (!output) return output.error();
  AVStream* out = avformat_new_stream(&(*output)->context(), nullptr);
  if (out == nullptr) return internal::FfmpegFailed(destination, "add a video stream", AVERROR(ENOMEM));
  const ClipInfo& first_clip = parts[0].clip;
  const AVRational rate{first_clip.frame_rate_numerator, first_clip.frame_rate_denominator};
  {
    auto first = OpenVideo(parts[0].part->path);
    if (!first) return first.error();
    avcodec_parameters_copy(out->codecpar, first->stream->codecpar);
    out->codecpar->codec_tag = 0;
    out->time_base = first->stream->time_base;
    out->avg_frame_rate = rate;
  }
  auto opened = (*output)->Open();
  if (!opened) return opened.error();

  // Each part's timeline starts where the previous one's frames end.
  std::int64_t offset = 0;
  std::int64_t frames = 0;
  internal::PacketPtr packet = internal::NewPacket();
  for (const PlannedPart& part : parts) {
    auto video = OpenVideo(part.part->path);
    if (!video) return video.error();
    const AVRational in_base = video->stream->time_base;
    const std::int64_t start = video->stream->start_time == AV_NOPTS_VALUE ? 0 : video->stream->start_time;
    for (;;) {
      const int code = av_read_frame(video->input.get(), packet.get());
      if (code == AVERROR_EOF) break;
      if (code < 0)
        return BadInput(part.part->path, "cannot be read to its end (" + internal::AvErrorText(code) + ")");
      if (packet->stream_index == video->stream->index) {
        if (packet->pts != AV_NOPTS_VALUE) packet->pts -= start;
        if (packet->dts != AV_NOPTS_VALUE) packet->dts -= start;
        av_packet_rescale_ts(packet.get(), in_base, (*output)->context().streams[0]->time_base);
        if (packet->pts != AV_NOPTS_VALUE) packet->pts += offset;
        if (packet->dts != AV_NOPTS_VALUE) packet->dts += offset;
        packet->stream_index = 0;
        packet->pos = -1;
        auto written = (*output)->Write(*packet);
        if (!written) return written.error();
      }
      av_packet_unref(packet.get());
    }
    frames += part.keep;
    offset = av_rescale_q(frames, av_inv_q(rate), (*output)->context().streams[0]->time_base);
  }
  auto finished = (*output)->Finish();
  if (!finished) return finished.error();
  WrittenClip written;
  written.clip = first_clip;
  written.clip.frame_count = frames;
  written.clip.duration_seconds = static_cast<double>(frames) * rate.den / rate.num;
  written.clip.has_audio = false;
  written.stream_copied = true;
  return written;
}

Result<WrittenClip> EncodeConcat(const std::vector<PlannedPart>& parts, const std::string& destination,
                                 const EncodeOptions& encode) {
  const ClipInfo& first = parts[0].clip;
  const internal::VideoFormat format{first.width + first.width % 2, first.height + first.height % 2,
                                     AVRational{first.frame_rate_numerator, first.frame_rate_denominator}};
  auto writer = internal::VideoWriter::Open(destination, format, encode, false);
  if (!writer) return writer.error();
  for (const PlannedPart& part : parts) {
    auto reader = internal::FrameReader::Open(part.part->path);
    if (!reader) return reader.error();
    auto skipped = (*reader)->SkipTo(part.part->first_frame);
    if (!skipped) return skipped.error();
    for (std::int64_t i = 0; i < part.keep; ++i) {
      auto frame = (*reader)->Next();
      if (!frame) return frame.error();
      if (*frame == nullptr) {
        return BadInput(part.part->path, "ended after " + std::to_string((*reader)->frames_read()) +
                                             " frames, fewer than its index said: the file is damaged");
      }
      auto written = (*writer)->WriteVideo(**frame);
      if (!written) return written.error();
    }
  }
  return (*writer)->Finish();
}

}  // namespace

Result<WrittenClip> Concat(const std::vector<ConcatPart>& parts, const std::string& destination,
                           const ConcatOptions& options) {
  auto planned = Plan(parts, destination);
  if (!planned) return planned.error();
  if (options.allow_stream_copy) {
    auto copy = CanCopy(*planned);
    if (!copy) return copy.error();
    if (*copy) return CopyConcat(*planned, destination);
  }
  return EncodeConcat(*planned, destination, options.encode);
}

}  // namespace fal::media
