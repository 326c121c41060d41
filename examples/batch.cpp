// Many jobs at once with a bounded number in flight: one render uploaded once, then rendered at several
// intensities and seeds. Results are reported as they complete; a failure does not stop the others.
//
//   FAL_KEY=... ./example_batch [render.mp4] [jobs] [max_in_flight]
#include <fal/batch.hpp>
#include <fal/client.hpp>
#include <fal/ltx/presets.hpp>
#include <fal/ltx/render_to_real.hpp>
#include <iostream>
#include <mutex>

int main(int argc, char** argv) {
  const std::string render = argc > 1 ? argv[1] : "examples/data/blockout_720p.mp4";
  const int jobs = argc > 2 ? std::stoi(argv[2]) : 12;
  const std::size_t max_in_flight = argc > 3 ? std::stoul(argv[3]) : 4;

  fal::Client client;

  // Upload once and reuse the URL, rather than uploading the same file with every job.
  fal::Result<std::string> video = client.Storage().UploadFile(render);
  if (!video) {
    std::cerr << video.error().ToString() << "\n";
    return 1;
  }

  const fal::ltx::Intensity intensities[] = {fal::ltx::Intensity::kLight, fal::ltx::Intensity::kStrong,
                                             fal::ltx::Intensity::kStrongV2};
  std::vector<fal::ltx::RenderToRealInput> shots;
  for (int i = 0; i < jobs; ++i) {
    fal::ltx::RenderToRealInput input =
        fal::ltx::presets::RenderToReal(intensities[i % 3], *video, "A rainy city street at dusk.");
    input.resolution = fal::ltx::RenderResolution::k480p;
    input.num_frames = 73;
    input.seed = 1000 + i;
    shots.push_back(std::move(input));
  }

  fal::BatchOptions options;
  options.max_in_flight = max_in_flight;  // at most this many jobs queued or running at once
  options.wait.mode = fal::WaitMode::kPolling;
  options.wait.poll_interval = std::chrono::milliseconds(500);

  std::mutex print;  // on_result runs on the client's threads, possibly for two jobs at once
  fal::BatchResult<fal::ltx::RenderToRealOutput> batch = fal::RunBatch(
      client, shots, options, [&](std::size_t i, const fal::Result<fal::ltx::RenderToRealOutput>& result) {
        std::lock_guard<std::mutex> lock(print);
        std::cout << "shot " << i << " (" << fal::ltx::ToString(*shots[i].intensity) << ", seed "
                  << *shots[i].seed
                  << "): " << (result ? result->video.url : "failed: " + result.error().message()) << "\n";
      });

  std::cout << batch.succeeded << " succeeded, " << batch.failed << " failed, " << batch.not_started
            << " not started\n";
  return batch.failed == 0 && batch.not_started == 0 ? 0 : 1;
}
