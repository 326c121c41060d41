// RewriteClip: frame i of the output is frame i of the source (its last frame past its end), scaled,
// edited and encoded; or the test pattern when there is no source.
#include <filesystem>

#include "unit/media/media_test_util.hpp"

namespace fal::test {
namespace {

media::RewriteSpec Rewrite(const std::string& source, int width, int height, std::int64_t frames) {
  media::RewriteSpec spec;
  spec.source = source;
  spec.width = width;
  spec.height = height;
  spec.frame_count = frames;
  return spec;
}

TEST(MediaRewrite, ScalesTheSourceAndRepeatsItsLastFrame) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(10, 640, 360));
  const std::string out = (dir / "out.mp4").string();
  media::RewriteSpec spec = Rewrite(source, 426, 240, 16);
  spec.frame_rate_numerator = 25;
  auto written = media::RewriteClip(out, spec);
  ASSERT_TRUE(written.ok()) << written.error().message();
  auto clip = media::Probe(out);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->width, 426);
  EXPECT_EQ(clip->height, 240);
  EXPECT_EQ(clip->frame_count, 16);
  EXPECT_EQ(clip->frame_rate_numerator, 25);
  std::vector<std::int64_t> expected = Numbers(0, 9);
  expected.insert(expected.end(), 6, 9);
  EXPECT_EQ(FrameNumbersOf(out), expected);
}

TEST(MediaRewrite, EditsEveryFrameInOrder) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(6));
  const std::string out = (dir / "out.mp4").string();
  media::RewriteSpec spec = Rewrite(source, 320, 180, 6);
  std::vector<std::int64_t> seen;
  spec.edit_frame = [&seen](std::int64_t index, media::RgbImage& frame) {
    seen.push_back(index);
    // Paint the bottom half red, under the frame code.
    for (int y = frame.height / 2; y < frame.height; ++y) {
      for (int x = 0; x < frame.width; ++x) {
        std::uint8_t* pixel = &frame.pixels[(static_cast<std::size_t>(y) * frame.width + x) * 3];
        pixel[0] = 255;
        pixel[1] = 0;
        pixel[2] = 0;
      }
    }
    return true;
  };
  ASSERT_TRUE(media::RewriteClip(out, spec).ok());
  EXPECT_EQ(seen, Numbers(0, 5));
  EXPECT_EQ(FrameNumbersOf(out), Numbers(0, 5));
  const std::string png = (dir / "frame.png").string();
  ASSERT_TRUE(media::ExtractFrame(out, 3, png).ok());
  auto image = media::ReadImage(png);
  ASSERT_TRUE(image.ok());
  const std::uint8_t* pixel = &image->pixels[(static_cast<std::size_t>(150) * 320 + 160) * 3];
  EXPECT_GT(pixel[0], 200);
  EXPECT_LT(pixel[1], 60);
  EXPECT_LT(pixel[2], 60);
}

TEST(MediaRewrite, WithoutASourceWritesTheTestPattern) {
  ScratchDir dir;
  const std::string out = (dir / "pattern.mp4").string();
  ASSERT_TRUE(media::RewriteClip(out, Rewrite("", 352, 240, 12)).ok());
  EXPECT_EQ(FrameNumbersOf(out), Numbers(0, 11));
}

TEST(MediaRewrite, StoppingIsCancelledAndLeavesNoFile) {
  ScratchDir dir;
  const std::string out = (dir / "out.mp4").string();
  media::RewriteSpec spec = Rewrite("", 320, 180, 20);
  spec.edit_frame = [](std::int64_t index, media::RgbImage&) { return index < 5; };
  auto written = media::RewriteClip(out, spec);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code(), ErrorCode::kCancelled);
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(MediaRewrite, ChangingTheSizeIsRefused) {
  ScratchDir dir;
  media::RewriteSpec spec = Rewrite("", 320, 180, 3);
  spec.edit_frame = [](std::int64_t, media::RgbImage& frame) {
    frame.pixels.resize(10);
    return true;
  };
  auto written = media::RewriteClip((dir / "out.mp4").string(), spec);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.error().code(), ErrorCode::kInvalidArgument);
}

TEST(MediaRewrite, BadSpecsAreRefused) {
  ScratchDir dir;
  const std::string out = (dir / "out.mp4").string();
  for (const media::RewriteSpec& spec :
       {Rewrite("", 321, 180, 3), Rewrite("", 8, 8, 3), Rewrite("", 320, 180, 0),
        Rewrite((dir / "missing.mp4").string(), 320, 180, 3)}) {
    auto written = media::RewriteClip(out, spec);
    ASSERT_FALSE(written.ok()) << spec.width << "x" << spec.height << " " << spec.frame_count;
    EXPECT_EQ(written.error().code(), ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace fal::test
