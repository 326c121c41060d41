// Concat: whole matching parts are copied, ranges and mismatches re-encoded, and the frames are the
// parts' frames in order either way.
#include <filesystem>

#include "unit/media/media_test_util.hpp"

namespace fal::test {
namespace {

media::TestClipSpec Numbered(std::int64_t frames, std::int64_t first_number, int width = 320,
                             int height = 180) {
  media::TestClipSpec spec = Spec(frames, width, height);
  spec.first_number = first_number;
  return spec;
}

std::vector<std::int64_t> Join(std::vector<std::int64_t> a, const std::vector<std::int64_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(MediaConcat, WholeMatchingPartsAreStreamCopied) {
  ScratchDir dir;
  const std::string a = MakeClip(dir, "a.mp4", Numbered(24, 0));
  const std::string b = MakeClip(dir, "b.mp4", Numbered(17, 100));
  const std::string out = (dir / "joined.mp4").string();
  auto joined = media::Concat({{a}, {b}}, out);
  ASSERT_TRUE(joined.ok()) << joined.error().message();
  EXPECT_TRUE(joined->stream_copied);
  EXPECT_EQ(joined->clip.frame_count, 41);
  EXPECT_EQ(FrameNumbersOf(out), Join(Numbers(0, 23), Numbers(100, 116)));
  auto clip = media::Probe(out);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->frame_count, 41);
  EXPECT_EQ(clip->frame_rate_numerator, 24);
  EXPECT_EQ(clip->frame_rate_denominator, 1);
  EXPECT_NEAR(clip->duration_seconds, 41 / 24.0, 1e-3);
}

TEST(MediaConcat, RangesAreReEncodedExactly) {
  // The stitcher's use: each later segment's first frame repeats the previous one's last, and the last
  // segment's padding goes.
  ScratchDir dir;
  const std::string a = MakeClip(dir, "a.mp4", Numbered(17, 0));
  const std::string b = MakeClip(dir, "b.mp4", Numbered(17, 16));
  const std::string c = MakeClip(dir, "c.mp4", Numbered(17, 32));
  const std::string out = (dir / "joined.mp4").string();
  auto joined = media::Concat({{a}, {b, 1, std::nullopt}, {c, 1, 5}}, out);
  ASSERT_TRUE(joined.ok()) << joined.error().message();
  EXPECT_FALSE(joined->stream_copied);
  EXPECT_EQ(FrameNumbersOf(out), Numbers(0, 37));
  auto clip = media::Probe(out);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->frame_count, 38);
}

TEST(MediaConcat, StreamCopyCanBeTurnedOff) {
  ScratchDir dir;
  const std::string a = MakeClip(dir, "a.mp4", Numbered(9, 0));
  const std::string b = MakeClip(dir, "b.mp4", Numbered(9, 9));
  const std::string out = (dir / "joined.mp4").string();
  media::ConcatOptions options;
  options.allow_stream_copy = false;
  auto joined = media::Concat({{a}, {b}}, out, options);
  ASSERT_TRUE(joined.ok()) << joined.error().message();
  EXPECT_FALSE(joined->stream_copied);
  EXPECT_EQ(FrameNumbersOf(out), Numbers(0, 17));
}

TEST(MediaConcat, DifferentPartsAreReEncodedAtTheFirstPartsSize) {
  ScratchDir dir;
  const std::string a = MakeClip(dir, "a.mp4", Numbered(8, 0, 320, 180));
  const std::string b = MakeClip(dir, "b.mp4", Numbered(8, 8, 640, 360));
  const std::string out = (dir / "joined.mp4").string();
  auto joined = media::Concat({{a}, {b}}, out);
  ASSERT_TRUE(joined.ok()) << joined.error().message();
  EXPECT_FALSE(joined->stream_copied);
  auto clip = media::Probe(out);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->width, 320);
  EXPECT_EQ(clip->height, 180);
  EXPECT_EQ(FrameNumbersOf(out), Numbers(0, 15));
}

TEST(MediaConcat, BadPartsAreRefused) {
  ScratchDir dir;
  const std::string a = MakeClip(dir, "a.mp4", Numbered(8, 0));
  const std::string out = (dir / "joined.mp4").string();
  auto none = media::Concat({}, out);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), ErrorCode::kInvalidArgument);
  for (const media::ConcatPart& part : {media::ConcatPart{a, 8, std::nullopt}, media::ConcatPart{a, 2, 7},
                                        media::ConcatPart{a, -1, 2}, media::ConcatPart{a, 0, 0}}) {
    auto joined = media::Concat({{a}, part}, out);
    ASSERT_FALSE(joined.ok()) << part.first_frame;
    EXPECT_EQ(joined.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(joined.error().message().find("has 8 frames"), std::string::npos) << joined.error().message();
  }
  auto missing = media::Concat({{a}, {(dir / "missing.mp4").string()}}, out);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("missing.mp4"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace fal::test
