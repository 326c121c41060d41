// RunBatch with a journal over the fake transport: a second call with the same inputs sends nothing new,
// an unanswered submit is ambiguous and stays so, and a batch cut short resumes the waits it left.
#include "fal/journaled_batch.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <mutex>

#include "fal/ltx/render_to_real.hpp"
#include "unit/core/fake_client.hpp"

namespace fal {
namespace {

namespace fs = std::filesystem;

// A fake fal counting submits; a job completes on its first status poll. A submit whose body contains
// "lost" reaches fal (a job is made) but its answer never comes back: the ambiguous submit.
class CountingFal {
 public:
  http::Outcome Handle(const http::Request& r) {
    std::lock_guard<std::mutex> lock(mu_);
    if (r.method == http::Method::kPost) {
      const std::string id = "req-" + std::to_string(++created_);
      if (r.body.find("lost") != std::string::npos) {
        http::NetworkError lost{http::NetworkError::Kind::kConnectionLost, "connection reset", true};
        return http::Outcome::Of(lost);
      }
      return Ok(R"({"request_id":")" + id + R"("})");
    }
    if (r.url.find("/status") != std::string::npos) return Ok(R"({"status":"COMPLETED"})");
    ++results_;
    return Ok(R"({"video":{"url":"https://cdn/v.mp4"},"prompt":"3DREAL. "})");
  }
  int created() {
    std::lock_guard<std::mutex> lock(mu_);
    return created_;
  }
  int results() {
    std::lock_guard<std::mutex> lock(mu_);
    return results_;
  }

 private:
  static http::Outcome Ok(std::string body) {
    return http::Outcome::Of(http::Response{200, {}, std::move(body)});
  }
  std::mutex mu_;
  int created_ = 0, results_ = 0;
};

std::vector<ltx::RenderToRealInput> Shots(int n, int lost = -1) {
  std::vector<ltx::RenderToRealInput> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    v[static_cast<std::size_t>(i)].video_url =
        "https://example.com/" + std::string(i == lost ? "lost" : "shot") + std::to_string(i) + ".mp4";
  }
  return v;
}

class JournaledBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("falcpp-journaled-" + std::to_string(getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove(path_);
    f_.fake->SetHandler([this](const http::Request& r) { return fal_.Handle(r); });
    options_.max_in_flight = 4;
    options_.wait.mode = WaitMode::kPolling;
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix);
  }
  JobJournal Journal() { return std::move(*JobJournal::Open(path_)); }

  fs::path path_;
  test::FakeClient f_;
  CountingFal fal_;
  BatchOptions options_;
};

TEST_F(JournaledBatchTest, ASecondRunSkipsEveryFinishedJob) {
  const auto shots = Shots(12);
  {
    JobJournal journal = Journal();
    auto batch = RunBatch(f_.client, shots, journal, options_);
    EXPECT_EQ(batch.succeeded, 12u);
    EXPECT_EQ(fal_.created(), 12);
  }
  JobJournal journal = Journal();
  auto again = RunBatch(f_.client, shots, journal, options_);
  EXPECT_EQ(again.succeeded, 12u);
  EXPECT_EQ(fal_.created(), 12);  // nothing submitted again
  for (const auto& r : again.results) {
    ASSERT_TRUE(r && r->ok());
    EXPECT_EQ((*r)->video.url, "https://cdn/v.mp4");  // parsed from the journal's output
  }
}

TEST_F(JournaledBatchTest, AnUnansweredSubmitIsAmbiguousAndNeverSentAgain) {
  const auto shots = Shots(6, /*lost=*/2);
  JobJournal journal = Journal();
  auto batch = RunBatch(f_.client, shots, journal, options_);
  EXPECT_EQ(batch.succeeded, 5u);
  ASSERT_TRUE(batch.results[2].has_value());
  EXPECT_EQ(batch.results[2]->error().code(), ErrorCode::kAmbiguousSubmit);
  EXPECT_EQ(fal_.created(), 6);
  auto again = RunBatch(f_.client, shots, journal, options_);
  EXPECT_EQ(fal_.created(), 6);
  EXPECT_EQ(again.results[2]->error().code(), ErrorCode::kAmbiguousSubmit);
  EXPECT_EQ(
      journal
          .Record(JobJournal::KeyFor("fal-ai/ltx-2.3-quality/render-to-real", Client().DryRun(shots[2]).body))
          ->state,
      JournalState::kAmbiguous);
}

TEST_F(JournaledBatchTest, ACancelledRunLeavesRequestIdsThatTheNextRunWaitsFor) {
  const auto shots = Shots(8);
  const std::vector<std::string> ids = {"s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"};
  JobJournal journal = Journal();
  CancellationSource stop;
  options_.cancel = stop.Token();
  // Cancel as soon as the fourth job has its request id: its wait and those after it end.
  f_.fake->SetHandler([&](const http::Request& r) {
    http::Outcome out = fal_.Handle(r);
    if (r.method == http::Method::kPost && fal_.created() == 4) stop.Cancel();
    return out;
  });
  auto first = RunBatch(f_.client, shots, journal, options_, {}, ids);
  EXPECT_LT(first.succeeded, 8u);
  EXPECT_GT(first.not_started, 0u);
  int waiting = 0;  // submitted, their waits cut short: the next run must wait for them, not resubmit
  for (const std::string& id : ids) waiting += journal.Record(id)->state == JournalState::kSubmitted;
  EXPECT_GT(waiting, 0);
  const int results_before = fal_.results();
  options_.cancel = CancellationToken();
  auto second = RunBatch(f_.client, shots, journal, options_, {}, ids);
  EXPECT_EQ(second.succeeded, 8u);
  EXPECT_EQ(fal_.created(), 8);  // each job created once, across both runs
  EXPECT_GE(fal_.results() - results_before, waiting);
  for (const std::string& id : ids) EXPECT_EQ(journal.Record(id)->state, JournalState::kDone) << id;
}

TEST_F(JournaledBatchTest, AJobStoppedBeforeItsSubmitKeepsItsErrorAndStaysPlanned) {
  auto shots = Shots(3);
  shots[1].num_frames = 999;  // fails validation: nothing is sent for it
  JobJournal journal = Journal();
  auto batch = RunBatch(f_.client, shots, journal, options_, {}, {"a", "b", "c"});
  EXPECT_EQ(batch.succeeded, 2u);
  EXPECT_EQ(batch.failed, 1u);
  ASSERT_TRUE(batch.results[1].has_value());
  EXPECT_EQ(batch.results[1]->error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(fal_.created(), 2);
  Result<JournalRecord> b = journal.Record("b");
  EXPECT_EQ(b->state, JournalState::kPlanned);  // a corrected run may still submit it
  EXPECT_EQ(b->error_code, "invalid_argument");
  EXPECT_EQ(b->attempts, 0);
}

}  // namespace
}  // namespace fal
