#include "split_command.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "exit_codes.hpp"
#include "fal/ltx/long_clip.hpp"
#include "progress.hpp"

namespace fal::cli {
namespace {

using fal::ltx::LongClipPreview;
using fal::ltx::SegmentState;

int Usage(Context& ctx, const std::string& why) {
  ctx.console.Err("fal-ltx render-to-real: " + why);
  ctx.console.Err("  see: fal-ltx render-to-real --help");
  return kExitInvalidInput;
}

// "estimated cost: 4 segments, 448 MP, $1.0786" or why it is unknown.
std::string CostLine(const LongClipPreview& p) {
  if (!p.total.known) return "estimated cost: unknown (" + p.total.note + ")";
  char mp[32];
  std::snprintf(mp, sizeof mp, "%.0f MP", p.total.megapixels);
  return "estimated cost: " + std::to_string(p.plan.segments.size()) + " segments, " + mp + ", " +
         fal::ltx::FormatUsd(p.total.usd);
}

std::string Header(const LongClipPreview& p, const fal::ltx::LongClipOptions& o) {
  char fps[32];
  std::snprintf(fps, sizeof fps, "%.6g", p.source.FramesPerSecond());
  return "split " + std::string(fal::ltx::ToString(o.mode)) + ": " + std::to_string(p.source.frame_count) +
         " frames at " + fps + " fps in " + std::to_string(p.plan.segments.size()) + " segments of at most " +
         std::to_string(p.plan.max_segment_frames) + (p.source.has_audio ? "; the clip's audio is kept" : "");
}

// One line per change of a segment's state ("segment 2/4: in_progress (request 7f3a...)").
class SegmentLines {
 public:
  SegmentLines(Progress& progress, std::size_t count) : progress_(progress), shown_(count) {}
  void operator()(const fal::ltx::SegmentUpdate& u) {
    std::string line = "segment " + std::to_string(u.segment.index + 1) + "/" + std::to_string(u.count) +
                       ": " + fal::ltx::ToString(u.state);
    if (!u.request_id.empty())
      line += " (request " + u.request_id + (u.resumed ? ", from the state file" : "") + ")";
    if (u.attempt > 1) line += ", try " + std::to_string(u.attempt);
    if (!u.message.empty()) line += ": " + u.message;
    if (shown_[u.segment.index] == line) return;  // a wait reports the same state many times
    shown_[u.segment.index] = line;
    progress_.Message(line);
  }

 private:
  Progress& progress_;
  std::vector<std::string> shown_;
};

}  // namespace

int RunSplitCommand(Context& ctx, const fal::ltx::RenderToRealInput& input, const CommandOptions& options) {
  if (options.out.empty() && !options.dry_run) {
    return Usage(ctx, "--split writes one stitched video: give --out OUT.mp4");
  }
  if (options.no_wait) return Usage(ctx, "--split waits for every segment: drop --no-wait");
  if (!options.endpoint.empty()) return Usage(ctx, "--split runs render-to-real only: drop --endpoint");
  fal::ltx::LongClipOptions run;
  run.mode = options.split == "parallel" ? fal::ltx::SplitMode::kParallel : fal::ltx::SplitMode::kChained;
  run.max_cost_usd = options.max_cost;
  run.keep_parts = options.keep_parts;
  run.submit = options.submit;
  if (options.lifecycle) run.submit.lifecycle = options.lifecycle;
  run.wait = options.Wait();
  run.cancel = ctx.interrupt.token();

  fal::Result<LongClipPreview> preview = fal::ltx::PreviewLongClip(input, run);
  if (!preview) return ReportError(ctx.console, preview.error());
  // --max-cost is the split run's total. Checked here, named as the user gave it (the library would refuse
  // too), and under --validation as for one request: strict refuses, warn says so and sends, off skips it.
  std::optional<fal::FieldError> over_limit;
  if (run.max_cost_usd && options.validation != fal::ValidationMode::kOff) {
    over_limit = fal::ltx::CheckCostLimit(
        preview->total, *run.max_cost_usd,
        "the split run's " + std::to_string(preview->plan.segments.size()) + " segments", "--max-cost");
  }
  const bool refuse = over_limit && options.validation == fal::ValidationMode::kStrict;
  if (options.validation != fal::ValidationMode::kStrict) run.max_cost_usd.reset();
  if (options.dry_run) {
    ctx.console.Err("endpoint: " +
                    std::string(fal::EndpointTraits<fal::ltx::RenderToRealInput>::kEndpointId));
    ctx.console.Err(Header(*preview, run));
    std::string plan = preview->plan.Describe();
    while (!plan.empty() && plan.back() == '\n') plan.pop_back();
    ctx.console.Err(plan);
    for (std::size_t i = 0; i < preview->costs.size(); ++i) {
      ctx.console.Err("cost of segment " + std::to_string(i + 1) + ": " +
                      fal::ltx::Describe(preview->costs[i]));
    }
    ctx.console.Err(CostLine(*preview));
    for (const std::string& body : preview->bodies) ctx.console.Out(body);
    if (over_limit) ctx.console.Err((refuse ? "error: " : "warning: ") + over_limit->msg);
    return refuse ? kExitInvalidInput : kExitOk;
  }
  if (refuse) {
    ctx.console.Err("fal-ltx render-to-real: " + over_limit->msg);
    return kExitInvalidInput;
  }
  if (over_limit) ctx.console.Err("warning (sent anyway): " + over_limit->msg);

  Progress progress(ctx.console, Progress::StyleFor(ctx.console, options.quiet));
  progress.Message(Header(*preview, run));
  progress.Message(CostLine(*preview));
  SegmentLines lines(progress, preview->plan.segments.size());
  run.on_segment = [&lines](const fal::ltx::SegmentUpdate& u) { lines(u); };
  const fal::Client client = MakeClient();
  fal::Result<fal::ltx::LongClipResult> done = fal::ltx::RenderLongClip(client, input, options.out, run);
  progress.Clear();
  if (!done) {
    const int code = ReportError(ctx.console, done.error());
    if (done.error().code() != fal::ErrorCode::kInvalidArgument ||
        done.error().message().find("segment ") == 0) {
      ctx.console.Err("  finished segments are kept: run the same command again to resume (state in " +
                      options.out + ".split.json)");
    }
    return code;
  }
  if (options.json) {
    nlohmann::json out = {{"video", options.out},
                          {"frames", done->output.frame_count},
                          {"frames_per_second", done->output.FramesPerSecond()},
                          {"width", done->output.width},
                          {"height", done->output.height},
                          {"has_audio", done->output.has_audio},
                          {"segments", done->request_ids.size()},
                          {"request_ids", done->request_ids},
                          {"submitted", done->submitted},
                          {"resumed", done->resumed}};
    if (done->preview.total.known) out["estimated_usd"] = done->preview.total.usd;
    ctx.console.Out(out.dump());
  } else {
    ctx.console.Out(options.out);
  }
  return kExitOk;
}

}  // namespace fal::cli
