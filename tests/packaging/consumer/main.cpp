// One call against fal-emulator (FAL_BASE_URL), through an installed or embedded falcpp.
#include <fal/client.hpp>
#include <fal/ltx/render_to_real.hpp>
#include <fal/version.hpp>
#include <iostream>

int main() {
  fal::Client client;
  fal::ltx::RenderToRealInput input;
  input.video_url = "https://example.com/blockout.mp4";
  input.resolution = fal::ltx::RenderResolution::k480p;
  fal::Result<fal::ltx::RenderToRealOutput> out = client.Subscribe(input);
  if (!out) {
    std::cerr << out.error().ToString() << "\n";
    return 1;
  }
  std::cout << "falcpp " << fal::kVersionString << ": " << out->video.url << "\n";
}
