// image-to-video: a video with audio that starts from an image. Uses the future form of Wait, so the
// program could do other work meanwhile.
//
//   FAL_KEY=... ./example_image_to_video [image.png]
#include <fal/client.hpp>
#include <fal/ltx/image_to_video.hpp>
#include <iostream>

int main(int argc, char** argv) {
  const std::string image = argc > 1 ? argv[1] : "examples/data/reference_frame.png";

  fal::Client client;

  fal::ltx::ImageToVideoInput input;
  input.prompt = "The camera slowly pans right as a dark car drives down the street.";
  input.image_url = fal::File::FromPath(image);
  input.resolution = fal::ltx::SizePreset::kLandscape16x9;
  input.num_frames = 121;
  input.generate_audio = false;

  auto job = client.Submit(input);
  if (!job) {
    std::cerr << job.error().ToString() << "\n";
    return 1;
  }
  std::future<fal::Result<fal::RawOutput>> pending = job->handle().WaitFuture();
  std::cout << "submitted " << job->request_id() << ", waiting\n";

  fal::Result<fal::RawOutput> raw = pending.get();
  if (!raw) {
    std::cerr << raw.error().ToString() << "\n";
    return 1;
  }
  // The typed parse of the raw output, as TypedJob::Wait would do.
  auto out = fal::EndpointTraits<fal::ltx::ImageToVideoInput>::ParseOutput(raw->json);
  if (!out) {
    std::cerr << out.error().ToString() << "\n";
    return 1;
  }
  std::cout << "video: " << out->video.url << "\n";
}
