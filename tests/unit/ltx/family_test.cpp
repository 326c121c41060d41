// The endpoints typed from their descriptions (issue 14): quality image-to-video/lora,
// reference-video-to-video, text-to-video(/lora), extend-video(/lora) and the eight IC-LoRA effects. For
// each: the field count fal publishes (fal-js endpoints.ts), golden JSON from fal's examples, the rules in
// all three validation modes, the files to upload, the budgets and the output.

#include <gtest/gtest.h>

#include <string>

#include "fal/ltx/defaults.hpp"
#include "fal/ltx/distilled.hpp"
#include "fal/ltx/extend_video.hpp"
#include "fal/ltx/ic_lora_effects.hpp"
#include "fal/ltx/image_to_video.hpp"
#include "fal/ltx/image_to_video_22b.hpp"
#include "fal/ltx/quality_text_to_video.hpp"
#include "fal/ltx/reference_video_to_video.hpp"
#include "fal/ltx/text_to_video.hpp"
#include "ltx_test_util.hpp"

namespace fal::ltx {
namespace {

using test::Check;
using test::Has;
using test::Json;
using test::ParseJson;
using test::ReadFixture;

const char* const kVideo = "https://v3b.fal.media/files/b/0a8824b1/sdm0KfmenrlywesfzY1Y1_if6euPp1.mp4";
const LoraInput kLora{"https://example.com/path/to/lora.safetensors", 1, std::string("both"), std::nullopt};

template <class Input>
Json Body(const Input& in) {
  return ParseJson(EndpointTraits<Input>::ToJson(in));
}

template <class Input>
std::size_t FieldCount() {
  return EndpointTraits<Input>::Description().fields.size();
}

// Strict rejects a report with errors, Warn and Off send it.
void ExpectModes(const ValidationReport& report) {
  ASSERT_TRUE(report.HasErrors()) << report.ToString();
  EXPECT_FALSE(ApplyValidationMode(report, ValidationMode::kStrict));
  EXPECT_TRUE(ApplyValidationMode(report, ValidationMode::kWarn));
  EXPECT_TRUE(ApplyValidationMode(report, ValidationMode::kOff));
}

template <class Effect>
Effect ValidEffect() {
  Effect in;
  in.video_url = "https://example.com/street.mp4";
  return in;
}

ExtendVideoInput ValidExtend() {
  ExtendVideoInput in;
  in.prompt = "Continue the scene.";
  in.video_url = "https://example.com/clip.mp4";
  return in;
}

// ---- One description per endpoint: the field counts of fal's published schemas ----

TEST(LtxFamily, FieldCountsAreFals) {
  EXPECT_EQ(FieldCount<ImageToVideoLoraInput>(), 17u);
  EXPECT_EQ(FieldCount<ReferenceVideoToVideoInput>(), 23u);
  EXPECT_EQ(FieldCount<ReferenceVideoToVideoLoraInput>(), 24u);
  EXPECT_EQ(FieldCount<QualityTextToVideoInput>(), 14u);
  EXPECT_EQ(FieldCount<QualityTextToVideoLoraInput>(), 15u);
  EXPECT_EQ(FieldCount<ExtendVideoInput>(), 21u);
  EXPECT_EQ(FieldCount<ExtendVideoLoraInput>(), 22u);
  EXPECT_EQ(FieldCount<DayToNightInput>(), 14u);
  EXPECT_EQ(FieldCount<Ltx22bTextToVideoInput>(), 31u);
  EXPECT_EQ(FieldCount<Ltx22bImageToVideoInput>(), 36u);
  EXPECT_EQ(FieldCount<Ltx22bImageToVideoLoraInput>(), 37u);
  EXPECT_EQ(FieldCount<Ltx22bDistilledTextToVideoLoraInput>(), 20u);
  EXPECT_EQ(FieldCount<Ltx22bDistilledImageToVideoLoraInput>(), 25u);
  EXPECT_EQ(EndpointTraits<DayToNightInput>::Description().Find("enable_prompt_expansion"), nullptr);
}

// ---- Golden JSON (fal's example payloads) ----

TEST(LtxFamily, ImageToVideoLoraGolden) {
  ImageToVideoLoraInput in;
  in.prompt =
      "A woman stands still amid a busy neon-lit street at night. The camera slowly dollies in toward her "
      "face "
      "as people blur past, their motion emphasizing her calm presence.";
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
  in.loras = {kLora};
  EXPECT_EQ(Body(in), ParseJson(ReadFixture("image_to_video_lora_input.json")));
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
}

TEST(LtxFamily, ReferenceVideoToVideoIsTheLoraBodyWithoutLoras) {
  ReferenceVideoToVideoInput in;
  in.prompt = "A dancer in a flowing red dress against a black backdrop, studio lighting, cinematic.";
  in.video_url = kVideo;
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
  Json expected = ParseJson(ReadFixture("reference_video_to_video_lora_input.json"));
  expected.erase("loras");
  EXPECT_EQ(Body(in), expected);
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
  // The same rules as /lora: a later keyframe needs the first.
  in.end_image_url = "https://e.com/end.png";
  EXPECT_TRUE(Has(Check(in), "end_image_url", "value_error", Severity::kError));
}

TEST(LtxFamily, ExtendVideoGolden) {
  ExtendVideoInput in;
  in.prompt = "Continue the scene naturally, maintaining the same style and motion.";
  in.video_url = kVideo;
  in.extend_direction = ExtendDirection::kForward;
  in.num_frames = 121;
  in.num_context_frames = 25;
  in.end_image_strength = 1;
  in.resolution = AutoSize{};
  in.match_input_fps = true;
  in.frames_per_second = 24;
  in.video_strength = 1;
  in.num_inference_steps = 15;
  in.guidance_scale = 1;
  in.generate_audio = true;
  in.negative_prompt = std::string(defaults::kQualityNegativePrompt);
  in.enable_prompt_expansion = true;
  in.enable_safety_checker = true;
  in.video_quality = VideoQuality::kHigh;
  in.video_write_mode = VideoWriteMode::kBalanced;
  EXPECT_EQ(Body(in), ParseJson(ReadFixture("extend_video_input.json")));
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
  ExtendVideoLoraInput lora;
  lora.prompt = in.prompt;
  lora.video_url = kVideo;
  lora.loras = {kLora};
  EXPECT_EQ(Body(lora)["loras"], ParseJson(R"([{"path":"https://example.com/path/to/lora.safetensors",
                                                 "scale":1,"transformer":"both"}])"));
}

template <class Effect>
void ExpectDeblurGolden() {
  Effect in;
  in.video_url = kVideo;
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
  EXPECT_EQ(Body(in), ParseJson(ReadFixture("deblur_input.json"))) << EndpointTraits<Effect>::kEndpointId;
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
}

TEST(LtxFamily, EveryEffectSendsTheSharedSchema) {
  ExpectDeblurGolden<CleanPlateInput>();
  ExpectDeblurGolden<ColorizationInput>();
  ExpectDeblurGolden<CrossEyedInput>();
  ExpectDeblurGolden<DayToNightInput>();
  ExpectDeblurGolden<DeblurInput>();
  ExpectDeblurGolden<DecompressionInput>();
  ExpectDeblurGolden<InstantShaveInput>();
  ExpectDeblurGolden<WaterSimulationInput>();
  EXPECT_STREQ(EndpointTraits<DayToNightInput>::kEndpointId, "fal-ai/ltx-2.3-quality/day-to-night");
  EXPECT_EQ(EndpointTraits<WaterSimulationInput>::Description().id,
            "fal-ai/ltx-2.3-quality/water-simulation");
}

TEST(LtxFamily, QualityTextToVideoBodies) {
  QualityTextToVideoInput in;
  in.prompt = "A lighthouse at dusk.";
  in.resolution = SizePreset::kLandscape16x9;
  in.num_frames = 121;
  EXPECT_EQ(Body(in), ParseJson(R"({"prompt":"A lighthouse at dusk.","resolution":"landscape_16_9",
                                    "num_frames":121})"));
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
  QualityTextToVideoLoraInput lora;
  lora.prompt = in.prompt;
  lora.loras = {kLora, kLora, kLora, kLora};
  EXPECT_TRUE(Has(Check(lora), "loras", "too_long", Severity::kError)) << Check(lora).ToString();
  ExpectModes(Check(lora));
}

TEST(LtxFamily, Ltx22bTextToVideoIsTheLoraEndpointWithoutLoras) {
  Ltx22bTextToVideoInput in;
  in.prompt = "A cowboy at high noon.";
  in.video_size = SizePreset::kLandscape16x9;
  in.scheduler = Scheduler::kLtx2;
  EXPECT_EQ(Body(in), ParseJson(R"({"prompt":"A cowboy at high noon.","video_size":"landscape_16_9",
                                    "scheduler":"ltx2"})"));
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
  in.num_inference_steps = 51;  // 8..50 on 22b
  const ValidationReport r = Check(in);
  EXPECT_TRUE(Has(r, "num_inference_steps", "less_than_equal", Severity::kError)) << r.ToString();
  ExpectModes(r);
  const std::string output = ReadFixture("text_to_video_lora_output.json");
  Result<Ltx22bVideoOutput> parsed = EndpointTraits<Ltx22bTextToVideoInput>::ParseOutput(output);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->video.width.has_value());
}

// ---- Rules in all three modes ----

TEST(LtxFamily, ImageToVideoLoraRules) {
  ImageToVideoLoraInput in;
  in.prompt = "x";
  in.image_url = "https://e.com/a.png";
  in.loras = {kLora};
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
  in.loras.assign(4, kLora);
  in.image_strength = 1.5;
  const ValidationReport r = Check(in);
  EXPECT_TRUE(Has(r, "loras", "too_long", Severity::kError));
  EXPECT_TRUE(Has(r, "image_strength", "less_than_equal", Severity::kError));
  ExpectModes(r);
  in.loras.clear();
  in.image_strength.reset();
  EXPECT_TRUE(Has(Check(in), "loras", "too_short", Severity::kWarning));
}

TEST(LtxFamily, EffectBudgetIsRenderToReals) {
  DayToNightInput in = ValidEffect<DayToNightInput>();
  in.num_frames = 145;  // 720p (the default) allows 145
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
  in.num_frames = 153;
  const ValidationReport over = Check(in);
  EXPECT_TRUE(Has(over, "num_frames", "budget_exceeded", Severity::kError)) << over.ToString();
  ExpectModes(over);
  in.resolution = RenderResolution::k480p;
  in.num_frames = 361;
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
  in.num_frames = 369;
  EXPECT_TRUE(Has(Check(in), "num_frames", "budget_exceeded", Severity::kError));
  // The prompt is optional: none is no finding.
  EXPECT_TRUE(Check(ValidEffect<DeblurInput>()).findings.empty());
}

TEST(LtxFamily, ExtendBudgetBySizeClass) {
  ExtendVideoInput in = ValidExtend();
  in.resolution = ImageSize{1280, 704};  // 720p-class: 265 frames
  in.num_frames = 265;
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
  in.num_frames = 273;
  EXPECT_TRUE(Has(Check(in), "num_frames", "budget_exceeded", Severity::kError)) << Check(in).ToString();
  ExpectModes(Check(in));
  in.resolution = ImageSize{1888, 1056};  // 1080p-class: 121 frames
  in.num_frames = 121;
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
  in.num_frames = 129;
  EXPECT_TRUE(Has(Check(in), "num_frames", "budget_exceeded", Severity::kError));
  in.resolution = ImageSize{832, 480};  // 480p-class: 481 frames
  in.num_frames = 481;
  EXPECT_FALSE(Check(in).HasErrors()) << Check(in).ToString();
  in.resolution = AutoSize{};  // the source decides: warned, not rejected
  EXPECT_TRUE(Has(Check(in), "num_frames", "budget_exceeded", Severity::kWarning)) << Check(in).ToString();
  EXPECT_FALSE(Check(in).HasErrors());
}

TEST(LtxFamily, ExtendContextFrames) {
  ExtendVideoInput in = ValidExtend();
  in.num_context_frames = 24;  // snapped down to 17
  EXPECT_TRUE(Has(Check(in), "num_context_frames", "frame_grid", Severity::kWarning));
  in.num_context_frames = 121;
  in.num_frames = 121;  // nothing new would be generated
  EXPECT_TRUE(Has(Check(in), "num_context_frames", "value_error", Severity::kError));
  in.num_context_frames = 129;
  EXPECT_TRUE(Has(Check(in), "num_context_frames", "less_than_equal", Severity::kError));
}

// ---- Files to upload ----

TEST(LtxFamily, FilesAreTheSetFileFields) {
  ExtendVideoInput ext = ValidExtend();
  EXPECT_EQ(EndpointTraits<ExtendVideoInput>::Files(ext).size(), 1u);
  ext.end_image_url = File::FromPath("end.png");
  const std::vector<File*> files = EndpointTraits<ExtendVideoInput>::Files(ext);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[1], &*ext.end_image_url);
  EXPECT_EQ(Body(ext)["end_image_url"], "<upload: end.png>");
  DeblurInput effect = ValidEffect<DeblurInput>();
  ASSERT_EQ(EndpointTraits<DeblurInput>::Files(effect).size(), 1u);
  EXPECT_EQ(EndpointTraits<DeblurInput>::Files(effect)[0], &effect.video_url);
  QualityTextToVideoInput t2v;
  EXPECT_TRUE(EndpointTraits<QualityTextToVideoInput>::Files(t2v).empty());
}

// ---- A value fal adds to an enum tomorrow: sendable today under Strict ----

TEST(LtxFamily, NewEnumValueGoesThroughExtraJsonUnderStrict) {
  ExtendVideoInput in = ValidExtend();
  in.extra_json = R"({"extend_direction":"both_ways"})";
  const ValidationReport r = Check(in);
  EXPECT_TRUE(Has(r, "extend_direction", "enum", Severity::kWarning)) << r.ToString();
  EXPECT_TRUE(ApplyValidationMode(r, ValidationMode::kStrict));
  EXPECT_EQ(Body(in)["extend_direction"], "both_ways");
  // A known value is no finding at all.
  in.extra_json = R"({"extend_direction":"backward"})";
  EXPECT_TRUE(Check(in).findings.empty()) << Check(in).ToString();
}

// ---- Outputs ----

TEST(LtxFamily, OutputsParse) {
  const std::string body = ReadFixture("image_to_video_output.json");
  EXPECT_TRUE(EndpointTraits<DayToNightInput>::ParseOutput(body));
  EXPECT_TRUE(EndpointTraits<ExtendVideoInput>::ParseOutput(body));
  EXPECT_TRUE(EndpointTraits<QualityTextToVideoLoraInput>::ParseOutput(body));
  EXPECT_FALSE(EndpointTraits<DeblurInput>::ParseOutput("{}"));
}

}  // namespace
}  // namespace fal::ltx
