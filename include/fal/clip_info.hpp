#pragma once
/// @file
/// What a local video clip is (size, frames, rate, audio), and the hook that reads it. The core library
/// only defines the shape: reading a real file needs FFmpeg, which lives in the optional component
/// falcpp::media (fal/media/media.hpp provides fal::media::Probe, a ClipProbe). Without a probe, the
/// client does not know a local clip and validates requests as before.

#include <cstdint>
#include <functional>
#include <string>

#include "fal/export.hpp"
#include "fal/result.hpp"

namespace fal {

/// A video clip's properties, as a probe read them from the file.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT ClipInfo {
  int width = 0;                   ///< Pixels of the video stream's coded picture.
  int height = 0;                  ///< Pixels.
  std::int64_t frame_count = 0;    ///< Frames in the video stream (counted when the container has no count).
  int frame_rate_numerator = 0;    ///< The frame rate as a fraction: 24000/1001 for 23.976 fps.
  int frame_rate_denominator = 1;  ///< Never 0 in a probed clip.
  double duration_seconds = 0;     ///< The video stream's duration.
  std::string video_codec;         ///< FFmpeg's codec name, e.g. "h264".
  bool has_audio = false;          ///< The file has at least one audio stream.

  /// The frame rate as a number (0 when unknown).
  double FramesPerSecond() const {
    return frame_rate_denominator == 0 ? 0.0
                                       : static_cast<double>(frame_rate_numerator) / frame_rate_denominator;
  }
};

/// Reads a local video file's ClipInfo. Must not throw; a file that is missing, not a video or damaged
/// gives an Error that says which file and what is wrong with it.
using ClipProbe = std::function<Result<ClipInfo>(const std::string& local_path)>;

}  // namespace fal
