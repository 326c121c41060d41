// CutFrames: the frames of the range and no others, wherever the cut falls, with padding past the end.
#include <filesystem>

#include "unit/media/media_test_util.hpp"

namespace fal::test {
namespace {

TEST(MediaCut, KeepsExactlyTheRangeOffKeyframes) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(48));
  const std::string out = (dir / "cut.mp4").string();
  auto cut = media::CutFrames(source, 10, 17, out);
  ASSERT_TRUE(cut.ok()) << cut.error().message();
  EXPECT_EQ(FrameNumbersOf(out), Numbers(10, 26));
  auto clip = media::Probe(out);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->frame_count, 17);
  EXPECT_EQ(clip->width, 320);
  EXPECT_EQ(clip->height, 180);
  EXPECT_EQ(clip->frame_rate_numerator, 24);
  EXPECT_EQ(cut->clip.frame_count, 17);
  EXPECT_FALSE(cut->stream_copied);
}

TEST(MediaCut, ConsecutiveCutsShareTheirBoundaryFrame) {
  // How a long clip is split: segments of 8k+1 frames, each starting on the previous one's last frame.
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(40));
  ASSERT_TRUE(media::CutFrames(source, 0, 17, (dir / "a.mp4").string()).ok());
  ASSERT_TRUE(media::CutFrames(source, 16, 17, (dir / "b.mp4").string()).ok());
  EXPECT_EQ(FrameNumbersOf((dir / "a.mp4").string()), Numbers(0, 16));
  EXPECT_EQ(FrameNumbersOf((dir / "b.mp4").string()), Numbers(16, 32));
}

TEST(MediaCut, PastTheEndRepeatsTheFinalFrame) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(20));
  const std::string out = (dir / "padded.mp4").string();
  auto cut = media::CutFrames(source, 16, 9, out);
  ASSERT_TRUE(cut.ok()) << cut.error().message();
  std::vector<std::int64_t> expected = Numbers(16, 19);
  expected.insert(expected.end(), 5, 19);
  EXPECT_EQ(FrameNumbersOf(out), expected);
}

TEST(MediaCut, PastTheEndCanBeAnError) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(20));
  const std::string out = (dir / "padded.mp4").string();
  media::CutOptions options;
  options.past_end = media::PastEnd::kError;
  auto cut = media::CutFrames(source, 16, 9, out, options);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(cut.error().message().find("has 20 frames"), std::string::npos) << cut.error().message();
  EXPECT_FALSE(std::filesystem::exists(out)) << "a failed cut leaves no file";
  // Within the end, the option changes nothing.
  ASSERT_TRUE(media::CutFrames(source, 11, 9, out, options).ok());
  EXPECT_EQ(FrameNumbersOf(out), Numbers(11, 19));
}

TEST(MediaCut, ImpossibleRangesAreRefused) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(12));
  const std::string out = (dir / "cut.mp4").string();
  for (const auto& [first, count] :
       {std::pair<std::int64_t, std::int64_t>{-1, 5}, {0, 0}, {3, -2}, {12, 1}}) {
    auto cut = media::CutFrames(source, first, count, out);
    ASSERT_FALSE(cut.ok()) << first << "+" << count;
    EXPECT_EQ(cut.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(cut.error().message().find(source), std::string::npos) << cut.error().message();
    EXPECT_FALSE(std::filesystem::exists(out));
  }
}

TEST(MediaCut, TheFallbackEncoderIsAsExact) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(30));
  const std::string out = (dir / "cut.mp4").string();
  media::CutOptions options;
  options.encode.video_encoder = "mpeg4";
  auto cut = media::CutFrames(source, 7, 13, out, options);
  ASSERT_TRUE(cut.ok()) << cut.error().message();
  EXPECT_EQ(cut->clip.video_codec, "mpeg4");
  auto clip = media::Probe(out);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->video_codec, "mpeg4");
  EXPECT_EQ(FrameNumbersOf(out), Numbers(7, 19));
}

TEST(MediaCut, AnUnknownEncoderIsNamed) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(5));
  media::CutOptions options;
  options.encode.video_encoder = "no-such-encoder";
  auto cut = media::CutFrames(source, 0, 2, (dir / "cut.mp4").string(), options);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(cut.error().message().find("no-such-encoder"), std::string::npos) << cut.error().message();
}

TEST(MediaCut, AnUnwritableDestinationIsUnavailable) {
  ScratchDir dir;
  const std::string source = MakeClip(dir, "source.mp4", Spec(5));
  const std::string out = (dir / "no-such-folder" / "cut.mp4").string();
  auto cut = media::CutFrames(source, 0, 2, out);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code(), ErrorCode::kUnavailable);
  EXPECT_NE(cut.error().message().find(out), std::string::npos) << cut.error().message();
}

}  // namespace
}  // namespace fal::test
