// falcpp-bench build: the client-side cost of one typed request: build the struct, finalize (3DREAL
// trigger), validate every rule, serialize the JSON body.
#include <chrono>

#include "bench_util.hpp"
#include "fal/ltx/render_to_real.hpp"

namespace fal::bench {

int RunBuild(int argc, char** argv) {
  Flags flags(argc, argv, 2, {{"n", "200000"}}, "falcpp-bench build [--n 200000]");
  using Traits = EndpointTraits<ltx::RenderToRealInput>;
  const long long n = flags.Int("n");
  std::size_t bytes = 0, findings = 0;
  auto start = std::chrono::steady_clock::now();
  for (long long i = 0; i < n; ++i) {
    ltx::RenderToRealInput in;
    in.video_url = "https://v3b.fal.media/files/b/0a8824b1/sdm0KfmenrlywesfzY1Y1_if6euPp1.mp4";
    in.prompt = "Make it a detailed realistic 3D render. A hoverbike speeds down a highway.";
    in.resolution = ltx::RenderResolution::k720p;
    in.num_frames = 121 + static_cast<int>(i % 3) * 8;
    in.frames_per_second = 24;
    in.num_inference_steps = 15;
    in.video_quality = ltx::VideoQuality::kHigh;
    Traits::Finalize(in);
    findings += Traits::Validate(in).findings.size();
    bytes += Traits::ToJson(in).size();
  }
  double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  PrintLine({{"bench", "build"},
             {"n", n},
             {"ns_per_op", ns / static_cast<double>(n)},
             {"body_bytes", bytes / static_cast<std::size_t>(n)},
             {"findings", findings}});
  return 0;
}

}  // namespace fal::bench
