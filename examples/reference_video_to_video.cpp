// reference-video-to-video/lora: a new video that follows a reference video's motion, with a first-frame
// keyframe and a LoRA. Here through the 3DREAL Strong LoRA preset.
//
//   FAL_KEY=... ./example_reference_video_to_video [reference.mp4] [first_frame.png]
#include <fal/client.hpp>
#include <fal/ltx/presets.hpp>
#include <fal/ltx/reference_video_to_video.hpp>
#include <iostream>

int main(int argc, char** argv) {
  const std::string reference = argc > 1 ? argv[1] : "examples/data/blockout_720p.mp4";
  const std::string first_frame = argc > 2 ? argv[2] : "examples/data/reference_frame.png";

  fal::Client client;

  // The Strong weights at 1280x704 with the trigger in the prompt; everything else is ours to change.
  fal::ltx::ReferenceVideoToVideoLoraInput input = fal::ltx::presets::StrongLora(
      fal::File::FromPath(reference), "A grand ballroom with chandeliers, guests dancing, warm light.");
  input.image_url = fal::File::FromPath(first_frame);  // uploaded before the submit, like the video
  input.num_frames = 73;
  input.video_strength = 0.7;

  fal::Result<fal::TypedJob<fal::ltx::ReferenceVideoToVideoLoraOutput>> job = client.Submit(input);
  if (!job) {
    std::cerr << job.error().ToString() << "\n";
    return 1;
  }
  std::cout << "request id: " << job->request_id() << "\n";  // keep it to resume with client.Job(...)

  fal::Result<fal::ltx::ReferenceVideoToVideoLoraOutput> out = job->Wait();
  if (!out) {
    std::cerr << out.error().ToString() << "\n";
    return 1;
  }
  std::cout << "video: " << out->video.url << "\n";
}
