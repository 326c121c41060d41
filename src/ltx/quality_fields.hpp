#pragma once
// The fields the ltx-2.3-quality endpoints share (render-to-real, reference-video-to-video/lora,
// image-to-video): their JSON mapping and their rules, written once. Templates rather than a base struct, so
// that each input stays a flat aggregate whose header lists every field.

#include <vector>

#include "ltx/json_mapping.hpp"
#include "ltx/rules.hpp"

namespace fal::internal {

template <class Input>
void PutQualityFields(Json& body, const Input& in) {
  PutIfSet(body, "num_frames", in.num_frames);
  PutIfSet(body, "frames_per_second", in.frames_per_second);
  PutIfSet(body, "num_inference_steps", in.num_inference_steps);
  PutIfSet(body, "guidance_scale", in.guidance_scale);
  PutIfSet(body, "generate_audio", in.generate_audio);
  PutIfSet(body, "negative_prompt", in.negative_prompt);
  PutIfSet(body, "enable_prompt_expansion", in.enable_prompt_expansion);
  PutIfSet(body, "seed", in.seed);
  PutIfSet(body, "enable_safety_checker", in.enable_safety_checker);
  PutIfSet(body, "video_quality", in.video_quality);
  PutIfSet(body, "video_write_mode", in.video_write_mode);
  PutIfSet(body, "sync_mode", in.sync_mode);
}

template <class Input>
void CheckQualityFields(Checks& c, const Input& in) {
  CheckFrames(c, in.num_frames, in.frames_per_second, "frames_per_second");
  CheckRange(c, BodyLoc({"num_inference_steps"}), in.num_inference_steps, bounds::kQualitySteps);
  CheckRange(c, BodyLoc({"guidance_scale"}), in.guidance_scale, bounds::kCfg);
}

// The closed keys of the quality family, for the extra_json check.
inline std::vector<ExtraEnum> QualityExtraEnums() {
  return {EnumKey<ltx::VideoQuality>(), EnumKey<ltx::VideoWriteMode>()};
}

}  // namespace fal::internal
