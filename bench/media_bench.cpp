// falcpp-bench media: falcpp::media on a long clip, step by step (wall seconds) and the process's peak RSS,
// which stays far below the clip's decoded size: every call streams.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bench_util.hpp"
#include "fal/media/media.hpp"

namespace fal::bench {
namespace {

constexpr const char* kUsage =
    "falcpp-bench media [--width 1280] [--height 720] [--frames 480] [--segment 145] [--dir DIR]\n"
    "  Writes a test clip (24 fps, with audio) into DIR (default -: a temporary folder, removed after), "
    "then\n"
    "  times: probe; cutting it into segments of SEGMENT frames sharing one frame (the last padded);\n"
    "  extracting the last frame of each; joining them frame-exact (each later segment without its first\n"
    "  frame, the padding trimmed: re-encode); joining them whole (stream copy); putting the source's audio\n"
    "  under the join; one fal-emulator render (121 frames at the clip's size, ultrafast). Prints wall\n"
    "  seconds per step, the decoded clip's size in MB and the peak RSS in MB.";

template <class F>
double Seconds(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool Check(bool ok, const std::string& what) {
  if (!ok) std::cerr << "falcpp-bench media: " << what << "\n";
  return ok;
}

}  // namespace

int RunMedia(int argc, char** argv) {
  Flags flags(argc, argv, 2,
              {{"width", "1280"}, {"height", "720"}, {"frames", "480"}, {"segment", "145"}, {"dir", "-"}},
              kUsage);
  media::QuietFfmpegLog();
  const bool temporary = flags.Get("dir") == "-";
  const std::filesystem::path dir = temporary
                                        ? std::filesystem::temp_directory_path() /
                                              ("falcpp-bench-media-" + std::to_string(std::random_device{}()))
                                        : std::filesystem::path(flags.Get("dir"));
  std::filesystem::create_directories(dir);
  const auto at = [&dir](const std::string& name) { return (dir / name).string(); };

  media::TestClipSpec spec;
  spec.width = static_cast<int>(flags.Int("width"));
  spec.height = static_cast<int>(flags.Int("height"));
  spec.frame_count = flags.Int("frames");
  spec.with_audio = true;
  const std::int64_t segment = flags.Int("segment");
  nlohmann::json figures = {{"bench", "media"},
                            {"width", spec.width},
                            {"height", spec.height},
                            {"frames", spec.frame_count},
                            {"segment_frames", segment}};
  bool ok = true;

  figures["write_test_clip_s"] =
      Seconds([&] { ok = Check(media::WriteTestClip(at("source.mp4"), spec).ok(), "write"); });
  figures["probe_s"] = Seconds([&] { ok = ok && Check(media::Probe(at("source.mp4")).ok(), "probe"); });

  // Segments start every segment - 1 frames, each sharing its first frame with the previous one's last.
  std::vector<std::string> segments;
  std::vector<media::ConcatPart> exact;
  std::vector<media::ConcatPart> whole;
  figures["cut_s"] = Seconds([&] {
    for (std::int64_t first = 0; ok && first < spec.frame_count - 1; first += segment - 1) {
      const std::string path = at("segment" + std::to_string(segments.size()) + ".mp4");
      ok = Check(media::CutFrames(at("source.mp4"), first, segment, path).ok(), "cut");
      const std::int64_t keep = std::min(segment, spec.frame_count - first);
      exact.emplace_back(path, segments.empty() ? 0 : 1, segments.empty() ? keep : keep - 1);
      whole.emplace_back(path);
      segments.push_back(path);
    }
  });
  figures["segments"] = segments.size();
  figures["extract_last_frames_s"] = Seconds([&] {
    for (std::size_t i = 0; ok && i < segments.size(); ++i) {
      ok = Check(
          media::ExtractFrame(segments[i], media::kLastFrame, at("last" + std::to_string(i) + ".png")).ok(),
          "extract");
    }
  });
  figures["concat_exact_s"] =
      Seconds([&] { ok = ok && Check(media::Concat(exact, at("joined.mp4")).ok(), "concat"); });
  figures["concat_copy_s"] =
      Seconds([&] { ok = ok && Check(media::Concat(whole, at("copied.mp4")).ok(), "copy"); });
  figures["mux_audio_s"] = Seconds([&] {
    ok = ok && Check(media::MuxAudio(at("joined.mp4"), at("source.mp4"), at("final.mp4")).ok(), "mux");
  });
  media::RewriteSpec render;
  render.source = at("source.mp4");
  render.width = spec.width;
  render.height = spec.height;
  render.frame_count = 121;
  render.encode.preset = "ultrafast";
  render.encode.crf = 23;
  figures["emulator_render_121_s"] =
      Seconds([&] { ok = ok && Check(media::RewriteClip(at("render.mp4"), render).ok(), "render"); });

  auto final_clip = media::Probe(at("final.mp4"));
  auto numbers = media::ReadFrameNumbers(at("final.mp4"));
  bool exact_frames = final_clip.ok() && numbers.ok() && final_clip->frame_count == spec.frame_count;
  for (std::int64_t i = 0; exact_frames && i < spec.frame_count; ++i) exact_frames = (*numbers)[i] == i;
  figures["final_frames_exact"] = exact_frames;
  figures["decoded_clip_mb"] = static_cast<double>(spec.width) * spec.height * 1.5 * spec.frame_count / 1e6;
  figures["peak_rss_mb"] = PeakRssMb();
  if (temporary) std::filesystem::remove_all(dir);
  PrintLine(figures);
  return ok && exact_frames ? 0 : 1;
}

}  // namespace fal::bench
