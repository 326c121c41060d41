// fal-emulator's rendered outputs (--outputs render, with falcpp::media): the input's frames, at the size,
// frame count and rate fal would deliver, graded and labelled, with image_url in the first frame. Clips
// are written by the tests (every frame carries its number), uploaded, rendered and read back.
#include <cstdlib>
#include <fstream>

#include "emulator_test_util.hpp"
#include "fal/media/media.hpp"
#include "unit/media/media_test_util.hpp"

namespace fal::emulator_test {
namespace {

using test::FrameNumbersOf;
using test::Numbers;
using test::ScratchDir;

constexpr std::chrono::seconds kRenderWait{120};  // a render is seconds of CPU on a loaded machine

class EmulatorRenderTest : public EmulatorTest {
 protected:
  void SetUp() override { Restart(FastArgs({"--outputs", "render"})); }

  // Uploads bytes through the storage API; returns the file URL.
  std::string Upload(const std::string& bytes, const std::string& name, const std::string& type) {
    auto initiate = http().Post("/storage/upload/initiate?storage_type=fal-cdn-v3",
                                json{{"content_type", type}, {"file_name", name}}.dump(), "application/json");
    const json ticket = ParseJson(initiate->body);
    auto put = http().Put(PathOf(ticket["upload_url"]), bytes, type.c_str());
    EXPECT_EQ(put->status, 200);
    return ticket["file_url"];
  }

  std::string UploadClip(const media::TestClipSpec& spec) {
    const std::string path = test::MakeClip(dir_, "upload-" + std::to_string(uploads_++) + ".mp4", spec);
    return Upload(test::ReadAll(path), "clip.mp4", "video/mp4");
  }

  // Runs a job to completion and downloads its video; returns the local path and the output JSON.
  std::pair<std::string, json> RenderJob(const std::string& endpoint, const json& input) {
    const json submitted = Submit(endpoint, input);
    const std::string id = submitted.value("request_id", "");
    last_status_ = WaitCompleted(AppOf(endpoint), id, kRenderWait);
    auto result = http().Get("/" + AppOf(endpoint) + "/requests/" + id);
    EXPECT_EQ(result->status, 200) << result->body;
    const json output = ParseJson(result->body);
    auto file = http().Get(PathOf(output["video"]["url"]));
    EXPECT_EQ(file->status, 200);
    EXPECT_EQ(file->body.size(), output["video"]["file_size"].get<std::size_t>());
    const std::string path = (dir_ / ("output-" + std::to_string(downloads_++) + ".mp4")).string();
    std::ofstream(path, std::ios::binary) << file->body;
    return {path, output};
  }

  std::string PathOf(const std::string& url) const { return url.substr(base().size()); }

  // The logs of the last job RenderJob ran, joined.
  std::string LastLogs() const {
    std::string text;
    for (const auto& line : last_status_["logs"]) text += line["message"].get<std::string>() + "\n";
    return text;
  }

  // Frame `index` of a video as RGB.
  media::RgbImage Frame(const std::string& video, std::int64_t index) {
    const std::string png = (dir_ / ("frame-" + std::to_string(frames_++) + ".png")).string();
    auto extracted = media::ExtractFrame(video, index, png);
    EXPECT_TRUE(extracted.ok()) << extracted.error().message();
    auto image = media::ReadImage(png);
    EXPECT_TRUE(image.ok()) << image.error().message();
    return image.ok() ? *image : media::RgbImage{};
  }

  ScratchDir dir_;
  json last_status_;
  int uploads_ = 0;
  int downloads_ = 0;
  int frames_ = 0;
};

// The mean absolute difference of two same-size pictures below the frame code, per channel value.
double MeanDifference(const media::RgbImage& a, const media::RgbImage& b) {
  if (a.pixels.size() != b.pixels.size() || a.pixels.empty()) return -1;
  const std::size_t start = static_cast<std::size_t>(media::FrameCodeRows(a.height)) * a.width * 3;
  double sum = 0;
  for (std::size_t i = start; i < a.pixels.size(); ++i) sum += std::abs(a.pixels[i] - b.pixels[i]);
  return sum / static_cast<double>(a.pixels.size() - start);
}

TEST_F(EmulatorRenderTest, RenderToRealGivesTheInputsFramesAtTheRequestedSizeCountAndRate) {
  const std::string video_url = UploadClip(test::Spec(48, 640, 360));
  json input = MinimalInput(kRenderToReal);
  input["video_url"] = video_url;
  input["resolution"] = "480p";
  input["num_frames"] = 33;
  input["frames_per_second"] = 30;
  const auto [path, output] = RenderJob(kRenderToReal, input);

  auto clip = media::Probe(path);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->width, 854);  // the short side 480, the source's 16:9 kept, even
  EXPECT_EQ(clip->height, 480);
  EXPECT_EQ(clip->frame_count, 33);
  EXPECT_EQ(clip->frame_rate_numerator, 30);
  EXPECT_EQ(clip->frame_rate_denominator, 1);
  EXPECT_EQ(clip->video_codec, "h264");
  EXPECT_EQ(FrameNumbersOf(path), Numbers(0, 32));
  EXPECT_NE(LastLogs().find("Rendered the output video: 854x480, 33 frames at 30/1 fps (the input's frames)"),
            std::string::npos)
      << LastLogs();
}

TEST_F(EmulatorRenderTest, TheOutputIsVisiblyGraded) {
  ScratchDir local;
  const std::string source = test::MakeClip(local, "source.mp4", test::Spec(9, 854, 480));
  json input = MinimalInput(kRenderToReal);
  input["video_url"] = Upload(test::ReadAll(source), "clip.mp4", "video/mp4");
  input["resolution"] = "480p";
  input["num_frames"] = 9;
  const std::string output = RenderJob(kRenderToReal, input).first;
  EXPECT_GT(MeanDifference(Frame(source, 4), Frame(output, 4)), 12) << "the grade is too weak to see";
}

TEST_F(EmulatorRenderTest, AShortInputRepeatsItsLastFrameAndAPortraitInputStaysPortrait) {
  json input = MinimalInput(kRenderToReal);
  input["video_url"] = UploadClip(test::Spec(20, 180, 320));
  input["num_frames"] = 25;  // 720p by default: the short side is 720
  const std::string path = RenderJob(kRenderToReal, input).first;
  auto clip = media::Probe(path);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->width, 720);
  EXPECT_EQ(clip->height, 1280);
  EXPECT_EQ(clip->frame_rate_numerator, 24);
  std::vector<std::int64_t> expected = Numbers(0, 19);
  expected.insert(expected.end(), 5, 19);
  EXPECT_EQ(FrameNumbersOf(path), expected);
}

TEST_F(EmulatorRenderTest, ImageUrlIsBlendedIntoTheFirstFrameOnly) {
  const std::string video_url = UploadClip(test::Spec(9, 640, 360));
  const std::string image_url =
      Upload(test::ReadAll(std::string(FALCPP_SOURCE_DIR) + "/examples/data/reference_frame.png"),
             "reference_frame.png", "image/png");
  json input = MinimalInput(kRenderToReal);
  input["video_url"] = video_url;
  input["resolution"] = "480p";
  input["num_frames"] = 9;
  const std::string plain = RenderJob(kRenderToReal, input).first;
  input["image_url"] = image_url;
  const std::string blended = RenderJob(kRenderToReal, input).first;

  EXPECT_GT(MeanDifference(Frame(plain, 0), Frame(blended, 0)), 10) << "image_url did not change frame 0";
  EXPECT_LT(MeanDifference(Frame(plain, 1), Frame(blended, 1)), 3) << "image_url changed a later frame";
  EXPECT_EQ(FrameNumbersOf(blended), Numbers(0, 8));  // the frame code is left alone
}

TEST_F(EmulatorRenderTest, AnOutsideUrlGivesTheTestPatternAtTheRequestedSize) {
  json input = MinimalInput(kTextToVideo22b);
  input["video_size"] = {{"width", 512}, {"height", 288}};
  input["num_frames"] = 17;
  input["fps"] = 12.5;
  const auto [path, output] = RenderJob(kTextToVideo22b, input);
  auto clip = media::Probe(path);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->width, 512);
  EXPECT_EQ(clip->height, 288);
  EXPECT_EQ(clip->frame_count, 17);
  EXPECT_EQ(clip->frame_rate_numerator, 25);  // 12.5 fps
  EXPECT_EQ(clip->frame_rate_denominator, 2);
  EXPECT_EQ(FrameNumbersOf(path), Numbers(0, 16));
  // The VideoFile's metadata describes the same video.
  EXPECT_EQ(output["video"]["width"], 512);
  EXPECT_EQ(output["video"]["height"], 288);
  EXPECT_EQ(output["video"]["num_frames"], 17);
}

TEST_F(EmulatorRenderTest, IdenticalJobsShareOneRender) {
  json input = MinimalInput(kImageToVideo);
  input["resolution"] = {{"width", 320}, {"height", 192}};
  input["num_frames"] = 9;
  const std::string first = RenderJob(kImageToVideo, input).first;
  const std::string second = RenderJob(kImageToVideo, input).first;
  EXPECT_EQ(test::ReadAll(first), test::ReadAll(second));
  const json stats = Stats();
  EXPECT_EQ(stats["outputs"], "render");
  EXPECT_EQ(stats["outputs_rendered"], 1);
  EXPECT_EQ(stats["outputs_reused"], 1);
}

TEST_F(EmulatorRenderTest, AnUploadThatIsNotAVideoGivesThePatternAndSaysSo) {
  json input = MinimalInput(kRenderToReal);
  input["video_url"] = Upload("not a video at all", "clip.mp4", "video/mp4");
  input["resolution"] = "480p";
  input["num_frames"] = 9;
  const std::string path = RenderJob(kRenderToReal, input).first;
  EXPECT_EQ(FrameNumbersOf(path), Numbers(0, 8));
  EXPECT_NE(LastLogs().find("video_url is not a video the emulator can read"), std::string::npos)
      << LastLogs();
}

TEST_F(EmulatorRenderTest, CopyModeReturnsTheUploadAsItIs) {
  Restart(FastArgs({"--outputs", "copy"}));
  const std::string video_url = UploadClip(test::Spec(9));
  json input = MinimalInput(kRenderToReal);
  input["video_url"] = video_url;
  const auto [path, output] = RenderJob(kRenderToReal, input);
  EXPECT_EQ(test::ReadAll(path), test::ReadAll((dir_ / "upload-0.mp4").string()));
  EXPECT_EQ(Stats()["outputs"], "copy");
}

// 22b image-to-video renders at its video_size with its fps, and the VideoFile says the same.
TEST_F(EmulatorRenderTest, ImageToVideo22bRendersAtTheRequestedSizeAndFps) {
  json input = MinimalInput(kImageToVideo22bLora);
  input["video_size"] = {{"width", 320}, {"height", 192}};
  input["num_frames"] = 9;
  input["fps"] = 30;
  const auto [path, output] = RenderJob(kImageToVideo22bLora, input);
  auto clip = media::Probe(path);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->width, 320);
  EXPECT_EQ(clip->height, 192);
  EXPECT_EQ(clip->frame_count, 9);
  EXPECT_EQ(clip->frame_rate_numerator, 30);
  EXPECT_EQ(clip->frame_rate_denominator, 1);
  EXPECT_EQ(output["video"]["width"], 320);
  EXPECT_EQ(output["video"]["num_frames"], 9);
}

}  // namespace
}  // namespace fal::emulator_test
