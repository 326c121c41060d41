// RenderLongClip: probe, plan, then per segment cut -> upload -> submit -> wait -> download, recording each
// step in the state file (split_state.hpp) so that a later run resumes; then stitch (drop the shared first
// frame of every later segment and the last one's padding), put the source's audio back, and check the
// frame count. One segment's work is RunSegment; chained runs call it in order, parallel runs on threads.
#include "fal/ltx/long_clip.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <thread>

#include "fal/ltx/defaults.hpp"
#include "fal/ltx/frame_budget.hpp"
#include "fal/media/media.hpp"
#include "long_clip/split_state.hpp"

namespace fal::ltx {
namespace {

namespace fs = std::filesystem;
using long_clip::SegmentRecord;
using long_clip::SplitState;

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

std::string Two(int index) { return (index < 9 ? "0" : "") + std::to_string(index + 1); }

// The request fields every segment shares: the caller's input with the clip's rate and, unless asked for,
// no generated audio (it would jump at every cut; the source's own audio is put back instead).
Result<RenderToRealInput> SegmentBase(const RenderToRealInput& input, const ClipInfo& source) {
  if (input.num_frames) {
    return Invalid("num_frames=" + std::to_string(*input.num_frames) +
                   " is set, but a split run sets it per segment from the clip: leave it unset");
  }
  const double fps = source.FramesPerSecond();
  if (input.frames_per_second && std::abs(*input.frames_per_second - fps) > 1e-6) {
    return Invalid("frames_per_second is set to a rate other than the clip's (" + std::to_string(fps) +
                   " fps), but the result keeps the clip's own frame rate: leave it unset");
  }
  RenderToRealInput base = input;
  base.frames_per_second = fps;
  if (!base.generate_audio) base.generate_audio = false;
  if (base.sync_mode.value_or(false))
    return Invalid("sync_mode=true does not suit a split run: leave it unset");
  EndpointTraits<RenderToRealInput>::Finalize(base);
  return base;
}

// The body segment `s` sends, with its files still local.
RenderToRealInput SegmentInput(const RenderToRealInput& base, const ClipSegment& s, File video,
                               std::optional<File> first_frame) {
  RenderToRealInput in = base;
  in.video_url = std::move(video);
  in.num_frames = s.num_frames;
  if (first_frame) in.image_url = std::move(*first_frame);
  return in;
}

std::string PathOf(const fs::path& p) { return p.u8string(); }

class Run {
 public:
  Run(const Client& client, LongClipOptions options, LongClipPreview preview, RenderToRealInput base,
      std::string source, std::string output, SplitState state)
      : client_(client),
        options_(std::move(options)),
        preview_(std::move(preview)),
        base_(std::move(base)),
        source_(std::move(source)),
        output_(std::move(output)),
        state_(std::move(state)),
        parts_(fs::u8path(options_.parts_dir)) {
    result_.request_ids.resize(preview_.plan.segments.size());
  }

  Result<LongClipResult> Go() {
    std::error_code ec;
    fs::create_directories(parts_, ec);
    if (ec)
      return Error(ErrorCode::kUnavailable,
                   "cannot make the parts folder " + PathOf(parts_) + ": " + ec.message());
    const auto& segments = preview_.plan.segments;
    for (const ClipSegment& s : segments) {
      const SegmentRecord r = state_.Get(s.index);
      if (r.done || !r.request_id.empty()) ++result_.resumed;
      Report(s, r.done ? SegmentState::kDone : SegmentState::kWaiting, r.request_id, 0,
             !r.request_id.empty());
    }
    Result<void> ran = options_.mode == SplitMode::kChained ? RunChained() : RunParallel();
    if (!ran) return ran.error();
    if (Result<void> ok = Stitch(); !ok) return ok.error();
    result_.preview = preview_;
    state_.Remove();
    if (!options_.keep_parts) fs::remove_all(parts_, ec);
    return std::move(result_);
  }

 private:
  fs::path Part(const ClipSegment& s, const char* what) const {
    return parts_ / fs::u8path("segment-" + Two(s.index) + what);
  }

  void Report(const ClipSegment& s, SegmentState state, const std::string& request_id, int attempt,
              bool resumed = false, std::string message = "") {
    if (!options_.on_segment) return;
    SegmentUpdate u{
        s, preview_.plan.segments.size(), state, request_id, attempt, resumed, std::move(message)};
    std::lock_guard<std::mutex> lock(report_mu_);
    options_.on_segment(u);
  }

  Result<void> RunChained() {
    for (const ClipSegment& s : preview_.plan.segments) {
      if (Result<void> ok = RunSegment(s); !ok) return ok;
    }
    return {};
  }

  Result<void> RunParallel() {
    const auto& segments = preview_.plan.segments;
    std::atomic<std::size_t> next{0};
    std::mutex mu;
    std::optional<Error> first_error;
    auto worker = [&] {
      for (std::size_t i = next++; i < segments.size(); i = next++) {
        Result<void> ok = RunSegment(segments[i]);
        std::lock_guard<std::mutex> lock(mu);
        if (!ok && !first_error) first_error = ok.error();
      }
    };
    const std::size_t threads = std::max<std::size_t>(1, std::min(options_.max_in_flight, segments.size()));
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
    if (first_error) return *first_error;
    return {};
  }

  // The first frame a chained segment is anchored to: the previous output's last frame (the photoreal
  // version of this segment's first frame); the caller's own image_url for the first segment.
  Result<std::optional<File>> FirstFrame(const ClipSegment& s) {
    if (options_.mode != SplitMode::kChained || s.index == 0) return std::optional<File>();
    const fs::path png = Part(s, ".first.png");
    const ClipSegment& previous = preview_.plan.segments[s.index - 1];
    if (Result<void> ok =
            media::ExtractFrame(PathOf(Part(previous, ".out.mp4")), media::kLastFrame, PathOf(png));
        !ok) {
      return ok.error();
    }
    return std::optional<File>(File::FromPath(png, "image/png"));
  }

  Result<void> RunSegment(const ClipSegment& s) {
    const std::string name =
        "segment " + std::to_string(s.index + 1) + "/" + std::to_string(preview_.plan.segments.size());
    auto fail = [&](const Error& e, const std::string& request_id) {
      Report(s, SegmentState::kFailed, request_id, 0, false, e.message());
      Error named(e.code(), name + ": " + e.message());
      return named.WithRequestId(request_id.empty() ? e.request_id() : request_id);
    };
    SegmentRecord record = state_.Get(s.index);
    const fs::path out = Part(s, ".out.mp4");
    std::error_code ec;
    if (record.done && fs::exists(out, ec)) {
      result_.request_ids[s.index] = record.request_id;
      return {};
    }
    OutputFile video;
    if (record.done && !record.output_url.empty()) {
      video.url = record.output_url;  // downloaded before, but the part is gone: fetch it again
    } else {
      for (int attempt = 1;; ++attempt) {
        const bool resumed = !record.request_id.empty();
        if (options_.cancel.IsCancelled())
          return fail(Error(ErrorCode::kCancelled, "cancelled"), record.request_id);
        Result<TypedJob<RenderToRealOutput>> job =
            resumed ? client_.Job<RenderToRealInput>(record.request_id) : Submit(s, attempt);
        if (!job) return fail(job.error(), record.request_id);
        if (!resumed) {
          record.request_id = job->request_id();
          if (Result<void> ok = state_.Set(s.index, record); !ok) return fail(ok.error(), record.request_id);
        }
        result_.request_ids[s.index] = record.request_id;
        Report(s, SegmentState::kSubmitted, record.request_id, attempt, resumed);
        WaitOptions wait = options_.wait;
        wait.cancel = options_.cancel;
        wait.on_update = [this, s, id = record.request_id, attempt, resumed](const JobStatus& st) {
          if (st.state == JobState::kInQueue) Report(s, SegmentState::kInQueue, id, attempt, resumed);
          if (st.state == JobState::kInProgress) Report(s, SegmentState::kInProgress, id, attempt, resumed);
        };
        Result<RenderToRealOutput> output = job->Wait(std::move(wait));
        if (output) {
          video = output->video;
          break;
        }
        if (resumed && output.error().code() == ErrorCode::kNotFound) {
          // Never resubmitted on its own: fal may have the job under another key or host (FAL_BASE_URL).
          return fail(Error(ErrorCode::kNotFound, "request " + record.request_id + " from the state file " +
                                                      state_.path() +
                                                      " is unknown to fal (another key or server?): run "
                                                      "against the server that ran it, or remove the state "
                                                      "file to start over"),
                      record.request_id);
        }
        if (output.error().code() != ErrorCode::kJobFailed) return fail(output.error(), record.request_id);
        // The job ran and failed on fal: nothing of it is left to resume, so a later try submits afresh.
        record.request_id.clear();
        if (Result<void> ok = state_.Set(s.index, record); !ok) return fail(ok.error(), "");
        if (attempt >= options_.attempts_per_segment)
          return fail(output.error(), output.error().request_id());
        Report(s, SegmentState::kRetrying, output.error().request_id(), attempt, false,
               output.error().message());
      }
    }
    Report(s, SegmentState::kDownloading, record.request_id, 0);
    DownloadOptions download;
    download.overwrite = true;
    download.call.cancel = options_.cancel;
    if (Result<std::uint64_t> got = client_.Storage().Download(video, out, download); !got) {
      return fail(got.error(), record.request_id);
    }
    // fal may deliver fewer frames than asked; the stitch needs every frame the plan keeps.
    Result<ClipInfo> clip = media::Probe(PathOf(out));
    if (!clip) return fail(clip.error(), record.request_id);
    if (clip->frame_count < s.source_frames) {
      return fail(Error(ErrorCode::kMalformedResponse,
                        "the output has " + std::to_string(clip->frame_count) + " frames, fewer than the " +
                            std::to_string(s.source_frames) + " the segment covers"),
                  record.request_id);
    }
    record.done = true;
    record.output_url = video.url;
    if (Result<void> ok = state_.Set(s.index, record); !ok) return fail(ok.error(), record.request_id);
    Report(s, SegmentState::kDone, record.request_id, 0);
    return {};
  }

  // Cuts the segment's frames (the last one padded with the source's final frame), uploads and submits.
  Result<TypedJob<RenderToRealOutput>> Submit(const ClipSegment& s, int attempt) {
    Report(s, SegmentState::kPreparing, "", attempt);
    const fs::path cut = Part(s, ".in.mp4");
    {
      // One cut at a time, even in a parallel run: the encoder already uses every core, and each one at work
      // holds tens of MB (the uploads and waits still overlap).
      std::lock_guard<std::mutex> one_encoder(encode_mu_);
      if (Result<media::WrittenClip> ok = media::CutFrames(source_, s.first_frame, s.num_frames, PathOf(cut));
          !ok) {
        return ok.error();
      }
    }
    Result<std::optional<File>> first = FirstFrame(s);
    if (!first) return first.error();
    SubmitOptions submit = options_.submit;
    submit.call.cancel = options_.cancel;
    {
      std::lock_guard<std::mutex> count(count_mu_);
      ++result_.submitted;
    }
    return client_.Submit(SegmentInput(base_, s, File::FromPath(cut, "video/mp4"), std::move(*first)),
                          submit);
  }

  Result<void> Stitch() {
    std::vector<media::ConcatPart> parts;
    for (const ClipSegment& s : preview_.plan.segments) {
      parts.push_back(media::ConcatPart{PathOf(Part(s, ".out.mp4")), s.drop_first, s.kept_frames()});
    }
    const bool audio = preview_.source.has_audio;
    const fs::path joined = parts_ / (audio ? "joined.mp4" : "output.mp4");
    if (Result<media::WrittenClip> ok = media::Concat(parts, PathOf(joined)); !ok) return ok.error();
    if (audio) {
      if (Result<media::WrittenClip> ok =
              media::MuxAudio(PathOf(joined), source_, PathOf(parts_ / "output.mp4"));
          !ok) {
        return ok.error();
      }
    }
    Result<ClipInfo> clip = media::Probe(PathOf(parts_ / "output.mp4"));
    if (!clip) return clip.error();
    if (clip->frame_count != preview_.source.frame_count) {
      return Error(ErrorCode::kInternal, "the stitched video has " + std::to_string(clip->frame_count) +
                                             " frames, not the source's " +
                                             std::to_string(preview_.source.frame_count) +
                                             "; the parts are kept in " + PathOf(parts_));
    }
    std::error_code ec;
    fs::rename(parts_ / "output.mp4", fs::u8path(output_), ec);
    if (ec) return Error(ErrorCode::kUnavailable, "cannot write " + output_ + ": " + ec.message());
    result_.output = *clip;
    return {};
  }

  const Client& client_;
  LongClipOptions options_;
  LongClipPreview preview_;
  RenderToRealInput base_;
  std::string source_;
  std::string output_;
  SplitState state_;
  fs::path parts_;
  LongClipResult result_;
  std::mutex report_mu_;
  std::mutex count_mu_;
  std::mutex encode_mu_;
};

// What identifies a run for its state file: the source (path, size, frames), the mode, and the fields.
std::string RunArguments(const std::string& source, const LongClipPreview& preview, SplitMode mode,
                         const RenderToRealInput& base) {
  std::error_code ec;
  const auto bytes = fs::file_size(fs::u8path(source), ec);
  RenderToRealInput shown = base;
  shown.video_url = File::FromUrl("<source>");
  return std::string(ToString(mode)) + " " + source + " " + std::to_string(ec ? 0 : bytes) + " bytes " +
         std::to_string(preview.source.frame_count) + " frames " +
         EndpointTraits<RenderToRealInput>::ToJson(shown);
}

}  // namespace

const char* ToString(SplitMode mode) { return mode == SplitMode::kChained ? "chained" : "parallel"; }

Result<SplitMode> ParseSplitMode(const std::string& text) {
  if (text == "chained") return SplitMode::kChained;
  if (text == "parallel") return SplitMode::kParallel;
  return Invalid("'" + text + "' is not a split mode: use chained or parallel");
}

const char* ToString(SegmentState state) {
  switch (state) {
    case SegmentState::kWaiting:
      return "waiting";
    case SegmentState::kDone:
      return "done";
    case SegmentState::kPreparing:
      return "preparing";
    case SegmentState::kSubmitted:
      return "submitted";
    case SegmentState::kInQueue:
      return "in_queue";
    case SegmentState::kInProgress:
      return "in_progress";
    case SegmentState::kDownloading:
      return "downloading";
    case SegmentState::kRetrying:
      return "retrying";
    case SegmentState::kFailed:
      return "failed";
  }
  return "unknown";
}

Result<LongClipPreview> PreviewLongClip(const RenderToRealInput& input, const LongClipOptions& options) {
  if (input.video_url.kind() != File::Kind::kPath) {
    return Invalid("a split run needs video_url as a local file (it is cut into segments here): give a path");
  }
  const std::string source = PathOf(input.video_url.path());
  Result<ClipInfo> clip = media::Probe(source);
  if (!clip) return clip.error();
  Result<RenderToRealInput> base = SegmentBase(input, *clip);
  if (!base) return base.error();
  const RenderResolution resolution = base->resolution.value_or(defaults::render_to_real::kResolution);
  Result<LongClipPlan> plan = PlanLongClip(clip->frame_count, resolution);
  if (!plan) return plan.error();
  LongClipPreview preview;
  preview.source = *clip;
  preview.plan = *plan;
  for (const ClipSegment& s : plan->segments) {
    std::optional<File> first;
    if (options.mode == SplitMode::kChained && s.index > 0) {
      first = File::FromBytes("", "segment-" + Two(s.index) + ".first.png");
    }
    const RenderToRealInput in =
        SegmentInput(*base, s, File::FromBytes("", "segment-" + Two(s.index) + ".in.mp4"), std::move(first));
    const ValidationReport report = EndpointTraits<RenderToRealInput>::Validate(in);
    if (!report.Errors().empty()) {
      return Invalid("segment " + std::to_string(s.index + 1) + ": " + report.Errors().front().Path() + ": " +
                     report.Errors().front().msg);
    }
    preview.bodies.push_back(EndpointTraits<RenderToRealInput>::ToJson(in));
    // Each segment's output has the source's aspect: the clip makes the estimate exact.
    preview.costs.push_back(EstimateCost(EndpointTraits<RenderToRealInput>::kEndpointId,
                                         preview.bodies.back(), options.prices, preview.source));
  }
  preview.total = SumCosts(preview.costs);
  return preview;
}

Result<LongClipResult> RenderLongClip(const Client& client, const RenderToRealInput& input,
                                      const std::string& output_path, LongClipOptions options) {
  Result<LongClipPreview> preview = PreviewLongClip(input, options);
  if (!preview) return preview.error();
  if (options.max_cost_usd) {
    const std::string what = "the split run's " + std::to_string(preview->plan.segments.size()) + " segments";
    if (std::optional<FieldError> over =
            CheckCostLimit(preview->total, *options.max_cost_usd, what, "max_cost_usd")) {
      return Invalid(over->msg);
    }
  }
  Result<RenderToRealInput> base = SegmentBase(input, preview->source);
  if (!base) return base.error();
  if (options.state_path.empty()) options.state_path = output_path + ".split.json";
  if (options.parts_dir.empty()) options.parts_dir = output_path + ".parts";
  if (options.attempts_per_segment < 1) options.attempts_per_segment = 1;
  const std::string source = PathOf(input.video_url.path());
  Result<SplitState> state = SplitState::Open(
      options.state_path, RunArguments(source, *preview, options.mode, *base), preview->plan.segments.size());
  if (!state) return state.error();
  Run run(client, std::move(options), std::move(*preview), std::move(*base), source, output_path,
          std::move(*state));
  return run.Go();
}

}  // namespace fal::ltx
