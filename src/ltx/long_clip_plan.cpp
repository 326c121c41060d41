// The segment plan of a long clip. The arithmetic: a segment of L frames (8k+1) advances the clip by L - 1
// frames, since the next one starts on its last frame; so N frames take ceil((N - 1) / (L - 1)) segments
// (one when N <= L), and only the last one can be short, padded up to the next 8k+1.
#include "fal/ltx/long_clip_plan.hpp"

#include <algorithm>

#include "fal/ltx/frame_budget.hpp"

namespace fal::ltx {
namespace {

constexpr int kMinFrames = 9;  // render-to-real's num_frames minimum

// The smallest 8k+1 count >= n, and at least the endpoint's minimum.
int CeilToFrameGrid(std::int64_t n) {
  const std::int64_t snapped = n <= 1 ? 1 : ((n - 1 + 7) / 8) * 8 + 1;
  return static_cast<int>(std::max<std::int64_t>(snapped, kMinFrames));
}

}  // namespace

std::int64_t LongClipPlan::requested_frames() const {
  std::int64_t total = 0;
  for (const ClipSegment& s : segments) total += s.num_frames;
  return total;
}

std::string LongClipPlan::Describe() const {
  std::string out;
  const std::string count = std::to_string(segments.size());
  for (const ClipSegment& s : segments) {
    out += "segment " + std::to_string(s.index + 1) + "/" + count + ": source frames " +
           std::to_string(s.first_frame) + ".." + std::to_string(s.first_frame + s.source_frames - 1) + " (" +
           std::to_string(s.num_frames) + " frames";
    if (s.padding() > 0) out += ", the last " + std::to_string(s.padding()) + " repeated and trimmed after";
    out += ")\n";
  }
  return out;
}

Result<LongClipPlan> PlanLongClip(std::int64_t source_frames, int max_segment_frames) {
  if (source_frames < 1) {
    return Error(ErrorCode::kInvalidArgument, "the clip has " + std::to_string(source_frames) +
                                                  " frames: a clip to split needs at least 1");
  }
  if (max_segment_frames < kMinFrames) {
    return Error(ErrorCode::kInvalidArgument, "a segment of at most " + std::to_string(max_segment_frames) +
                                                  " frames is below render-to-real's minimum of 9 frames");
  }
  LongClipPlan plan;
  plan.source_frames = source_frames;
  plan.max_segment_frames = ((max_segment_frames - 1) / 8) * 8 + 1;
  const std::int64_t step = plan.max_segment_frames - 1;
  std::int64_t first = 0;
  for (int index = 0;; ++index) {
    ClipSegment s;
    s.index = index;
    s.first_frame = first;
    s.source_frames = std::min<std::int64_t>(plan.max_segment_frames, source_frames - first);
    s.num_frames = CeilToFrameGrid(s.source_frames);
    s.drop_first = index == 0 ? 0 : 1;
    plan.segments.push_back(s);
    if (first + s.source_frames >= source_frames) break;
    first += step;
  }
  return plan;
}

Result<LongClipPlan> PlanLongClip(std::int64_t source_frames, RenderResolution resolution) {
  return PlanLongClip(source_frames, RenderToRealMaxFrames(resolution));
}

}  // namespace fal::ltx
