// Every enum both ways, unknown strings, and the size variants both ways (string and JSON).

#include "fal/ltx/enums.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fal/ltx/common.hpp"
#include "ltx/json_mapping.hpp"
#include "ltx_test_util.hpp"

namespace fal::ltx {
namespace {

using test::Json;

// The wire strings as the seed pages and fal's generated types spell them.
template <class E>
using Table = std::vector<std::pair<E, std::string>>;

template <class E, class Parse>
void ExpectBothWays(const Table<E>& table, Parse parse) {
  for (const auto& [value, wire] : table) {
    EXPECT_EQ(ToString(value), wire);
    ASSERT_TRUE(parse(wire).has_value()) << wire;
    EXPECT_EQ(*parse(wire), value) << wire;
    EXPECT_EQ(internal::ToJsonValue(value), Json(wire));
  }
  // Unknown strings never map to a real enumerator: other case, padding, empty, a near miss.
  for (const auto& [value, wire] : table) {
    std::string upper = wire;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (upper != wire) {
      EXPECT_FALSE(parse(upper).has_value()) << upper;
    }
    EXPECT_FALSE(parse(" " + wire).has_value()) << wire;
    EXPECT_FALSE(parse(wire + "x").has_value()) << wire;
  }
  EXPECT_FALSE(parse("").has_value());
  EXPECT_FALSE(parse("unknown").has_value());
}

TEST(LtxEnums, VideoQuality) {
  ExpectBothWays<VideoQuality>({{VideoQuality::kLow, "low"},
                                {VideoQuality::kMedium, "medium"},
                                {VideoQuality::kHigh, "high"},
                                {VideoQuality::kMaximum, "maximum"}},
                               ParseVideoQuality);
}

TEST(LtxEnums, VideoWriteMode) {
  ExpectBothWays<VideoWriteMode>({{VideoWriteMode::kFast, "fast"},
                                  {VideoWriteMode::kBalanced, "balanced"},
                                  {VideoWriteMode::kSmall, "small"}},
                                 ParseVideoWriteMode);
}

TEST(LtxEnums, RenderResolution) {
  ExpectBothWays<RenderResolution>({{RenderResolution::k480p, "480p"}, {RenderResolution::k720p, "720p"}},
                                   ParseRenderResolution);
  EXPECT_FALSE(ParseRenderResolution("1080p").has_value());
}

TEST(LtxEnums, Intensity) {
  ExpectBothWays<Intensity>(
      {{Intensity::kLight, "light"}, {Intensity::kStrong, "strong"}, {Intensity::kStrongV2, "strong-v2"}},
      ParseIntensity);
  EXPECT_FALSE(ParseIntensity("strong_v2").has_value());
  EXPECT_FALSE(ParseIntensity("medium").has_value());
}

TEST(LtxEnums, Scheduler) {
  ExpectBothWays<Scheduler>({{Scheduler::kLtx2, "ltx2"},
                             {Scheduler::kLinearQuadratic, "linear_quadratic"},
                             {Scheduler::kBeta, "beta"}},
                            ParseScheduler);
}

TEST(LtxEnums, Acceleration) {
  ExpectBothWays<Acceleration>({{Acceleration::kNone, "none"},
                                {Acceleration::kRegular, "regular"},
                                {Acceleration::kHigh, "high"},
                                {Acceleration::kFull, "full"}},
                               ParseAcceleration);
}

TEST(LtxEnums, CameraLora) {
  ExpectBothWays<CameraLora>({{CameraLora::kDollyIn, "dolly_in"},
                              {CameraLora::kDollyOut, "dolly_out"},
                              {CameraLora::kDollyLeft, "dolly_left"},
                              {CameraLora::kDollyRight, "dolly_right"},
                              {CameraLora::kJibUp, "jib_up"},
                              {CameraLora::kJibDown, "jib_down"},
                              {CameraLora::kStatic, "static"},
                              {CameraLora::kNone, "none"}},
                             ParseCameraLora);
}

TEST(LtxEnums, VideoOutputType) {
  ExpectBothWays<VideoOutputType>({{VideoOutputType::kX264Mp4, "X264 (.mp4)"},
                                   {VideoOutputType::kVp9Webm, "VP9 (.webm)"},
                                   {VideoOutputType::kProres4444Mov, "PRORES4444 (.mov)"},
                                   {VideoOutputType::kGif, "GIF (.gif)"}},
                                  ParseVideoOutputType);
  EXPECT_FALSE(ParseVideoOutputType("mp4").has_value());
  EXPECT_FALSE(ParseVideoOutputType("x264 (.mp4)").has_value());
}

TEST(LtxEnums, SizePreset) {
  ExpectBothWays<SizePreset>({{SizePreset::kSquareHd, "square_hd"},
                              {SizePreset::kSquare, "square"},
                              {SizePreset::kPortrait4x3, "portrait_4_3"},
                              {SizePreset::kPortrait16x9, "portrait_16_9"},
                              {SizePreset::kLandscape4x3, "landscape_4_3"},
                              {SizePreset::kLandscape16x9, "landscape_16_9"}},
                             ParseSizePreset);
  EXPECT_FALSE(ParseSizePreset("auto").has_value()) << "auto is AutoSize, not a preset";
}

TEST(LtxEnums, InterpolationDirection) {
  ExpectBothWays<InterpolationDirection>(
      {{InterpolationDirection::kForward, "forward"}, {InterpolationDirection::kBackward, "backward"}},
      ParseInterpolationDirection);
}

TEST(LtxSizes, VideoSizeOrAutoBothWays) {
  const std::vector<std::pair<VideoSizeOrAuto, Json>> cases = {
      {AutoSize{}, "auto"},
      {SizePreset::kLandscape16x9, "landscape_16_9"},
      {SizePreset::kSquareHd, "square_hd"},
      {ImageSize{1280, 704}, Json{{"width", 1280}, {"height", 704}}},
  };
  for (const auto& [size, json] : cases) {
    EXPECT_EQ(internal::ToJsonValue(size), json) << json.dump();
    std::optional<VideoSizeOrAuto> back = internal::VideoSizeOrAutoFromJson(json);
    ASSERT_TRUE(back.has_value()) << json.dump();
    EXPECT_EQ(*back, size) << json.dump();
  }
  EXPECT_EQ(ToString(VideoSizeOrAuto{AutoSize{}}), "auto");
  EXPECT_EQ(ToString(VideoSizeOrAuto{SizePreset::kPortrait4x3}), "portrait_4_3");
  EXPECT_EQ(ToString(VideoSizeOrAuto{ImageSize{1280, 704}}), "1280x704");
}

TEST(LtxSizes, VideoSizeBothWaysWithoutAuto) {
  const std::vector<std::pair<VideoSize, Json>> cases = {
      {SizePreset::kPortrait16x9, "portrait_16_9"},
      {ImageSize{768, 512}, Json{{"width", 768}, {"height", 512}}},
  };
  for (const auto& [size, json] : cases) {
    EXPECT_EQ(internal::ToJsonValue(size), json);
    std::optional<VideoSize> back = internal::VideoSizeFromJson(json);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, size);
  }
  EXPECT_FALSE(internal::VideoSizeFromJson("auto").has_value());
  EXPECT_EQ(ToString(VideoSize{ImageSize{1, 2}}), "1x2");
  EXPECT_EQ(ToString(VideoSize{SizePreset::kSquare}), "square");
}

TEST(LtxSizes, NotASize) {
  for (const Json& j :
       {Json("huge"), Json(1280), Json::array({1280, 704}), Json{{"width", 1280}},
        Json{{"width", 1.5}, {"height", 2}}, Json{{"width", "1280"}, {"height", 704}}, Json()}) {
    EXPECT_FALSE(internal::VideoSizeOrAutoFromJson(j).has_value()) << j.dump();
    EXPECT_FALSE(internal::VideoSizeFromJson(j).has_value()) << j.dump();
  }
}

}  // namespace
}  // namespace fal::ltx
