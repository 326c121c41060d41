// falcpp-bench long-clip: one clip rendered with fal::ltx::RenderLongClip against fal-emulator (start it with
// a fixed --run-ms, so that the job time is known), chained or parallel: wall time from the first cut to the
// stitched file, and the peak RSS of the whole process (cutting, uploading, downloading, stitching).
// The clip is written first (fal::media::WriteTestClip, not timed) unless --clip names one.
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>

#include "bench_util.hpp"
#include "fal/ltx/long_clip.hpp"
#include "fal/media/media.hpp"

namespace fal::bench {
namespace {

constexpr const char* kUsage =
    "falcpp-bench long-clip --base-url URL [--mode chained|parallel] [--resolution 720p|480p]\n"
    "                       [--frames 480] [--width 1280] [--height 720] [--audio 1] [--clip PATH]\n"
    "                       [--out DIR]\n"
    "  Start fal-emulator with a fixed --run-ms (e.g. --run-ms 2000 --queue-ms 100 --workers 8).";

}  // namespace

int RunLongClip(int argc, char** argv) {
  Flags flags(argc, argv, 2,
              {{"base-url", ""},
               {"mode", "chained"},
               {"resolution", "720p"},
               {"frames", "480"},
               {"width", "1280"},
               {"height", "720"},
               {"audio", "1"},
               {"clip", "none"},
               {"out", "."}},
              kUsage);
  namespace fs = std::filesystem;
  const fs::path dir = flags.Get("out");
  std::string clip = flags.Get("clip");
  if (clip == "none") {
    media::TestClipSpec spec;
    spec.width = static_cast<int>(flags.Int("width"));
    spec.height = static_cast<int>(flags.Int("height"));
    spec.frame_count = flags.Int("frames");
    spec.with_audio = flags.Int("audio") != 0;
    clip = (dir / "long_clip_bench_source.mp4").string();
    if (Result<media::WrittenClip> ok = media::WriteTestClip(clip, spec); !ok) {
      std::fprintf(stderr, "falcpp-bench long-clip: %s\n", ok.error().ToString().c_str());
      return 1;
    }
  }
  Result<ltx::SplitMode> mode = ltx::ParseSplitMode(flags.Get("mode"));
  if (!mode) {
    std::fprintf(stderr, "falcpp-bench long-clip: %s\n", mode.error().message().c_str());
    return 2;
  }
  ClientOptions options;
  options.use_environment = false;
  options.base_url = flags.Get("base-url");
  options.credentials = Credentials("bench");
  Client client(options);
  ltx::RenderToRealInput input;
  input.video_url = File::FromPath(clip);
  input.resolution =
      flags.Get("resolution") == "480p" ? ltx::RenderResolution::k480p : ltx::RenderResolution::k720p;
  ltx::LongClipOptions run;
  run.mode = *mode;
  // Where the time goes: each segment's preparing (cut and upload) and downloading (download and check)
  // spans, and the stitch (after the last segment is done).
  using Clock = std::chrono::steady_clock;
  std::mutex mu;
  std::map<int, Clock::time_point> preparing_since, downloading_since;
  double preparing_s = 0, downloading_s = 0;
  Clock::time_point last_done;
  run.on_segment = [&](const ltx::SegmentUpdate& u) {
    const auto now = Clock::now();
    std::lock_guard<std::mutex> lock(mu);
    const int i = u.segment.index;
    if (u.state == ltx::SegmentState::kPreparing) preparing_since[i] = now;
    if (u.state == ltx::SegmentState::kSubmitted && preparing_since.count(i)) {
      preparing_s += std::chrono::duration<double>(now - preparing_since[i]).count();
      preparing_since.erase(i);
    }
    if (u.state == ltx::SegmentState::kDownloading) downloading_since[i] = now;
    if (u.state == ltx::SegmentState::kDone && downloading_since.count(i)) {
      downloading_s += std::chrono::duration<double>(now - downloading_since[i]).count();
      downloading_since.erase(i);
      last_done = now;
    }
  };
  const std::string out = (dir / ("long_clip_bench_" + flags.Get("mode") + ".mp4")).string();
  fs::remove(out);
  fs::remove(out + ".split.json");  // a fresh run: never resume an earlier (interrupted) one
  fs::remove_all(out + ".parts");

  ThreadSampler threads;
  const double rss_before = PeakRssMb();
  const auto start = std::chrono::steady_clock::now();
  Result<ltx::LongClipResult> done = ltx::RenderLongClip(client, input, out, run);
  const auto end = std::chrono::steady_clock::now();
  const double wall_s = std::chrono::duration<double>(end - start).count();
  if (!done) {
    std::fprintf(stderr, "falcpp-bench long-clip: %s\n", done.error().ToString().c_str());
    return 1;
  }
  PrintLine({{"bench", "long-clip"},
             {"mode", flags.Get("mode")},
             {"resolution", flags.Get("resolution")},
             {"source_frames", done->preview.source.frame_count},
             {"source_size",
              std::to_string(done->preview.source.width) + "x" + std::to_string(done->preview.source.height)},
             {"segments", done->preview.plan.segments.size()},
             {"output_frames", done->output.frame_count},
             {"output_size", std::to_string(done->output.width) + "x" + std::to_string(done->output.height)},
             {"wall_s", wall_s},
             {"segments_preparing_s", preparing_s},
             {"segments_downloading_s", downloading_s},
             {"stitch_s", std::chrono::duration<double>(end - last_done).count()},
             {"rss_peak_mb", PeakRssMb()},
             {"rss_peak_mb_before_run", rss_before},
             {"threads_peak", threads.peak()}});
  return 0;
}

}  // namespace fal::bench
