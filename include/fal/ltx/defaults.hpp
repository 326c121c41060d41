#pragma once
/// @file
/// The defaults each LTX-2.3 endpoint documents (seed pages and fal's generated types), as named constants
/// for display: help text, UIs, estimates.
///
/// falcpp never sends these: an unset optional field is left out of the JSON, so the server applies its own
/// default, which fal changes from time to time (the 22b defaults already drifted, see
/// docs/ltx-endpoints.md section 2.5). Validation uses num_frames, fps and resolution defaults only
/// to estimate a clip's length and budget.
///
/// @par Thread safety
/// Constants.

#include <string_view>

#include "fal/ltx/enums.hpp"

namespace fal::ltx::defaults {

/// The negative prompt the quality endpoints use when none is given.
inline constexpr std::string_view kQualityNegativePrompt =
    "color distortion, overexposure, static, blurry details, subtitles, style, artwork, painting, frame, "
    "still, "
    "dim overall tone, worst quality, low quality, JPEG compression artifacts, ugly, mutilated, extra "
    "fingers, "
    "poorly drawn hands, poorly drawn face, deformed, disfigured, malformed limbs, fused fingers, motionless "
    "frame, cluttered background, three legs, crowded background, walking backwards";

/// The negative prompt of ltx-2.3-22b/text-to-video/lora when none is given.
inline constexpr std::string_view k22bNegativePrompt =
    "news broadcast, 3d animation, computer graphics, pc game, console game, video game, cartoon, childish, "
    "watermark, logo, text, on screen text, subtitles, titles, signature, slowmo, static";

/// Defaults shared by the ltx-2.3-quality family (render-to-real, reference-video-to-video/lora,
/// image-to-video).
namespace quality {
inline constexpr int kNumFrames = 121;                ///< `num_frames`
inline constexpr double kFramesPerSecond = 24;        ///< `frames_per_second`
inline constexpr int kNumInferenceSteps = 15;         ///< `num_inference_steps`
inline constexpr double kGuidanceScale = 1;           ///< `guidance_scale`
inline constexpr bool kGenerateAudio = true;          ///< `generate_audio`
inline constexpr bool kEnablePromptExpansion = true;  ///< `enable_prompt_expansion`; render-to-real: false.
inline constexpr bool kEnableSafetyChecker = true;    ///< `enable_safety_checker`
inline constexpr VideoQuality kVideoQuality = VideoQuality::kHigh;            ///< `video_quality`
inline constexpr VideoWriteMode kVideoWriteMode = VideoWriteMode::kBalanced;  ///< `video_write_mode`
inline constexpr bool kSyncMode = false;                                      ///< `sync_mode`
}  // namespace quality

/// fal-ai/ltx-2.3-quality/render-to-real (besides the quality family's defaults).
namespace render_to_real {
inline constexpr std::string_view kPrompt = "3DREAL. ";                   ///< `prompt`
inline constexpr RenderResolution kResolution = RenderResolution::k720p;  ///< `resolution`
inline constexpr Intensity kIntensity = Intensity::kLight;                ///< `intensity`
inline constexpr bool kEnableDetailRefine = false;                        ///< `enable_detail_refine`
inline constexpr double kDetailRefineStrength = 0.75;                     ///< `detail_refine_strength`
inline constexpr bool kEnablePromptExpansion = false;                     ///< `enable_prompt_expansion`
}  // namespace render_to_real

/// fal-ai/ltx-2.3-quality/reference-video-to-video/lora (besides the quality family's defaults). The default
/// resolution is `auto`.
namespace reference_video_to_video_lora {
inline constexpr double kVideoStrength = 0.6;          ///< `video_strength`
inline constexpr double kStrength = 1;                 ///< `strength`
inline constexpr bool kSkipControlPreprocess = false;  ///< `skip_control_preprocess`
inline constexpr bool kPreserveOriginalVideo = false;  ///< `preserve_original_video`
inline constexpr double kLoraScale = 1;                ///< `loras[].scale`
}  // namespace reference_video_to_video_lora

/// fal-ai/ltx-2.3-quality/image-to-video (besides the quality family's defaults). The default resolution is
/// `auto` (from the image's aspect ratio).
namespace image_to_video {
inline constexpr double kImageStrength = 0.7;  ///< `image_strength`
}  // namespace image_to_video

/// fal-ai/ltx-2.3-22b/image-to-video(/lora), besides text_to_video_lora's defaults, which they share. The
/// default video_size is `auto` (from the image's aspect ratio). fal's zod types give interpolation_direction
/// no default; `forward` is what fal's full examples for the 22b image-to-video family send.
namespace image_to_video_22b {
inline constexpr double kImageStrength = 1;     ///< `image_strength`
inline constexpr double kEndImageStrength = 1;  ///< `end_image_strength`
inline constexpr InterpolationDirection kInterpolationDirection =
    InterpolationDirection::kForward;  ///< `interpolation_direction`
}  // namespace image_to_video_22b

/// fal-ai/ltx-2.3-22b/text-to-video/lora, as fal's newest generated types publish them (fal-js, 2026-08).
/// The seed page showed older values (15 steps, scheduler beta, acceleration none, video rescaling 0.85).
namespace text_to_video_lora {
inline constexpr int kNumFrames = 121;                                 ///< `num_frames`
inline constexpr SizePreset kVideoSize = SizePreset::kLandscape16x9;   ///< `video_size`
inline constexpr bool kGenerateAudio = true;                           ///< `generate_audio`
inline constexpr bool kUseMultiscale = true;                           ///< `use_multiscale`
inline constexpr double kFps = 24;                                     ///< `fps`
inline constexpr int kNumInferenceSteps = 40;                          ///< `num_inference_steps`
inline constexpr double kVideoCfgScale = 3;                            ///< `video_cfg_scale`
inline constexpr double kVideoStgScale = 1;                            ///< `video_stg_scale`
inline constexpr double kVideoRescalingScale = 0.7;                    ///< `video_rescaling_scale`
inline constexpr double kVideoModalityScale = 3;                       ///< `video_modality_scale`
inline constexpr double kAudioCfgScale = 7;                            ///< `audio_cfg_scale`
inline constexpr double kAudioStgScale = 0;                            ///< `audio_stg_scale`
inline constexpr double kAudioRescalingScale = 0.7;                    ///< `audio_rescaling_scale`
inline constexpr double kAudioModalityScale = 3;                       ///< `audio_modality_scale`
inline constexpr bool kUseRestartSampling = true;                      ///< `use_restart_sampling`
inline constexpr double kGradientEstimationGamma = 2;                  ///< `gradient_estimation_gamma`
inline constexpr Scheduler kScheduler = Scheduler::kLtx2;              ///< `scheduler`
inline constexpr Acceleration kAcceleration = Acceleration::kRegular;  ///< `acceleration`
inline constexpr CameraLora kCameraLora = CameraLora::kNone;           ///< `camera_lora`
inline constexpr double kCameraLoraScale = 1;                          ///< `camera_lora_scale`
inline constexpr bool kEnablePromptExpansion = true;                   ///< `enable_prompt_expansion`
inline constexpr bool kEnableSafetyChecker = true;                     ///< `enable_safety_checker`
inline constexpr VideoOutputType kVideoOutputType = VideoOutputType::kX264Mp4;  ///< `video_output_type`
inline constexpr VideoQuality kVideoQuality = VideoQuality::kHigh;              ///< `video_quality`
inline constexpr VideoWriteMode kVideoWriteMode = VideoWriteMode::kBalanced;    ///< `video_write_mode`
inline constexpr bool kSyncMode = false;                                        ///< `sync_mode`
inline constexpr double kDistillLoraFirstPassScale = 0.2;   ///< `distill_lora_first_pass_scale`
inline constexpr double kDistillLoraSecondPassScale = 0.5;  ///< `distill_lora_second_pass_scale`
inline constexpr double kLoraScale = 1;                     ///< `loras[].scale`
}  // namespace text_to_video_lora

/// fal-ai/ltx-2.3-22b/distilled/text-to-video/lora and distilled/image-to-video/lora, as fal's pages for
/// them publish (llms.txt). Unlike 22b text-to-video, acceleration defaults to none. The image-to-video
/// endpoint's video_size defaults to `auto` (from the image), the text-to-video one's to landscape_16_9.
namespace distilled_lora {
inline constexpr int kNumFrames = 121;                                          ///< `num_frames`
inline constexpr SizePreset kVideoSize = SizePreset::kLandscape16x9;            ///< `video_size` (t2v)
inline constexpr bool kGenerateAudio = true;                                    ///< `generate_audio`
inline constexpr bool kUseMultiscale = true;                                    ///< `use_multiscale`
inline constexpr double kFps = 24;                                              ///< `fps`
inline constexpr Scheduler kScheduler = Scheduler::kLtx2;                       ///< `scheduler`
inline constexpr Acceleration kAcceleration = Acceleration::kNone;              ///< `acceleration`
inline constexpr CameraLora kCameraLora = CameraLora::kNone;                    ///< `camera_lora`
inline constexpr double kCameraLoraScale = 1;                                   ///< `camera_lora_scale`
inline constexpr bool kEnablePromptExpansion = true;                            ///< `enable_prompt_expansion`
inline constexpr bool kEnableSafetyChecker = true;                              ///< `enable_safety_checker`
inline constexpr VideoOutputType kVideoOutputType = VideoOutputType::kX264Mp4;  ///< `video_output_type`
inline constexpr VideoQuality kVideoQuality = VideoQuality::kHigh;              ///< `video_quality`
inline constexpr VideoWriteMode kVideoWriteMode = VideoWriteMode::kBalanced;    ///< `video_write_mode`
inline constexpr bool kSyncMode = false;                                        ///< `sync_mode`
inline constexpr double kDistillLoraSecondPassScale = 0.5;  ///< `distill_lora_second_pass_scale`
inline constexpr InterpolationDirection kInterpolationDirection =
    InterpolationDirection::kForward;           ///< `interpolation_direction` (i2v)
inline constexpr double kImageStrength = 1;     ///< `image_strength` (i2v)
inline constexpr double kEndImageStrength = 1;  ///< `end_image_strength` (i2v)
inline constexpr double kLoraScale = 1;         ///< `loras[].scale`
}  // namespace distilled_lora

}  // namespace fal::ltx::defaults
