// CutFrames: decode from the start, keep the range, encode it. Re-encoding always makes a cut exact,
// whether or not it falls on a keyframe (docs/adr/0012-media-on-ffmpeg-libraries.md).
#include "fal/media/media.hpp"
#include "media/frame_reader.hpp"
#include "media/video_writer.hpp"

namespace fal::media {

using internal::BadInput;

Result<WrittenClip> CutFrames(const std::string& source, std::int64_t first_frame, std::int64_t frame_count,
                              const std::string& destination, const CutOptions& options) {
  if (first_frame < 0) return BadInput(source, "a cut cannot start at frame " + std::to_string(first_frame));
  if (frame_count < 1) {
    return BadInput(source,
                    "a cut of " + std::to_string(frame_count) + " frames is empty; ask for 1 or more");
  }
  auto reader = internal::FrameReader::Open(source);
  if (!reader) return reader.error();
  internal::FrameReader& frames = **reader;
  auto skipped = frames.SkipTo(first_frame);
  if (!skipped) return skipped.error();

  auto writer = internal::VideoWriter::Open(
      destination, {frames.width(), frames.height(), frames.frame_rate()}, options.encode, false);
  if (!writer) return writer.error();
  internal::FramePtr last = internal::NewFrame();  // the latest source frame, for padding past the end
  for (std::int64_t written = 0; written < frame_count; ++written) {
    auto frame = frames.Next();
    if (!frame) return frame.error();
    if (*frame != nullptr) {
      av_frame_unref(last.get());
      av_frame_ref(last.get(), *frame);
    } else if (last->data[0] == nullptr) {
      return BadInput(source, "has " + std::to_string(frames.frames_read()) +
                                  " frames; a cut cannot start at frame " + std::to_string(first_frame));
    } else if (options.past_end == PastEnd::kError) {
      return BadInput(source, "has " + std::to_string(frames.frames_read()) + " frames; frames " +
                                  std::to_string(first_frame) + " to " +
                                  std::to_string(first_frame + frame_count - 1) +
                                  " run past its end (PastEnd::kRepeatLastFrame pads with the final frame)");
    }
    auto encoded = (*writer)->WriteVideo(*last);
    if (!encoded) return encoded.error();
  }
  return (*writer)->Finish();
}

}  // namespace fal::media
