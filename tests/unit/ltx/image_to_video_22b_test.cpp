// fal-ai/ltx-2.3-22b/image-to-video and its /lora variant (issue 14): one table for both, the field counts
// fal publishes (36 and 37), golden JSON with every field set, the rules in all three validation modes, the
// files to upload, the interpolation direction through extra_json, and the 22b output.

#include "fal/ltx/image_to_video_22b.hpp"

#include <gtest/gtest.h>

#include <string>

#include "fal/ltx/defaults.hpp"
#include "ltx_test_util.hpp"

namespace fal::ltx {
namespace {

using test::Check;
using test::Has;
using test::Json;
using test::ParseJson;
using test::ReadFixture;

const char* const kPrompt =
    "A woman stands still amid a busy neon-lit street at night. The camera slowly dollies in toward her face "
    "as people blur past, their motion emphasizing her calm presence. City lights flicker and reflections "
    "shift across her denim jacket.";
const char* const kImage = "https://storage.googleapis.com/falserverless/example_inputs/ltxv-2-i2v-input.jpg";

template <class Input>
Json Body(const Input& in) {
  return ParseJson(EndpointTraits<Input>::ToJson(in));
}

void ExpectModes(const ValidationReport& report) {
  ASSERT_TRUE(report.HasErrors()) << report.ToString();
  EXPECT_FALSE(ApplyValidationMode(report, ValidationMode::kStrict));
  EXPECT_TRUE(ApplyValidationMode(report, ValidationMode::kWarn));
  EXPECT_TRUE(ApplyValidationMode(report, ValidationMode::kOff));
}

// fal's example prompt and image, an end image, and every other field at its documented default (an
// explicit seed): the body must carry each of them under fal's key.
template <class Input>
Input Full() {
  namespace d = defaults::text_to_video_lora;
  Input in;
  in.prompt = kPrompt;
  in.image_url = kImage;
  in.end_image_url = File("https://example.com/end_frame.jpg");
  in.num_frames = d::kNumFrames;
  in.video_size = AutoSize{};
  in.generate_audio = d::kGenerateAudio;
  in.use_multiscale = d::kUseMultiscale;
  in.fps = d::kFps;
  in.num_inference_steps = d::kNumInferenceSteps;
  in.video_cfg_scale = d::kVideoCfgScale;
  in.video_stg_scale = d::kVideoStgScale;
  in.video_rescaling_scale = d::kVideoRescalingScale;
  in.video_modality_scale = d::kVideoModalityScale;
  in.audio_cfg_scale = d::kAudioCfgScale;
  in.audio_stg_scale = d::kAudioStgScale;
  in.audio_rescaling_scale = d::kAudioRescalingScale;
  in.audio_modality_scale = d::kAudioModalityScale;
  in.gradient_estimation_gamma = d::kGradientEstimationGamma;
  in.use_restart_sampling = d::kUseRestartSampling;
  in.scheduler = d::kScheduler;
  in.acceleration = d::kAcceleration;
  in.camera_lora = d::kCameraLora;
  in.camera_lora_scale = d::kCameraLoraScale;
  in.negative_prompt = std::string(defaults::k22bNegativePrompt);
  in.seed = 42;
  in.enable_prompt_expansion = d::kEnablePromptExpansion;
  in.enable_safety_checker = d::kEnableSafetyChecker;
  in.video_output_type = d::kVideoOutputType;
  in.video_quality = d::kVideoQuality;
  in.video_write_mode = d::kVideoWriteMode;
  in.sync_mode = d::kSyncMode;
  in.distill_lora_first_pass_scale = d::kDistillLoraFirstPassScale;
  in.distill_lora_second_pass_scale = d::kDistillLoraSecondPassScale;
  in.image_strength = defaults::image_to_video_22b::kImageStrength;
  in.end_image_strength = defaults::image_to_video_22b::kEndImageStrength;
  in.interpolation_direction = defaults::image_to_video_22b::kInterpolationDirection;
  return in;
}

Ltx22bImageToVideoInput Valid() {
  Ltx22bImageToVideoInput in;
  in.prompt = "The camera dollies in.";
  in.image_url = "https://example.com/start.jpg";
  return in;
}

TEST(Ltx22bImageToVideo, FieldCountsAreFals) {
  EXPECT_EQ(EndpointTraits<Ltx22bImageToVideoInput>::Description().fields.size(), 36u);
  EXPECT_EQ(EndpointTraits<Ltx22bImageToVideoLoraInput>::Description().fields.size(), 37u);
  EXPECT_EQ(EndpointTraits<Ltx22bImageToVideoInput>::Description().Find("loras"), nullptr);
}

TEST(Ltx22bImageToVideo, LoraGoldenCarriesEveryField) {
  Ltx22bImageToVideoLoraInput in = Full<Ltx22bImageToVideoLoraInput>();
  in.loras = {LoraInput{"", 1, std::nullopt, std::nullopt}};
  EXPECT_EQ(Body(in), ParseJson(ReadFixture("image_to_video_22b_lora_input.json")));
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
}

TEST(Ltx22bImageToVideo, PlainIsTheLoraBodyWithoutLoras) {
  const Ltx22bImageToVideoInput in = Full<Ltx22bImageToVideoInput>();
  Json expected = ParseJson(ReadFixture("image_to_video_22b_lora_input.json"));
  expected.erase("loras");
  EXPECT_EQ(Body(in), expected);
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
  // Unset optionals stay out of the body: the server applies its own defaults.
  EXPECT_EQ(Body(Valid()), ParseJson(R"({"prompt":"The camera dollies in.",
                                         "image_url":"https://example.com/start.jpg"})"));
}

TEST(Ltx22bImageToVideo, DescriptionSaysAutoAndTheDirections) {
  const EndpointDescription& d = EndpointTraits<Ltx22bImageToVideoLoraInput>::Description();
  const FieldDescription* size = d.Find("video_size");
  ASSERT_NE(size, nullptr);
  ASSERT_FALSE(size->choices.empty());
  EXPECT_EQ(size->choices.front(), "auto");
  EXPECT_EQ(size->documented_default, "auto");
  const FieldDescription* direction = d.Find("interpolation_direction");
  ASSERT_NE(direction, nullptr);
  EXPECT_EQ(direction->choices, (std::vector<std::string>{"forward", "backward"}));
  EXPECT_EQ(direction->documented_default, "forward");
  const FieldDescription* image = d.Find("image_url");
  ASSERT_NE(image, nullptr);
  EXPECT_TRUE(image->required);
  EXPECT_EQ(image->flag, "image");
  ASSERT_NE(d.Find("end_image_url"), nullptr);
  EXPECT_FALSE(d.Find("end_image_url")->required);
  EXPECT_EQ(d.Find("end_image_url")->flag, "end-image");
  EXPECT_EQ(d.Find("image_strength")->max, 1.0);
  EXPECT_EQ(d.Find("end_image_strength")->min, 0.0);
}

TEST(Ltx22bImageToVideo, RulesInAllThreeModes) {
  Ltx22bImageToVideoInput in = Valid();
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
  in.image_strength = 1.5;
  in.end_image_strength = -0.1;
  in.num_inference_steps = 51;  // 8..50 on 22b
  in.video_cfg_scale = 0.5;     // 1..20
  const ValidationReport r = Check(in);
  EXPECT_TRUE(Has(r, "image_strength", "less_than_equal", Severity::kError)) << r.ToString();
  EXPECT_TRUE(Has(r, "end_image_strength", "greater_than_equal", Severity::kError)) << r.ToString();
  EXPECT_TRUE(Has(r, "num_inference_steps", "less_than_equal", Severity::kError)) << r.ToString();
  EXPECT_TRUE(Has(r, "video_cfg_scale", "greater_than_equal", Severity::kError)) << r.ToString();
  ExpectModes(r);
}

TEST(Ltx22bImageToVideo, ImageIsRequiredAndFileUrlsAreChecked) {
  Ltx22bImageToVideoInput in = Valid();
  in.image_url = File();
  const ValidationReport missing = Check(in);
  EXPECT_TRUE(missing.HasErrors()) << missing.ToString();
  ExpectModes(missing);
  in = Valid();
  in.end_image_url = File("ftp://example.com/end.png");
  EXPECT_TRUE(Check(in).HasErrors()) << Check(in).ToString();
}

TEST(Ltx22bImageToVideo, AutoAndCustomSizes) {
  Ltx22bImageToVideoInput in = Valid();
  in.video_size = AutoSize{};
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
  EXPECT_EQ(Body(in)["video_size"], "auto");
  in.video_size = ImageSize{1280, 720};  // not a multiple of 32: warned, sent
  EXPECT_FALSE(Check(in).HasErrors());
  EXPECT_FALSE(Check(in).findings.empty());
  EXPECT_EQ(Body(in)["video_size"], ParseJson(R"({"width":1280,"height":720})"));
}

TEST(Ltx22bImageToVideo, LoraScaleIsBounded) {
  Ltx22bImageToVideoLoraInput in;
  in.prompt = "The camera dollies in.";
  in.image_url = "https://example.com/start.jpg";
  in.loras = {LoraInput{"https://example.com/a.safetensors", 4, std::nullopt, std::nullopt}};
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
  in.loras[0].scale = 4.5;  // 0..4 on 22b
  const ValidationReport r = Check(in);
  EXPECT_TRUE(r.HasErrors()) << r.ToString();
  ExpectModes(r);
}

TEST(Ltx22bImageToVideo, FilesAreTheImages) {
  Ltx22bImageToVideoLoraInput in;
  in.prompt = "x";
  in.image_url = File::FromPath("start.png");
  EXPECT_EQ(EndpointTraits<Ltx22bImageToVideoLoraInput>::Files(in).size(), 1u);
  in.end_image_url = File::FromPath("end.png");
  const std::vector<File*> files = EndpointTraits<Ltx22bImageToVideoLoraInput>::Files(in);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0], &in.image_url);
  EXPECT_EQ(files[1], &*in.end_image_url);
  EXPECT_EQ(Body(in)["end_image_url"], "<upload: end.png>");
}

TEST(Ltx22bImageToVideo, NewDirectionGoesThroughExtraJsonUnderStrict) {
  Ltx22bImageToVideoInput in = Valid();
  in.extra_json = R"({"interpolation_direction":"both_ways"})";
  const ValidationReport r = Check(in);
  EXPECT_TRUE(Has(r, "interpolation_direction", "enum", Severity::kWarning)) << r.ToString();
  EXPECT_TRUE(ApplyValidationMode(r, ValidationMode::kStrict));
  EXPECT_EQ(Body(in)["interpolation_direction"], "both_ways");
  in.extra_json = R"({"interpolation_direction":"backward"})";
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
  in.extra_json.clear();
  in.interpolation_direction = InterpolationDirection::kBackward;
  EXPECT_EQ(Body(in)["interpolation_direction"], "backward");
}

TEST(Ltx22bImageToVideo, OutputIsThe22bVideoFile) {
  const std::string raw = ReadFixture("text_to_video_lora_output.json");
  Result<Ltx22bVideoOutput> plain = EndpointTraits<Ltx22bImageToVideoInput>::ParseOutput(raw);
  ASSERT_TRUE(plain.ok()) << plain.error().ToString();
  EXPECT_EQ(plain->video.width.value_or(0), 1248);
  EXPECT_EQ(plain->video.num_frames.value_or(0), 161);
  Result<Ltx22bVideoOutput> lora = EndpointTraits<Ltx22bImageToVideoLoraInput>::ParseOutput(raw);
  ASSERT_TRUE(lora.ok());
  EXPECT_FALSE(EndpointTraits<Ltx22bImageToVideoInput>::ParseOutput("{}").ok());
}

}  // namespace
}  // namespace fal::ltx
