// WriteTestClip and ReadFrameNumbers: every frame says which it is, through compression, scaling and a
// colour grade.
#include <algorithm>

#include "unit/media/media_test_util.hpp"

namespace fal::test {
namespace {

TEST(MediaTestClip, EveryFrameCarriesItsNumber) {
  ScratchDir dir;
  media::TestClipSpec spec = Spec(40);
  spec.first_number = 1000;
  EXPECT_EQ(FrameNumbersOf(MakeClip(dir, "clip.mp4", spec)), Numbers(1000, 1039));
}

TEST(MediaTestClip, LargeNumbersAndSmallPictures) {
  ScratchDir dir;
  media::TestClipSpec spec = Spec(3, 128, 64);
  spec.first_number = (1 << 21) - 3;
  EXPECT_EQ(FrameNumbersOf(MakeClip(dir, "clip.mp4", spec)), Numbers((1 << 21) - 3, (1 << 21) - 1));
}

TEST(MediaTestClip, TheCodeSurvivesAGradeAndScaling) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(12));
  media::RewriteSpec spec;
  spec.source = source;
  spec.width = 854;
  spec.height = 480;
  spec.frame_count = 12;
  spec.edit_frame = [](std::int64_t, media::RgbImage& frame) {
    // A warm, low-contrast grade over the whole picture, code included.
    for (std::size_t i = 0; i < frame.pixels.size(); i += 3) {
      frame.pixels[i] = static_cast<std::uint8_t>(std::min(255, 40 + frame.pixels[i] * 6 / 10));
      frame.pixels[i + 1] = static_cast<std::uint8_t>(30 + frame.pixels[i + 1] * 5 / 10);
      frame.pixels[i + 2] = static_cast<std::uint8_t>(20 + frame.pixels[i + 2] * 4 / 10);
    }
    return true;
  };
  const std::string out = (dir / "graded.mp4").string();
  ASSERT_TRUE(media::RewriteClip(out, spec).ok());
  EXPECT_EQ(FrameNumbersOf(out), Numbers(0, 11));
}

TEST(MediaTestClip, AFrameWithoutACodeSaysSo) {
  ScratchDir dir;
  media::RewriteSpec spec;
  spec.width = 320;
  spec.height = 180;
  spec.frame_count = 4;
  spec.edit_frame = [](std::int64_t index, media::RgbImage& frame) {
    if (index == 2) std::fill(frame.pixels.begin(), frame.pixels.end(), std::uint8_t{90});
    return true;
  };
  const std::string out = (dir / "blank.mp4").string();
  ASSERT_TRUE(media::RewriteClip(out, spec).ok());
  EXPECT_EQ(FrameNumbersOf(out), (std::vector<std::int64_t>{0, 1, media::kNoFrameNumber, 3}));
}

TEST(MediaTestClip, BadSpecsAreRefused) {
  ScratchDir dir;
  media::TestClipSpec too_many = Spec(10);
  too_many.first_number = (1 << 21) - 5;
  media::TestClipSpec no_rate = Spec(10);
  no_rate.frame_rate_denominator = 0;
  for (const media::TestClipSpec& spec :
       {Spec(10, 100, 64), Spec(10, 320, 181), Spec(0), too_many, no_rate}) {
    auto written = media::WriteTestClip((dir / "clip.mp4").string(), spec);
    ASSERT_FALSE(written.ok()) << spec.width << "x" << spec.height << " " << spec.frame_count;
    EXPECT_EQ(written.error().code(), ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace fal::test
