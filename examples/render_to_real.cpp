// render-to-real: a CG render made photoreal. Uploads a local render, shows the job's progress, and
// downloads the video.
//
//   FAL_KEY=... ./example_render_to_real [render.mp4] [out.mp4]
//   FAL_BASE_URL=http://127.0.0.1:PORT ./example_render_to_real ...   (against fal-emulator)
#include <fal/client.hpp>
#include <fal/ltx/presets.hpp>
#include <fal/ltx/render_to_real.hpp>
#include <iostream>

int main(int argc, char** argv) {
  const std::string render = argc > 1 ? argv[1] : "examples/data/blockout_720p.mp4";
  const std::string out_path = argc > 2 ? argv[2] : "render_to_real.mp4";

  fal::Client client;  // FAL_KEY and FAL_BASE_URL from the environment

  // Light: faithful to the render's layout and motion. The preset makes the prompt start with "3DREAL".
  fal::ltx::RenderToRealInput input = fal::ltx::presets::RenderToRealLight(
      fal::File::FromPath(render), "A rainy city street at dusk, neon reflections on wet asphalt.");
  input.resolution = fal::ltx::RenderResolution::k480p;  // 480p allows up to 361 frames
  input.num_frames = 73;

  fal::SubscribeOptions options;
  options.on_enqueue = [](const std::string& id) { std::cout << "queued: " << id << "\n"; };
  options.wait.with_logs = true;
  std::size_t logs_shown = 0;
  options.wait.on_update = [&logs_shown](const fal::JobStatus& s) {  // one job: updates arrive one at a time
    if (s.queue_position) std::cout << "position in queue: " << *s.queue_position << "\n";
    for (; logs_shown < s.logs.size(); ++logs_shown) std::cout << "  " << s.logs[logs_shown].message << "\n";
  };

  fal::Result<fal::ltx::RenderToRealOutput> out = client.Subscribe(input, options);
  if (!out) {
    std::cerr << out.error().ToString() << "\n";
    return 1;
  }
  std::cout << "prompt: " << out->prompt << "\nvideo: " << out->video.url << "\n";

  fal::DownloadOptions download;
  download.overwrite = true;
  fal::Result<std::uint64_t> bytes = client.Storage().Download(out->video, out_path, download);
  if (!bytes) {
    std::cerr << bytes.error().ToString() << "\n";
    return 1;
  }
  std::cout << "saved " << out_path << " (" << *bytes << " bytes)\n";
}
