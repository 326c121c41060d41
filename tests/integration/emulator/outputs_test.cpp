// Outputs: shaped as fal's pages show them, with a real playable MP4 behind every video URL (the
// uploaded input when the input is one of the emulator's files, else the bundled sample).
#include <fstream>
#include <iterator>

#include "emulator_test_util.hpp"

namespace fal::emulator_test {
namespace {

using EmulatorOutputsTest = EmulatorTest;

// An MP4 starts with a box whose type is "ftyp".
bool LooksLikeMp4(const std::string& bytes) { return bytes.size() > 12 && bytes.compare(4, 4, "ftyp") == 0; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string PathOf(const std::string& url, const std::string& base) { return url.substr(base.size()); }

TEST_F(EmulatorOutputsTest, RenderToRealOutputIsAFileWithSeedAndFinalPrompt) {
  json input = MinimalInput(kRenderToReal);
  input["prompt"] = "A cargo ship at dawn.";
  const auto [status, output] = Run(kRenderToReal, input);
  ASSERT_EQ(status, 200);
  const json& video = output["video"];
  EXPECT_EQ(video["content_type"], "video/mp4");
  EXPECT_TRUE(video["file_name"].get<std::string>().size() > 4);
  EXPECT_FALSE(video.contains("width"));  // a File, not a VideoFile, on the quality endpoints
  EXPECT_TRUE(output["seed"].is_number_integer());
  // The trigger is guaranteed at the start.
  EXPECT_EQ(output["prompt"], "3DREAL. A cargo ship at dawn.");
  const std::string url = video["url"];
  ASSERT_EQ(url.rfind(base() + "/files/", 0), 0u) << url;
  auto file = http().Get(PathOf(url, base()));
  ASSERT_TRUE(file);
  EXPECT_EQ(file->status, 200);
  EXPECT_EQ(file->get_header_value("Content-Type"), "video/mp4");
  EXPECT_EQ(file->body.size(), video["file_size"].get<std::size_t>());
  EXPECT_TRUE(LooksLikeMp4(file->body));
}

TEST_F(EmulatorOutputsTest, PromptRulesPerEndpoint) {
  auto prompt_of = [this](const std::string& endpoint, const json& patch) {
    json input = MinimalInput(endpoint);
    input.merge_patch(patch);
    return Run(endpoint, input).second["prompt"].get<std::string>();
  };
  const std::string sentence =
      "Photorealistic detail, natural lighting, realistic materials and a steady cinematic camera.";
  EXPECT_EQ(prompt_of(kRenderToReal, json::object()), "3DREAL. ");
  EXPECT_EQ(prompt_of(kRenderToReal, {{"prompt", "3DREAL. Keep it."}}), "3DREAL. Keep it.");
  EXPECT_EQ(prompt_of(kRenderToReal, {{"prompt", "3DREAL harbour"}}), "3DREAL harbour");
  EXPECT_EQ(prompt_of(kRenderToReal, {{"prompt", "A harbour."}, {"enable_prompt_expansion", true}}),
            "3DREAL. A harbour. " + sentence);
  EXPECT_EQ(prompt_of(kRenderToReal, {{"prompt", ""}, {"enable_prompt_expansion", true}}),
            "3DREAL. " + sentence);
  // Expansion is on by default elsewhere, and the trigger is not added there.
  EXPECT_EQ(prompt_of(kImageToVideo, {{"prompt", "A lighthouse."}}), "A lighthouse. " + sentence);
  EXPECT_EQ(prompt_of(kImageToVideo, {{"prompt", "A lighthouse."}, {"enable_prompt_expansion", false}}),
            "A lighthouse.");
  EXPECT_EQ(prompt_of(kReferenceVideo, {{"enable_prompt_expansion", false}}), "A street at dusk");
  EXPECT_EQ(prompt_of(kTextToVideo22b, {{"enable_prompt_expansion", false}}), "A cowboy walking");
}

TEST_F(EmulatorOutputsTest, SeedIsEchoedWhenGiven) {
  json input = MinimalInput(kImageToVideo);
  input["seed"] = 149063119;
  EXPECT_EQ(Run(kImageToVideo, input).second["seed"], 149063119);
}

TEST_F(EmulatorOutputsTest, TextToVideo22bAnswersAVideoFileWithMetadataFromTheRequest) {
  json input = MinimalInput(kTextToVideo22b);
  auto output = Run(kTextToVideo22b, input).second;
  EXPECT_EQ(output["video"]["width"], 1024);  // landscape_16_9, the default
  EXPECT_EQ(output["video"]["height"], 576);
  EXPECT_EQ(output["video"]["num_frames"], 121);
  EXPECT_DOUBLE_EQ(output["video"]["fps"].get<double>(), 24.0);
  EXPECT_NEAR(output["video"]["duration"].get<double>(), 121 / 24.0, 1e-9);
  input["video_size"] = {{"width", 1248}, {"height", 704}};
  input["num_frames"] = 161;
  input["fps"] = 25;
  output = Run(kTextToVideo22b, input).second;
  EXPECT_EQ(output["video"]["width"], 1248);
  EXPECT_EQ(output["video"]["height"], 704);
  EXPECT_NEAR(output["video"]["duration"].get<double>(), 6.44, 1e-9);
  EXPECT_EQ(output["video"]["content_type"], "video/mp4");
}

// The distilled /lora endpoints answer a 22b VideoFile too; image-to-video's `auto` is the emulator's
// assumed 1280x704.
TEST_F(EmulatorOutputsTest, DistilledLoraEndpointsAnswerAVideoFileWithMetadata) {
  json input = MinimalInput(kDistilledTextToVideoLora);
  input["num_frames"] = 97;
  auto output = Run(kDistilledTextToVideoLora, input).second;
  EXPECT_EQ(output["video"]["width"], 1024);  // landscape_16_9, the default
  EXPECT_EQ(output["video"]["height"], 576);
  EXPECT_EQ(output["video"]["num_frames"], 97);
  input = MinimalInput(kDistilledImageToVideoLora);
  output = Run(kDistilledImageToVideoLora, input).second;
  EXPECT_EQ(output["video"]["width"], 1280);
  EXPECT_EQ(output["video"]["height"], 704);
  input["video_size"] = "portrait_16_9";
  input["fps"] = 30;
  output = Run(kDistilledImageToVideoLora, input).second;
  EXPECT_EQ(output["video"]["width"], 576);
  EXPECT_EQ(output["video"]["height"], 1024);
  EXPECT_DOUBLE_EQ(output["video"]["fps"].get<double>(), 30.0);
  EXPECT_NEAR(output["video"]["duration"].get<double>(), 121 / 30.0, 1e-9);
}

TEST_F(EmulatorOutputsTest, AnUploadedInputVideoComesBackAsTheOutput) {
  const std::string blockout = ReadFile(std::string(FALCPP_SOURCE_DIR) + "/examples/data/blockout_720p.mp4");
  ASSERT_TRUE(LooksLikeMp4(blockout));
  auto initiate =
      http().Post("/storage/upload/initiate?storage_type=fal-cdn-v3",
                  R"({"content_type":"video/mp4","file_name":"blockout_720p.mp4"})", "application/json");
  const json ticket = ParseJson(initiate->body);
  ASSERT_EQ(http().Put(PathOf(ticket["upload_url"], base()), blockout, "video/mp4")->status, 200);

  json input = MinimalInput(kRenderToReal);
  input["video_url"] = ticket["file_url"];
  const json output = Run(kRenderToReal, input).second;
  auto file = http().Get(PathOf(output["video"]["url"], base()));
  EXPECT_EQ(file->body, blockout);
  EXPECT_EQ(output["video"]["file_size"], blockout.size());
  EXPECT_NE(output["video"]["url"], ticket["file_url"]);  // a new file, with its own name

  // The same for reference-video-to-video/lora; image-to-video gets the sample.
  json rv2v = MinimalInput(kReferenceVideo);
  rv2v["video_url"] = ticket["file_url"];
  EXPECT_EQ(Run(kReferenceVideo, rv2v).second["video"]["file_size"], blockout.size());
  EXPECT_NE(Run(kImageToVideo, MinimalInput(kImageToVideo)).second["video"]["file_size"], blockout.size());
}

TEST_F(EmulatorOutputsTest, AnOutsideUrlGetsTheBundledSample) {
  const json output = Run(kRenderToReal, MinimalInput(kRenderToReal)).second;
  auto file = http().Get(PathOf(output["video"]["url"], base()));
  EXPECT_TRUE(LooksLikeMp4(file->body));
  EXPECT_GT(file->body.size(), 10000u);
  EXPECT_LT(file->body.size(), 100000u);
}

TEST_F(EmulatorOutputsTest, SyncModeReturnsTheVideoInlineAsADataUri) {
  json input = MinimalInput(kImageToVideo);
  input["sync_mode"] = true;
  const json output = Run(kImageToVideo, input).second;
  const std::string url = output["video"]["url"];
  const std::string prefix = "data:video/mp4;base64,";
  ASSERT_EQ(url.rfind(prefix, 0), 0u);
  const std::string bytes = Base64Decode(url.substr(prefix.size()));
  EXPECT_TRUE(LooksLikeMp4(bytes));
  EXPECT_EQ(bytes.size(), output["video"]["file_size"].get<std::size_t>());
}

TEST_F(EmulatorOutputsTest, ResultsOfEachEndpointCarryMetricsAndNoError) {
  for (const char* endpoint : {kRenderToReal, kReferenceVideo, kImageToVideo, kTextToVideo22b}) {
    SCOPED_TRACE(endpoint);
    const json submitted = Submit(endpoint, MinimalInput(endpoint));
    const json status = WaitCompleted(AppOf(endpoint), submitted["request_id"]);
    EXPECT_EQ(status["metrics"]["inference_time"], 0.06);
    EXPECT_FALSE(status.contains("error"));
  }
  const json stats = Stats();
  EXPECT_EQ(stats["jobs_created"], 4);
  EXPECT_EQ(stats["jobs_completed"], 4);
}

// 22b image-to-video(/lora): the 22b VideoFile; video_size defaults to auto, taken as 1280x704.
TEST_F(EmulatorOutputsTest, ImageToVideo22bAnswersAVideoFileWithAutoAsTheAssumedSize) {
  for (const char* endpoint : {kImageToVideo22b, kImageToVideo22bLora}) {
    SCOPED_TRACE(endpoint);
    json input = MinimalInput(endpoint);
    input["end_image_url"] = "https://example.com/end.png";
    auto output = Run(endpoint, input).second;
    EXPECT_EQ(output["video"]["width"], 1280);
    EXPECT_EQ(output["video"]["height"], 704);
    EXPECT_EQ(output["video"]["num_frames"], 121);
    EXPECT_DOUBLE_EQ(output["video"]["fps"].get<double>(), 24.0);
    input["video_size"] = "portrait_16_9";
    input["num_frames"] = 97;
    output = Run(endpoint, input).second;
    EXPECT_EQ(output["video"]["width"], 576);
    EXPECT_EQ(output["video"]["height"], 1024);
    EXPECT_EQ(output["video"]["num_frames"], 97);
  }
}

}  // namespace
}  // namespace fal::emulator_test
