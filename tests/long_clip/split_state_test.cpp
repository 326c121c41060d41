// The long clip's state file: a new run starts empty, every change is on disk when Set returns (a fresh
// Open reads it back), a file of other arguments or a damaged one is refused with the way out, and the
// rewrite leaves no temporary file behind.
#include "long_clip/split_state.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fal::long_clip {
namespace {

namespace fs = std::filesystem;

class SplitStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("falcpp_split_state_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "out.mp4.split.json").string();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
  std::string path_;
};

TEST_F(SplitStateTest, ANewRunStartsEmptyAndWritesNothingUntilAChange) {
  Result<SplitState> state = SplitState::Open(path_, "chained a.mp4", 3);
  ASSERT_TRUE(state) << state.error().ToString();
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(state->Get(i).request_id.empty());
    EXPECT_FALSE(state->Get(i).done);
  }
  EXPECT_FALSE(fs::exists(path_));
}

TEST_F(SplitStateTest, EveryChangeIsReadBackByALaterRun) {
  {
    Result<SplitState> state = SplitState::Open(path_, "chained a.mp4", 3);
    ASSERT_TRUE(state);
    ASSERT_TRUE(state->Set(0, SegmentRecord{"req-0", true, "https://x/0.mp4"}));
    ASSERT_TRUE(state->Set(1, SegmentRecord{"req-1", false, ""}));
  }
  EXPECT_FALSE(fs::exists(path_ + ".tmp")) << "the temporary file is renamed over the state file";
  Result<SplitState> again = SplitState::Open(path_, "chained a.mp4", 3);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->Get(0).request_id, "req-0");
  EXPECT_TRUE(again->Get(0).done);
  EXPECT_EQ(again->Get(0).output_url, "https://x/0.mp4");
  EXPECT_EQ(again->Get(1).request_id, "req-1");
  EXPECT_FALSE(again->Get(1).done);
  EXPECT_TRUE(again->Get(2).request_id.empty());
  again->Remove();
  EXPECT_FALSE(fs::exists(path_));
}

TEST_F(SplitStateTest, AFileOfOtherArgumentsIsRefusedWithTheWayOut) {
  {
    Result<SplitState> state = SplitState::Open(path_, "chained a.mp4", 3);
    ASSERT_TRUE(state);
    ASSERT_TRUE(state->Set(0, SegmentRecord{"req-0", false, ""}));
  }
  for (auto [arguments, segments] :
       {std::pair<const char*, std::size_t>{"parallel a.mp4", 3}, {"chained a.mp4", 4}}) {
    Result<SplitState> other = SplitState::Open(path_, arguments, segments);
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(other.error().message().find("other arguments"), std::string::npos) << other.error().message();
    EXPECT_NE(other.error().message().find("remove the file to start over"), std::string::npos);
  }
}

TEST_F(SplitStateTest, ADamagedFileIsRefused) {
  for (const char* text : {"", "{not json", "[]", R"({"format":1,"arguments":"x"})",
                           R"({"format":"1","arguments":"chained a.mp4","segments":[{},{},{}]})",
                           R"({"format":1,"arguments":"chained a.mp4","segments":[1,2,3]})"}) {
    std::ofstream(path_, std::ios::trunc) << text;
    Result<SplitState> state = SplitState::Open(path_, "chained a.mp4", 3);
    ASSERT_FALSE(state) << text;
    EXPECT_EQ(state.error().code(), ErrorCode::kInvalidArgument) << text;
  }
}

TEST_F(SplitStateTest, FieldsOfTheWrongTypeReadAsMissing) {
  std::ofstream(path_, std::ios::trunc)
      << R"({"format":1,"arguments":"chained a.mp4","segments":[{"request_id":5,"done":"yes"},{"done":true}]})";
  Result<SplitState> state = SplitState::Open(path_, "chained a.mp4", 2);
  ASSERT_TRUE(state) << state.error().ToString();
  EXPECT_TRUE(state->Get(0).request_id.empty());
  EXPECT_FALSE(state->Get(0).done);
  EXPECT_TRUE(state->Get(1).done);
}

}  // namespace
}  // namespace fal::long_clip
