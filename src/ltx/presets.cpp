#include "fal/ltx/presets.hpp"

#include "fal/ltx/trigger.hpp"

namespace fal::ltx::presets {

RenderToRealInput RenderToReal(Intensity intensity, File video, std::optional<std::string> prompt) {
  RenderToRealInput input;
  input.video_url = std::move(video);
  input.intensity = intensity;
  // Written here as well as in Finalize, so the preset's value already shows the prompt that will be sent.
  input.prompt = EnsureTrigger(prompt.value_or(""));
  return input;
}

RenderToRealInput RenderToRealLight(File video, std::optional<std::string> prompt) {
  return RenderToReal(Intensity::kLight, std::move(video), std::move(prompt));
}

RenderToRealInput RenderToRealStrong(File video, std::optional<std::string> prompt) {
  return RenderToReal(Intensity::kStrong, std::move(video), std::move(prompt));
}

RenderToRealInput RenderToRealStrongV2(File video, std::optional<std::string> prompt) {
  return RenderToReal(Intensity::kStrongV2, std::move(video), std::move(prompt));
}

ReferenceVideoToVideoLoraInput StrongLora(File video, std::optional<std::string> prompt) {
  ReferenceVideoToVideoLoraInput input;
  input.prompt = EnsureTrigger(prompt.value_or(""));
  input.video_url = std::move(video);
  input.loras = {LoraInput{std::string(k3DRealStrongLoraUrl), 1.0, std::string("both"), std::nullopt}};
  input.resolution = ImageSize{1280, 704};
  // This endpoint's expander may rewrite the prompt and is not documented to keep the trigger.
  input.enable_prompt_expansion = false;
  return input;
}

}  // namespace fal::ltx::presets
