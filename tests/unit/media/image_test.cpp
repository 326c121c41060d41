// ExtractFrame and ReadImage: one frame as a PNG, and back.
#include <filesystem>

#include "unit/media/media_test_util.hpp"

namespace fal::test {
namespace {

TEST(MediaImage, ExtractsTheFrameAsked) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(30));
  const std::string png = (dir / "frame.png").string();
  auto extracted = media::ExtractFrame(source, 13, png);
  ASSERT_TRUE(extracted.ok()) << extracted.error().message();
  EXPECT_EQ(ReadAll(png).substr(1, 3), "PNG");
  EXPECT_EQ(FrameNumbersOf(png), std::vector<std::int64_t>{13});
  auto image = media::ReadImage(png);
  ASSERT_TRUE(image.ok()) << image.error().message();
  EXPECT_EQ(image->width, 320);
  EXPECT_EQ(image->height, 180);
  EXPECT_EQ(image->pixels.size(), 320u * 180u * 3u);
}

TEST(MediaImage, ExtractsTheLastFrame) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(30));
  const std::string png = (dir / "last.png").string();
  auto extracted = media::ExtractFrame(source, media::kLastFrame, png);
  ASSERT_TRUE(extracted.ok()) << extracted.error().message();
  EXPECT_EQ(FrameNumbersOf(png), std::vector<std::int64_t>{29});
}

TEST(MediaImage, AFrameThatIsNotThereIsAnError) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(10));
  const std::string png = (dir / "frame.png").string();
  for (const std::int64_t index : {std::int64_t{10}, std::int64_t{-2}}) {
    auto extracted = media::ExtractFrame(source, index, png);
    ASSERT_FALSE(extracted.ok()) << index;
    EXPECT_EQ(extracted.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(extracted.error().message().find(std::to_string(index)), std::string::npos)
        << extracted.error().message();
    EXPECT_FALSE(std::filesystem::exists(png));
  }
}

TEST(MediaImage, ReadImageScalesWhenAsked) {
  ScratchDir dir;
  const std::string png = (dir / "frame.png").string();
  ASSERT_TRUE(media::ExtractFrame(MakeClip(dir, "source.mp4", Spec(3)), 0, png).ok());
  auto image = media::ReadImage(png, 240, 120);
  ASSERT_TRUE(image.ok()) << image.error().message();
  EXPECT_EQ(image->width, 240);
  EXPECT_EQ(image->height, 120);
  EXPECT_EQ(image->pixels.size(), 240u * 120u * 3u);
  // The frame code's blocks are 10 pixels wide here: the first is white, the next black.
  EXPECT_GT(image->pixels[(5 * 240 + 5) * 3], 200);
  EXPECT_LT(image->pixels[(5 * 240 + 15) * 3], 50);
}

TEST(MediaImage, NotAnImageIsAnError) {
  ScratchDir dir;
  const std::string path = dir.Write("text.png", "not an image").string();
  auto image = media::ReadImage(path);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(image.error().message().find(path), std::string::npos);
}

}  // namespace
}  // namespace fal::test
