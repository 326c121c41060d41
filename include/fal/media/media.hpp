#pragma once
/// @file
/// falcpp::media: local video files, read and written through FFmpeg's libraries (libavformat,
/// libavcodec, libswscale, libavutil). Probe a clip, cut an exact frame range, take one frame as a PNG,
/// concatenate clips, put another file's audio under a video, and write test clips whose every frame
/// carries its own number. An optional component: the core library never links it (docs/media.md).
///
/// Conventions for every call here:
/// - A frame index counts the frames a decoder presents, in display order, from 0.
/// - Nothing throws; a failure is a fal::Error whose message names the file and what is wrong with it.
///   A missing, unreadable, truncated or non-video input, or an impossible range, is kInvalidArgument; a
///   destination that cannot be written is kUnavailable; an FFmpeg failure while encoding is kInternal.
/// - Outputs are MP4 files: H.264 (libx264) when FFmpeg has it, MPEG-4 Part 2 otherwise; audio AAC.
///   A destination is overwritten; a call that fails leaves none behind. Video is streamed: at most a few
///   frames (and the decoder's reference frames) are held in memory, never a whole video.
/// - Every call but QuietFfmpegLog is safe to run from many threads at once on different files.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fal/clip_info.hpp"
#include "fal/media_export.hpp"
#include "fal/result.hpp"

namespace fal::media {

/// FFmpeg writes notes to stderr (an encoder's banner, a demuxer's complaint about a damaged file) at a
/// level that is process-wide, so falcpp leaves it alone unless asked: quiet true keeps FFmpeg's errors
/// only, false restores FFmpeg's default (info). A program (a command line tool, a server) calls it once at
/// start; a library should leave the choice to its program.
///
/// @par Thread safety
/// Sets a process-wide value; call it before starting threads that use FFmpeg.
FALCPP_MEDIA_EXPORT void QuietFfmpegLog(bool quiet = true);

/// Reads a local video's ClipInfo: size, frame count, frame rate, duration, codec, audio. Counts the
/// frames by reading the packets when the container has no trustworthy count. A ClipProbe:
/// `options.clip_probe = fal::media::Probe;`.
///
/// @returns kInvalidArgument when the file is missing, is not a video (an image, say), has no video
///   stream, or is truncated or damaged (the message says which).
///
/// @code
/// fal::Result<fal::ClipInfo> clip = fal::media::Probe("shot.mp4");
/// if (clip) std::cout << clip->frame_count << " frames at " << clip->FramesPerSecond() << " fps\n";
/// @endcode
FALCPP_MEDIA_EXPORT Result<ClipInfo> Probe(const std::string& path);

/// How outputs are encoded.
struct EncodeOptions {
  /// An FFmpeg video encoder's name ("libx264", "mpeg4"); empty: libx264 when available, else mpeg4.
  std::string video_encoder;
  /// Quality as x264's constant rate factor (0 lossless .. 51 worst; 18 looks lossless). Other encoders
  /// get a comparable fixed quantiser.
  int crf = 18;
  /// libx264's speed preset, "ultrafast" to "veryslow" (faster: bigger files at the same quality);
  /// ignored by other encoders.
  std::string preset = "veryfast";
};

/// What happens when a cut asks for frames past the source's end.
enum class PastEnd {
  kRepeatLastFrame,  ///< The missing frames repeat the source's final frame (a long clip's last segment).
  kError,            ///< The cut fails with kInvalidArgument and writes nothing.
};

/// Options of CutFrames.
struct CutOptions {
  PastEnd past_end = PastEnd::kRepeatLastFrame;  ///< Frames past the source's end.
  EncodeOptions encode;                          ///< How the cut is encoded.
};

/// What a call wrote.
struct WrittenClip {
  ClipInfo clip;               ///< The destination, as written (the same values Probe would read).
  bool stream_copied = false;  ///< True when the video packets were copied, not decoded and encoded.
};

/// Writes frames [first_frame, first_frame + frame_count) of source to destination, frame-exact, at the
/// source's size and frame rate. Always re-encodes (a cut is exact wherever it falls, keyframe or not).
/// The destination has no audio (MuxAudio adds it). Frames past the source's end follow options.past_end:
/// by default they repeat the final frame, so a 10-frame source cut at (8, 5) gives frames 8, 9, 9, 9, 9.
///
/// @returns kInvalidArgument when the source cannot be read, first_frame is negative or at/after the
///   source's end, or frame_count is below 1 (or the range runs past the end with PastEnd::kError).
FALCPP_MEDIA_EXPORT Result<WrittenClip> CutFrames(const std::string& source, std::int64_t first_frame,
                                                  std::int64_t frame_count, const std::string& destination,
                                                  const CutOptions& options = {});

/// The frame index that means "the source's last frame", for ExtractFrame.
inline constexpr std::int64_t kLastFrame = -1;

/// Writes one frame of source as a PNG image (RGB, the video's size). frame_index kLastFrame (-1) takes the
/// final frame, which a chained long clip sends as the next segment's image_url.
///
/// @returns kInvalidArgument when the source cannot be read or has no frame frame_index.
FALCPP_MEDIA_EXPORT Result<void> ExtractFrame(const std::string& source, std::int64_t frame_index,
                                              const std::string& destination_png);

/// One input of Concat: a file and the frames of it to keep.
struct ConcatPart {
  ConcatPart() = default;
  /// A part: {path} is the whole file, {path, 1} all but its first frame, {path, 1, 24} frames 1 to 24.
  ConcatPart(std::string part_path, std::int64_t first = 0, std::optional<std::int64_t> count = std::nullopt)
      : path(std::move(part_path)), first_frame(first), frame_count(count) {}

  std::string path;                         ///< A local video file.
  std::int64_t first_frame = 0;             ///< The first frame kept.
  std::optional<std::int64_t> frame_count;  ///< Frames kept from first_frame; unset: to the end.
};

/// Options of Concat.
struct ConcatOptions {
  /// Copy the packets, without decoding, when every part is taken whole and all parts have the same
  /// codec parameters (codec, size, pixel format, frame rate, codec headers). False: always re-encode.
  bool allow_stream_copy = true;
  EncodeOptions encode;  ///< How a re-encode encodes.
};

/// Writes the parts' frames one after another to destination: video only (audio is dropped; MuxAudio adds
/// a track). Stream copy when ConcatOptions allows it (WrittenClip::stream_copied says which happened);
/// otherwise every kept frame is decoded and encoded, scaled to the first part's size when a later part
/// differs, at the first part's frame rate. A long clip's stitcher keeps {segment, 1, n - 1} of each later
/// segment (its first frame repeats the previous segment's last) and trims the last one's padding.
///
/// @returns kInvalidArgument when parts is empty, a part cannot be read, or a range is outside its file.
FALCPP_MEDIA_EXPORT Result<WrittenClip> Concat(const std::vector<ConcatPart>& parts,
                                               const std::string& destination,
                                               const ConcatOptions& options = {});

/// Writes video's frames (stream copied, untouched) with the first audio track of audio_source, which
/// starts with the video and is trimmed to the video's duration: audio packets that start at or after the
/// video's end are dropped (the last one kept may run past the end by less than one audio frame, about
/// 21 ms for AAC). The audio is copied when MP4 can hold its codec (AAC, MP3, Opus, AC-3, FLAC, ALAC).
///
/// @returns kInvalidArgument when a file cannot be read, video has no video stream, audio_source has no
///   audio stream, or the audio codec cannot go in an MP4 without re-encoding (the message names it).
FALCPP_MEDIA_EXPORT Result<WrittenClip> MuxAudio(const std::string& video, const std::string& audio_source,
                                                 const std::string& destination);

/// A test clip: a still gradient with a moving square, whose every frame carries its number (the frame
/// code, see ReadFrameNumbers), with an optional tone.
struct TestClipSpec {
  int width = 320;                 ///< Even, at least 128.
  int height = 180;                ///< Even, at least 64.
  std::int64_t frame_count = 48;   ///< At least 1.
  int frame_rate_numerator = 24;   ///< The frame rate as a fraction.
  int frame_rate_denominator = 1;  ///< At least 1.
  bool with_audio = false;         ///< Add an AAC stereo tone (48 kHz) as long as the video.
  std::int64_t first_number = 0;   ///< The number the first frame carries; frame i carries first_number + i.
  EncodeOptions encode;            ///< How the clip is encoded.
};

/// Writes a test clip for tests, benchmarks and fal-emulator: frame i carries the number
/// spec.first_number + i in the frame code, a band across the top twelfth of the picture made of 24 equal
/// black and white blocks (a white and a black reference block, 21 bits of the number, most significant
/// first, and an even-parity bit). The code survives H.264 compression, scaling that keeps the band's
/// share of the picture, and a colour grade.
///
/// @returns kInvalidArgument when the spec is out of range; kUnavailable when destination cannot be
///   written.
FALCPP_MEDIA_EXPORT Result<WrittenClip> WriteTestClip(const std::string& destination,
                                                      const TestClipSpec& spec);

/// The number a frame without a readable frame code gives in ReadFrameNumbers.
inline constexpr std::int64_t kNoFrameNumber = -1;

/// Decodes path and reads each frame's code (see WriteTestClip): the numbers in display order, one per
/// frame, kNoFrameNumber for a frame whose code cannot be read (no code, or a parity error). Holds only
/// the numbers, never the frames.
///
/// @returns kInvalidArgument when path cannot be read as a video.
FALCPP_MEDIA_EXPORT Result<std::vector<std::int64_t>> ReadFrameNumbers(const std::string& path);

/// The rows at the top of a picture of the given height that hold the frame code (height / 12, at least
/// 1): a program that changes frames (fal-emulator's grade) and wants them to stay readable leaves these.
FALCPP_MEDIA_EXPORT int FrameCodeRows(int height);

/// One picture in memory: 8-bit RGB, rows top to bottom, 3 bytes a pixel, no padding between rows.
struct RgbImage {
  int width = 0;                     ///< Pixels.
  int height = 0;                    ///< Pixels.
  std::vector<std::uint8_t> pixels;  ///< width * height * 3 bytes: R, G, B of each pixel.
};

/// Reads an image file (PNG, JPEG, WebP, ... whatever FFmpeg decodes; or a video's first frame) as RGB,
/// scaled to width x height when both are above 0 (the aspect is not kept), its own size otherwise.
///
/// @returns kInvalidArgument when the file cannot be read as an image.
FALCPP_MEDIA_EXPORT Result<RgbImage> ReadImage(const std::string& path, int width = 0, int height = 0);

/// What RewriteClip writes.
struct RewriteSpec {
  /// A local video whose frames are rewritten; empty: the test pattern of WriteTestClip (frame i carries
  /// the number i).
  std::string source;
  int width = 0;                   ///< The output's size, even, at least 16x16; the source is scaled to it.
  int height = 0;                  ///< Pixels.
  std::int64_t frame_count = 0;    ///< Frame i is the source's frame i; past its end, its final frame.
  int frame_rate_numerator = 24;   ///< The output's frame rate (the source's frames are not resampled).
  int frame_rate_denominator = 1;  ///< At least 1.
  /// Called once per output frame, in order, with the frame's index and its pixels (already scaled);
  /// may change the pixels but not the size. Returning false stops the rewrite (kCancelled; the
  /// destination is deleted). Empty: frames are kept as they are.
  std::function<bool(std::int64_t index, RgbImage& frame)> edit_frame;
  EncodeOptions encode;  ///< How the output is encoded.
};

/// Writes spec.frame_count frames to destination (MP4, video only): the source's frames (or the test
/// pattern) scaled to the spec's size, each passed through spec.edit_frame. Frames are decoded, edited
/// and encoded one at a time. fal-emulator makes its output videos with it.
///
/// @returns kInvalidArgument when the spec is out of range or the source cannot be read; kCancelled when
///   edit_frame returned false.
FALCPP_MEDIA_EXPORT Result<WrittenClip> RewriteClip(const std::string& destination, const RewriteSpec& spec);

}  // namespace fal::media
