#pragma once
/// @file
/// fal::ltx::RenderLongClip: render-to-real for a clip longer than the budget (720p: 145 frames, 480p:
/// 361). The clip is cut into segments that fit (fal/ltx/long_clip_plan.hpp), each segment is rendered,
/// and the outputs are stitched back into one video with exactly the source's frames, frame rate and audio.
/// Part of falcpp::media (it cuts and joins video with FFmpeg). docs/long-clips.md says how and when.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fal/cancellation.hpp"
#include "fal/client.hpp"
#include "fal/clip_info.hpp"
#include "fal/ltx/cost.hpp"
#include "fal/ltx/long_clip_plan.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "fal/media_export.hpp"

namespace fal::ltx {

/// How the segments run.
enum class SplitMode {
  /// One after another: each later segment gets the previous output's last frame (the photoreal version of
  /// its own first frame) as image_url, so the look carries across the cut. Slower: n times one job.
  kChained,
  /// All at once: about the time of one job, but each segment finds its own look (seams may show).
  kParallel,
};

/// "chained" or "parallel".
FALCPP_MEDIA_EXPORT const char* ToString(SplitMode mode);
/// Parses "chained" or "parallel"; kInvalidArgument otherwise.
FALCPP_MEDIA_EXPORT Result<SplitMode> ParseSplitMode(const std::string& text);

/// Where a segment is.
enum class SegmentState {
  kWaiting,      ///< Not started (a chained segment waits for the one before).
  kDone,         ///< Its output is downloaded (this run or an earlier one).
  kPreparing,    ///< Cutting its frames and uploading them.
  kSubmitted,    ///< Sent; its request id is in the state file.
  kInQueue,      ///< On fal, queued.
  kInProgress,   ///< On fal, running.
  kDownloading,  ///< Fetching its output.
  kRetrying,     ///< Its job failed on fal; sent again.
  kFailed,       ///< Given up in this run (a later run with the same arguments tries it again).
};

/// "waiting", "done", "preparing", "submitted", "in_queue", "in_progress", "downloading", "retrying",
/// "failed".
FALCPP_MEDIA_EXPORT const char* ToString(SegmentState state);

/// A segment's change of state, for progress displays.
struct FALCPP_MEDIA_EXPORT SegmentUpdate {
  ClipSegment segment;                          ///< Which one.
  std::size_t count = 0;                        ///< Segments in the clip.
  SegmentState state = SegmentState::kWaiting;  ///< Where it is now.
  std::string request_id;                       ///< fal's request id, once submitted.
  int attempt = 0;                              ///< 1 for the first submit of this run, 2 for its retry...
  bool resumed = false;  ///< The request id comes from the state file (an earlier run paid for it).
  std::string message;   ///< The error, for kRetrying and kFailed.
};

/// Options of RenderLongClip.
///
/// @par Thread safety
/// A plain value; the callbacks run on the run's own threads, one at a time.
struct FALCPP_MEDIA_EXPORT LongClipOptions {
  SplitMode mode = SplitMode::kChained;  ///< See SplitMode.
  /// The state file. Empty: "<output>.split.json" beside the output. Removed once the output is written.
  std::string state_path;
  /// Folder for the segments' cuts, outputs and frames. Empty: "<output>.parts" beside the output. Removed
  /// once the output is written unless keep_parts.
  std::string parts_dir;
  bool keep_parts = false;  ///< Keep parts_dir after success (the segments' own outputs, for inspection).
  /// Submits per segment in this run: a segment whose job fails on fal (kJobFailed) is sent again, alone,
  /// until this many tries. Other errors stop the segment at once (a later run resumes it).
  int attempts_per_segment = 2;
  std::size_t max_in_flight = 16;  ///< kParallel: segments running at once.
  /// Refuse, before anything is uploaded or sent, when the estimate of all segments together is above it
  /// (or cannot be made).
  std::optional<double> max_cost_usd;
  PriceTable prices = PriceTable::Default();  ///< For the estimate.
  SubmitOptions submit;                       ///< For every segment's submit (upload included).
  WaitOptions wait;  ///< For every segment's wait; its on_update and cancel are replaced (below).
  /// Stops the run: no more submits, waits end. Jobs in flight go on on fal; a later run with the same
  /// arguments resumes them from the state file.
  CancellationToken cancel;
  /// Each segment's change of state (see SegmentUpdate).
  std::function<void(const SegmentUpdate&)> on_segment;
};

/// What a long clip would send, without sending anything: the plan, each segment's body, the cost.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_MEDIA_EXPORT LongClipPreview {
  ClipInfo source;                  ///< The probed source.
  LongClipPlan plan;                ///< The cut.
  std::vector<std::string> bodies;  ///< One JSON body per segment (files to upload as placeholders).
  std::vector<CostEstimate> costs;  ///< One estimate per segment body.
  CostEstimate total;               ///< Their sum; unknown when any is.
};

/// What RenderLongClip did.
struct FALCPP_MEDIA_EXPORT LongClipResult {
  ClipInfo output;                       ///< The written output, probed.
  LongClipPreview preview;               ///< The plan and cost it ran.
  std::vector<std::string> request_ids;  ///< Each segment's request id, in order.
  std::size_t submitted = 0;             ///< Submits made by this run (retries included).
  std::size_t resumed = 0;               ///< Segments taken from the state file (done or in flight).
};

/// Probes `input.video_url` (a local file) and plans the run: for dry runs and cost checks. The segment
/// bodies are those RenderLongClip sends: `num_frames` per segment, `frames_per_second` the source's rate,
/// `generate_audio` false unless the input sets it, `image_url` on later chained segments.
/// Errors: kInvalidArgument when video_url is not a local file, cannot be probed, or the input does not
/// validate (num_frames must be unset: the plan sets it per segment).
FALCPP_MEDIA_EXPORT Result<LongClipPreview> PreviewLongClip(const RenderToRealInput& input,
                                                            const LongClipOptions& options = {});

/// Renders a local clip of any length with render-to-real and writes one video to `output_path`: the
/// source's frame count and frame rate, and the source's audio when it has one. Blocks until done.
///
/// Segments are cut from the source, uploaded, submitted and downloaded one by one (kChained) or together
/// (kParallel). Each request id is written to the state file as soon as fal gives it, and each finished
/// segment too, so a run that stops (an error, Ctrl-C, a crash) and is started again with the same
/// arguments resumes: done segments are not sent again and segments in flight are waited for, not paid
/// for twice. A state file from a run with other arguments is an error (remove it to start over).
///
/// Errors: those of PreviewLongClip; kInvalidArgument when the estimate is over options.max_cost_usd;
/// a segment's submit, wait or download error (with the segment named; earlier segments stay done);
/// kCancelled; kInternal when the stitched output does not have the source's frame count.
///
/// @code
/// fal::ltx::RenderToRealInput input;
/// input.video_url = fal::File::FromPath("shot_20s.mp4");
/// input.prompt = "3DREAL. A harbor at dawn.";
/// fal::ltx::LongClipOptions options;
/// options.mode = fal::ltx::SplitMode::kChained;
/// auto done = fal::ltx::RenderLongClip(client, input, "shot_20s_real.mp4", options);
/// @endcode
FALCPP_MEDIA_EXPORT Result<LongClipResult> RenderLongClip(const Client& client,
                                                          const RenderToRealInput& input,
                                                          const std::string& output_path,
                                                          LongClipOptions options = {});

}  // namespace fal::ltx
