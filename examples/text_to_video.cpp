// 22b text-to-video/lora: a video with audio from a prompt, with a LoRA and a camera move. Ctrl-C is not
// handled here; see the batch example for cancellation.
//
//   FAL_KEY=... ./example_text_to_video [lora_url]
#include <fal/client.hpp>
#include <fal/ltx/text_to_video.hpp>
#include <iostream>

int main(int argc, char** argv) {
  const std::string lora =
      argc > 1 ? argv[1] : "https://huggingface.co/example/western/resolve/main/western.safetensors";

  fal::Client client;

  fal::ltx::TextToVideoLoraInput input;
  input.prompt = "A cowboy walks through a dusty town at high noon, the camera following from behind.";
  input.loras = {{lora, 0.8, std::nullopt, std::nullopt}};
  input.video_size = fal::ltx::SizePreset::kLandscape16x9;
  input.camera_lora = fal::ltx::CameraLora::kDollyIn;
  input.num_frames = 121;

  fal::Result<fal::ltx::TextToVideoLoraOutput> out = client.Subscribe(input);
  if (!out) {
    std::cerr << out.error().ToString() << "\n";
    return 1;
  }
  // The 22b output says what the server made, which need not match the request.
  std::cout << "video: " << out->video.url << "\n";
  if (out->video.width && out->video.height)
    std::cout << "size: " << *out->video.width << "x" << *out->video.height << "\n";
  if (out->video.num_frames) std::cout << "frames: " << *out->video.num_frames << "\n";
}
