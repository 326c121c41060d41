// Testing your own integration with fal::testing::FakeFal: say what fal does with each submit (queued, then
// completes with this output; fails with a 422) and test your code at the level of Client and JobHandle,
// without a network and without writing HTTP answers. Link falcpp::testing and GoogleTest.
#include <gtest/gtest.h>

#include <fal/client.hpp>
#include <fal/ltx/render_to_real.hpp>
#include <fal/testing/fake_fal.hpp>
#include <string>

namespace {

constexpr const char* kRenderToReal = "fal-ai/ltx-2.3-quality/render-to-real";

// The code under test: your application's own function. It renders one shot and returns the video's URL,
// or a message for the artist.
std::string RenderShot(const fal::Client& client, const std::string& blockout_url) {
  fal::ltx::RenderToRealInput input;
  input.video_url = blockout_url;
  input.prompt = "3DREAL a rainy street at dusk";
  fal::Result<fal::ltx::RenderToRealOutput> out = client.Subscribe(input);
  if (!out) return "failed: " + out.error().message();
  return out->video.url;
}

TEST(RenderShot, GivesTheVideoOfAJobThatIsQueuedThenCompletes) {
  fal::testing::FakeFal fake;
  fake.OnSubmit(kRenderToReal)
      .InQueue(3)
      .InProgress({"loading the model"})
      .CompletesWith(
          R"({"video":{"url":"https://cdn.example/shot_010.mp4"},"prompt":"3DREAL a rainy street"})");
  fal::Client client(fake.Options());

  EXPECT_EQ(RenderShot(client, "https://cdn.example/blockout.mp4"), "https://cdn.example/shot_010.mp4");
  ASSERT_EQ(fake.submissions().size(), 1u);
  EXPECT_NE(fake.submissions()[0].body.find("\"video_url\":\"https://cdn.example/blockout.mp4\""),
            std::string::npos);
}

TEST(RenderShot, ReportsAJobThatFailsWithA422) {
  fal::testing::FakeFal fake;
  fake.OnSubmit(kRenderToReal)
      .InProgress()
      .FailsWith(422, R"([{"loc":["body","num_frames"],"msg":"too many frames","type":"value_error"}])");
  fal::Client client(fake.Options());

  const std::string shown = RenderShot(client, "https://cdn.example/blockout.mp4");
  EXPECT_EQ(shown.rfind("failed: ", 0), 0u) << shown;
}

TEST(RenderShot, TheJobHandleSeesEachStatusAndTheFailure) {
  fal::testing::FakeFal fake;
  fake.OnSubmit(kRenderToReal).InQueue(1).FailsWith(422, "num_frames is too large", "validation_error");
  fal::Client client(fake.Options());

  fal::ltx::RenderToRealInput input;
  input.video_url = "https://cdn.example/blockout.mp4";
  auto job = client.Submit(input);
  ASSERT_TRUE(job.ok()) << job.error().ToString();
  fal::Result<fal::JobStatus> first = job->Status();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->state, fal::JobState::kInQueue);
  EXPECT_EQ(first->queue_position, 1);

  auto out = job->Wait();
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code(), fal::ErrorCode::kJobFailed);
  EXPECT_EQ(out.error().http_status(), 422);
  EXPECT_EQ(out.error().error_type(), "validation_error");
}

TEST(RenderShot, ASubmitRefusedWithA422ListsTheFieldErrors) {
  fal::testing::FakeFal fake;
  fake.RejectSubmit(kRenderToReal, 422,
                    R"([{"loc":["body","resolution"],"msg":"unsupported resolution","type":"value_error"}])");
  fal::Client client(fake.Options());

  fal::ltx::RenderToRealInput input;
  input.video_url = "https://cdn.example/blockout.mp4";
  auto job = client.Submit(input);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), fal::ErrorCode::kInvalidArgument);
  ASSERT_EQ(job.error().field_errors().size(), 1u);
  EXPECT_EQ(job.error().field_errors()[0].msg, "unsupported resolution");
  EXPECT_TRUE(fake.submissions().empty());
}

TEST(RenderShot, LocalFilesAreUploadedBeforeTheSubmit) {
  fal::testing::FakeFal fake;
  fake.OnSubmit(kRenderToReal)
      .CompletesWith(R"({"video":{"url":"https://cdn.example/out.mp4"},"prompt":""})");
  fal::Client client(fake.Options());

  fal::ltx::RenderToRealInput input;
  input.video_url = fal::File::FromBytes(std::string("\x00\x00\x00\x18"
                                                     "ftypisom",
                                                     12),
                                         "blockout.mp4");
  auto out = client.Subscribe(input);
  ASSERT_TRUE(out.ok()) << out.error().ToString();
  ASSERT_EQ(fake.uploaded_files().size(), 1u);
  EXPECT_EQ(fake.uploaded_files()[0], "blockout.mp4");
  EXPECT_NE(fake.submissions()[0].body.find("https://fake-fal.storage/files/1/blockout.mp4"),
            std::string::npos);
}

}  // namespace
