// Golden fixtures from the seed pages' example payloads: typed input -> JSON equals the fixture; the output
// fixtures parse; outputs are parsed leniently and keep their raw JSON.

#include <gtest/gtest.h>

#include <string>

#include "fal/ltx/defaults.hpp"
#include "fal/ltx/image_to_video.hpp"
#include "fal/ltx/reference_video_to_video.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "fal/ltx/text_to_video.hpp"
#include "ltx_test_util.hpp"

namespace fal::ltx {
namespace {

using test::Check;
using test::Json;
using test::ParseJson;
using test::ReadFixture;

template <class Input>
Json Body(const Input& in) {
  return ParseJson(EndpointTraits<Input>::ToJson(in));
}

const char* const kSeedVideo = "https://v3b.fal.media/files/b/0a8824b1/sdm0KfmenrlywesfzY1Y1_if6euPp1.mp4";

TEST(LtxGolden, RenderToRealInput) {
  RenderToRealInput in;
  in.video_url = kSeedVideo;
  in.prompt =
      "3DREAL. Make it a detailed realistic 3D render. A sleek, futuristic hoverbike with glowing blue "
      "lights speeds "
      "down a multi-lane highway, leaving a trail of orange exhaust.";
  in.resolution = RenderResolution::k720p;
  in.num_frames = 121;
  in.frames_per_second = 24;
  in.num_inference_steps = 15;
  in.guidance_scale = 1;
  in.generate_audio = true;
  in.negative_prompt = std::string(defaults::kQualityNegativePrompt);
  in.enable_safety_checker = true;
  in.video_quality = VideoQuality::kHigh;
  in.video_write_mode = VideoWriteMode::kBalanced;
  EndpointTraits<RenderToRealInput>::Finalize(in);  // already starts with the trigger: unchanged
  EXPECT_EQ(Body(in), ParseJson(ReadFixture("render_to_real_input.json")));
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
}

TEST(LtxGolden, ReferenceVideoToVideoLoraInput) {
  ReferenceVideoToVideoLoraInput in;
  in.prompt = "A dancer in a flowing red dress against a black backdrop, studio lighting, cinematic.";
  in.video_url = kSeedVideo;
  in.video_strength = 0.6;
  in.strength = 1;
  in.num_frames = 121;
  in.resolution = AutoSize{};
  in.frames_per_second = 24;
  in.num_inference_steps = 15;
  in.guidance_scale = 1;
  in.generate_audio = true;
  in.negative_prompt = std::string(defaults::kQualityNegativePrompt);
  in.enable_prompt_expansion = true;
  in.enable_safety_checker = true;
  in.video_quality = VideoQuality::kHigh;
  in.video_write_mode = VideoWriteMode::kBalanced;
  in.loras = {
      LoraInput{"https://example.com/path/to/lora.safetensors", 1, std::string("both"), std::nullopt}};
  EXPECT_EQ(Body(in), ParseJson(ReadFixture("reference_video_to_video_lora_input.json")));
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
}

TEST(LtxGolden, ImageToVideoInput) {
  ImageToVideoInput in;
  in.prompt =
      "A woman stands still amid a busy neon-lit street at night. The camera slowly dollies in toward her "
      "face as "
      "people blur past, their motion emphasizing her calm presence.";
  in.image_url = "https://storage.googleapis.com/falserverless/example_inputs/ltxv-2-i2v-input.jpg";
  in.num_frames = 121;
  in.resolution = AutoSize{};
  in.frames_per_second = 24;
  in.num_inference_steps = 15;
  in.guidance_scale = 1;
  in.generate_audio = true;
  in.image_strength = 0.7;
  in.negative_prompt = std::string(defaults::kQualityNegativePrompt);
  in.enable_prompt_expansion = true;
  in.enable_safety_checker = true;
  in.video_quality = VideoQuality::kHigh;
  in.video_write_mode = VideoWriteMode::kBalanced;
  EXPECT_EQ(Body(in), ParseJson(ReadFixture("image_to_video_input.json")));
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
}

TEST(LtxGolden, TextToVideoLoraInput) {
  // The seed page's example payload: its values, some of which are no longer fal's defaults.
  namespace d = defaults::text_to_video_lora;
  TextToVideoLoraInput in;
  in.prompt =
      "A cowboy walking through a dusty town at high noon, camera following from behind, cinematic depth, "
      "realistic "
      "lighting, western mood, 4K film grain.";
  in.num_frames = d::kNumFrames;
  in.video_size = d::kVideoSize;
  in.generate_audio = d::kGenerateAudio;
  in.use_multiscale = d::kUseMultiscale;
  in.fps = d::kFps;
  in.num_inference_steps = 15;
  in.video_cfg_scale = d::kVideoCfgScale;
  in.video_stg_scale = d::kVideoStgScale;
  in.video_rescaling_scale = 0.85;
  in.video_modality_scale = d::kVideoModalityScale;
  in.audio_cfg_scale = d::kAudioCfgScale;
  in.audio_rescaling_scale = d::kAudioRescalingScale;
  in.audio_modality_scale = d::kAudioModalityScale;
  in.use_restart_sampling = d::kUseRestartSampling;
  in.scheduler = Scheduler::kBeta;
  in.acceleration = Acceleration::kNone;
  in.camera_lora = d::kCameraLora;
  in.camera_lora_scale = d::kCameraLoraScale;
  in.negative_prompt = std::string(defaults::k22bNegativePrompt);
  in.enable_prompt_expansion = d::kEnablePromptExpansion;
  in.enable_safety_checker = d::kEnableSafetyChecker;
  in.video_output_type = d::kVideoOutputType;
  in.video_quality = d::kVideoQuality;
  in.video_write_mode = d::kVideoWriteMode;
  in.loras = {LoraInput{"", 1, std::nullopt, std::nullopt}};
  in.distill_lora_first_pass_scale = d::kDistillLoraFirstPassScale;
  in.distill_lora_second_pass_scale = d::kDistillLoraSecondPassScale;
  EXPECT_EQ(Body(in), ParseJson(ReadFixture("text_to_video_lora_input.json")));
  // fal's own example (with its empty LoRA path) passes Strict.
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
}

TEST(LtxGolden, QualityOutputsParse) {
  for (const char* name : {"render_to_real_output.json", "reference_video_to_video_lora_output.json",
                           "image_to_video_output.json"}) {
    const std::string raw = ReadFixture(name);
    Result<QualityVideoOutput> out = EndpointTraits<RenderToRealInput>::ParseOutput(raw);
    ASSERT_TRUE(out.ok()) << name << ": " << out.error().ToString();
    EXPECT_EQ(out->video.url, "") << "fal's example has an empty url";
    EXPECT_EQ(out->video.content_type, "image/png") << "kept as sent, even when wrong";
    EXPECT_EQ(out->video.file_name, "z9RV14K95DvU.png");
    EXPECT_EQ(out->video.file_size, 4404019);
    EXPECT_FALSE(out->seed.has_value()) << "seed is documented required but missing from the example";
    EXPECT_EQ(out->prompt, "");
    EXPECT_EQ(out->raw_json, raw);
  }
  // The same parser serves all three quality endpoints.
  const std::string raw = ReadFixture("image_to_video_output.json");
  EXPECT_TRUE(EndpointTraits<ImageToVideoInput>::ParseOutput(raw).ok());
  EXPECT_TRUE(EndpointTraits<ReferenceVideoToVideoLoraInput>::ParseOutput(raw).ok());
}

TEST(LtxGolden, TextToVideoLoraOutputParses) {
  const std::string raw = ReadFixture("text_to_video_lora_output.json");
  Result<TextToVideoLoraOutput> out = EndpointTraits<TextToVideoLoraInput>::ParseOutput(raw);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(out->video.url, kSeedVideo);
  EXPECT_EQ(out->video.content_type, "video/mp4");
  EXPECT_EQ(out->video.file_name, "sdm0KfmenrlywesfzY1Y1_if6euPp1.mp4");
  EXPECT_FALSE(out->video.file_size.has_value());
  EXPECT_EQ(out->video.width, 1248);
  EXPECT_EQ(out->video.height, 704);
  EXPECT_EQ(out->video.num_frames, 161);
  EXPECT_EQ(out->video.fps, 25.0);
  EXPECT_EQ(out->video.duration, 6.44);
  EXPECT_EQ(out->seed, 149063119);
  EXPECT_EQ(out->prompt.rfind("A cowboy walking", 0), 0u);
  EXPECT_EQ(out->raw_json, raw);
}

TEST(LtxOutputs, Lenient) {
  // A data URI url (sync_mode), no content_type, wrong-typed optionals, float seed, unknown keys.
  const std::string raw =
      R"({"video":{"url":"data:video/mp4;base64,AAAA","file_size":"big","width":"1280","fps":24,)"
      R"("num_frames":121.0},"seed":42.0,"prompt":"3DREAL. x","timings":{"inference":12.5}})";
  Result<TextToVideoLoraOutput> out = EndpointTraits<TextToVideoLoraInput>::ParseOutput(raw);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  EXPECT_EQ(out->video.url, "data:video/mp4;base64,AAAA");
  EXPECT_FALSE(out->video.content_type.has_value());
  EXPECT_FALSE(out->video.file_size.has_value());
  EXPECT_FALSE(out->video.width.has_value());
  EXPECT_EQ(out->video.fps, 24.0);
  EXPECT_EQ(out->video.num_frames, 121);
  EXPECT_EQ(out->seed, 42);
  EXPECT_EQ(out->raw_json, raw);

  Result<RenderToRealOutput> q = EndpointTraits<RenderToRealInput>::ParseOutput(
      R"({"video":{"url":"https://x/y.mp4","content_type":null}})");
  ASSERT_TRUE(q.ok());
  EXPECT_FALSE(q->video.content_type.has_value()) << "null is absent";
  EXPECT_EQ(q->prompt, "") << "a missing prompt is empty";
  EXPECT_FALSE(q->seed.has_value());

  Result<RenderToRealOutput> fractional =
      EndpointTraits<RenderToRealInput>::ParseOutput(R"({"video":{"url":""},"seed":1.5})");
  ASSERT_TRUE(fractional.ok());
  EXPECT_FALSE(fractional->seed.has_value()) << "a fractional seed is not a seed";
}

TEST(LtxOutputs, MalformedBodies) {
  for (const char* raw : {"", "not json", "[]", "{}", R"({"video":null})", R"({"video":"https://x"})",
                          R"({"video":{}})", R"({"video":{"url":5}})", "<html>502 Bad Gateway</html>"}) {
    Result<RenderToRealOutput> out = EndpointTraits<RenderToRealInput>::ParseOutput(raw);
    ASSERT_FALSE(out.ok()) << raw;
    EXPECT_EQ(out.error().code(), ErrorCode::kMalformedResponse) << raw;
    EXPECT_NE(out.error().message().find("fal-ai/ltx-2.3-quality/render-to-real"), std::string::npos);
    Result<TextToVideoLoraOutput> out22 = EndpointTraits<TextToVideoLoraInput>::ParseOutput(raw);
    EXPECT_EQ(out22.error().code(), ErrorCode::kMalformedResponse) << raw;
  }
  // The excerpt is short even for a huge body.
  const std::string huge = "<html>" + std::string(100000, 'x');
  EXPECT_LT(EndpointTraits<RenderToRealInput>::ParseOutput(huge).error().message().size(), 400u);
}

}  // namespace
}  // namespace fal::ltx
