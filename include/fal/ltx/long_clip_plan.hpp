#pragma once
/// @file
/// How a clip longer than render-to-real's budget is cut into segments that each fit it: the pure planning
/// step of fal::ltx::RenderLongClip (fal/ltx/long_clip.hpp, in falcpp::media). No I/O; part of the core
/// library so that a dry run can show the plan without FFmpeg.

#include <cstdint>
#include <string>
#include <vector>

#include "fal/export.hpp"
#include "fal/ltx/enums.hpp"
#include "fal/result.hpp"

namespace fal::ltx {

/// One segment of a long clip: a range of the source's frames, sent as a request of `num_frames` frames.
///
/// Consecutive segments share one frame: a segment starts on the previous one's last frame, so that a
/// chained run can hand the previous output's last frame on as the next one's `image_url`. When the
/// outputs are stitched, that shared frame is kept once (from the earlier segment), and the padding at the
/// end of the last segment is dropped.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT ClipSegment {
  int index = 0;                 ///< 0-based position in the clip.
  std::int64_t first_frame = 0;  ///< The source's frame that is this segment's frame 0.
  std::int64_t source_frames =
      0;               ///< Source frames the segment covers: first_frame .. first_frame + this - 1.
  int num_frames = 0;  ///< Frames requested: source_frames rounded up to 8k+1 (at least 9).
  /// Frames at the start of this segment's output that the stitch drops: 1 (the frame shared with the
  /// previous segment) for every segment but the first.
  int drop_first = 0;

  /// Frames repeated at the end to reach num_frames (the source's last frame again); trimmed after.
  int padding() const { return static_cast<int>(num_frames - source_frames); }
  /// Frames of this segment's output that end up in the result.
  std::int64_t kept_frames() const { return source_frames - drop_first; }
};

/// The cut of a whole clip.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_EXPORT LongClipPlan {
  std::int64_t source_frames = 0;     ///< Frames of the source.
  int max_segment_frames = 0;         ///< The longest segment the budget allows (8k+1).
  std::vector<ClipSegment> segments;  ///< In order; at least one.

  /// Frames sent in all (what is paid for): the sum of num_frames.
  std::int64_t requested_frames() const;
  /// One line per segment, for dry runs and logs: "segment 2/4: source frames 144..288 (145 frames)".
  std::string Describe() const;
};

/// Cuts a clip of `source_frames` frames into segments of at most `max_segment_frames` frames (snapped
/// down to 8k+1, at least 9): every segment but the last as long as allowed, each starting on the previous
/// one's last frame. A clip that fits is one segment. Errors: kInvalidArgument for source_frames < 1 or
/// max_segment_frames < 9.
FALCPP_EXPORT Result<LongClipPlan> PlanLongClip(std::int64_t source_frames, int max_segment_frames);

/// PlanLongClip with render-to-real's budget at `resolution` (720p: 145 frames, 480p: 361).
FALCPP_EXPORT Result<LongClipPlan> PlanLongClip(std::int64_t source_frames, RenderResolution resolution);

}  // namespace fal::ltx
