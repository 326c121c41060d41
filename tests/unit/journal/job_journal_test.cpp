// fal::JobJournal: the records, the restart rules of Claim, claims between processes, and refusing files
// that are not journals without touching them.
#include "fal/job_journal.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace fal {
namespace {

namespace fs = std::filesystem;

std::string Bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class JobJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("falcpp-journal-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  JobJournal OpenOk(JournalOptions options = {}) {
    Result<JobJournal> j = JobJournal::Open(path_(), options);
    EXPECT_TRUE(j.ok()) << (j ? "" : j.error().message());
    return std::move(*j);
  }
  fs::path path_() const { return dir_ / "batch.state"; }

  // Claims `id` and records a submit in a child process that then dies without an answer (as SIGKILL would
  // leave it): its claim names a process that no longer exists.
  void SubmitInDeadProcess(const std::string& id) {
    const pid_t child = fork();
    if (child == 0) {
      Result<JobJournal> j = JobJournal::Open(path_());
      const bool ok = j && j->Claim(id) && j->RecordSubmitting(id, "{\"sent\":true}");
      _exit(ok ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }

  fs::path dir_;
};

TEST_F(JobJournalTest, RecordsEveryStepAndReadsThemBackAfterReopening) {
  {
    JobJournal j = OpenOk();
    ASSERT_TRUE(j.AddIntent("shot_010", "fal-ai/x", "{\"a\":1}", {"/tmp/a.mp4"}));
    Result<JobClaim> claim = j.Claim("shot_010");
    ASSERT_TRUE(claim);
    EXPECT_EQ(claim->outcome, ClaimOutcome::kClaimed);
    EXPECT_EQ(claim->record.state, JournalState::kPlanned);
    ASSERT_TRUE(j.RecordSubmitting("shot_010", "{\"a\":1,\"url\":\"https://u\"}"));
    ASSERT_TRUE(j.RecordSubmitted("shot_010", "req-1"));
    ASSERT_TRUE(j.RecordCompleted("shot_010", "{\"video\":{}}"));
    ASSERT_TRUE(j.RecordDone("shot_010", "out/shot_010.mp4"));
  }
  JobJournal j = OpenOk();
  Result<JournalRecord> r = j.Record("shot_010");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->state, JournalState::kDone);
  EXPECT_EQ(r->endpoint, "fal-ai/x");
  EXPECT_EQ(r->files, std::vector<std::string>{"/tmp/a.mp4"});
  EXPECT_EQ(r->body, "{\"a\":1,\"url\":\"https://u\"}");
  EXPECT_EQ(r->request_id, "req-1");
  EXPECT_EQ(r->output_json, "{\"video\":{}}");
  EXPECT_EQ(r->output_path, "out/shot_010.mp4");
  EXPECT_EQ(r->attempts, 1);
  EXPECT_TRUE(r->owner.empty());
  // Done is skipped on restart.
  Result<JobClaim> again = j.Claim("shot_010");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->outcome, ClaimOutcome::kFinished);
}

TEST_F(JobJournalTest, ARequestIdIsResumedNeverResubmitted) {
  {
    JobJournal j = OpenOk();
    ASSERT_TRUE(j.AddIntent("a", "e", "{}", {}));
    ASSERT_TRUE(j.Claim("a"));
    ASSERT_TRUE(j.RecordSubmitting("a", "{}"));
    ASSERT_TRUE(j.RecordSubmitted("a", "req-a"));
    ASSERT_TRUE(j.RecordSetback("a", Error(ErrorCode::kCancelled, "interrupted")));
  }
  JobJournal j = OpenOk();
  Result<JobClaim> claim = j.Claim("a");
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->outcome, ClaimOutcome::kClaimed);
  EXPECT_EQ(claim->record.state, JournalState::kSubmitted);
  EXPECT_EQ(claim->record.request_id, "req-a");
  EXPECT_EQ(claim->record.error_code, "cancelled");
}

TEST_F(JobJournalTest, AnUnansweredSubmitOfADeadProcessIsAmbiguousAndNotHandedOut) {
  {
    JobJournal j = OpenOk();
    ASSERT_TRUE(j.AddIntent("a", "e", "{}", {}));
  }
  SubmitInDeadProcess("a");
  JobJournal j = OpenOk();
  Result<JobClaim> claim = j.Claim("a");
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->outcome, ClaimOutcome::kFinished);
  EXPECT_EQ(claim->record.state, JournalState::kAmbiguous);
  EXPECT_EQ(claim->record.error_code, "ambiguous_submit");
  EXPECT_EQ(j.Record("a")->state, JournalState::kAmbiguous);
  // Still ambiguous on the next run.
  EXPECT_EQ(j.Claim("a")->outcome, ClaimOutcome::kFinished);
}

TEST_F(JobJournalTest, ResubmitAmbiguousHandsTheJobOutAgainAsPlanned) {
  {
    JobJournal j = OpenOk();
    ASSERT_TRUE(j.AddIntent("a", "e", "{}", {}));
  }
  SubmitInDeadProcess("a");
  JournalOptions opt_in;
  opt_in.resubmit_ambiguous = true;
  JobJournal j = OpenOk(opt_in);
  Result<JobClaim> claim = j.Claim("a");
  ASSERT_TRUE(claim);
  EXPECT_EQ(claim->outcome, ClaimOutcome::kClaimed);
  EXPECT_EQ(claim->record.state, JournalState::kPlanned);
  ASSERT_TRUE(j.RecordSubmitting("a", "{}"));
  EXPECT_EQ(j.Record("a")->attempts, 2);
}

TEST_F(JobJournalTest, ALiveHolderKeepsItsJobEvenAfterItsLeaseRanOut) {
  JournalOptions short_lease;
  short_lease.lease = std::chrono::milliseconds(1);
  JobJournal first = OpenOk(short_lease);
  JobJournal second = OpenOk(short_lease);
  EXPECT_NE(first.owner(), second.owner());
  ASSERT_TRUE(first.AddIntent("a", "e", "{}", {}));
  ASSERT_EQ(first.Claim("a")->outcome, ClaimOutcome::kClaimed);
  ASSERT_TRUE(first.RecordSubmitting("a", "{}"));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the lease is over; the holder lives
  Result<JobClaim> other = second.Claim("a");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->outcome, ClaimOutcome::kHeldByOther);
  EXPECT_EQ(other->record.state, JournalState::kSubmitting);  // not made ambiguous under a live submit
  // The second cannot write the first's job.
  Result<void> stolen = second.RecordSubmitted("a", "req-x");
  ASSERT_FALSE(stolen);
  EXPECT_NE(stolen.error().message().find("lost the claim"), std::string::npos);
  ASSERT_TRUE(first.RecordSubmitted("a", "req-a"));
  ASSERT_TRUE(first.Release("a"));
  EXPECT_EQ(second.Claim("a")->outcome, ClaimOutcome::kClaimed);
}

TEST_F(JobJournalTest, ASubmitRefusedWithoutAJobGoesBackToPlanned) {
  JobJournal j = OpenOk();
  ASSERT_TRUE(j.AddIntent("a", "e", "{}", {}));
  ASSERT_TRUE(j.Claim("a"));
  ASSERT_TRUE(j.RecordSubmitting("a", "{}"));
  ASSERT_TRUE(j.RecordSetback("a", Error(ErrorCode::kRateLimited, "429").WithHttpStatus(429)));
  Result<JournalRecord> r = j.Record("a");
  EXPECT_EQ(r->state, JournalState::kPlanned);
  EXPECT_EQ(r->http_status, 429);
  EXPECT_EQ(r->error_code, "rate_limited");
}

TEST_F(JobJournalTest, AFailedJobKeepsItsErrorAndIsNotRunAgain) {
  JobJournal j = OpenOk();
  ASSERT_TRUE(j.AddIntent("a", "e", "{}", {}));
  ASSERT_TRUE(j.Claim("a"));
  ASSERT_TRUE(j.RecordSubmitting("a", "{}"));
  ASSERT_TRUE(j.RecordSubmitted("a", "req"));
  ASSERT_TRUE(j.RecordFailed("a", Error(ErrorCode::kJobFailed, "runner died").WithHttpStatus(503)));
  Result<JobClaim> claim = j.Claim("a");
  EXPECT_EQ(claim->outcome, ClaimOutcome::kFinished);
  EXPECT_EQ(claim->record.state, JournalState::kFailed);
  EXPECT_EQ(claim->record.error_message, "runner died");
  EXPECT_EQ(claim->record.http_status, 503);
}

TEST_F(JobJournalTest, AnIdWithAnotherInputIsAClearError) {
  JobJournal j = OpenOk();
  ASSERT_TRUE(j.AddIntent("a", "e", "{\"n\":1}", {}));
  EXPECT_TRUE(j.AddIntent("a", "e", "{\"n\":1}", {}));  // the same intent again: fine
  EXPECT_TRUE(j.AddIntent("a", "e", "{\"n\":0}", {}));  // nothing sent yet: a corrected input replaces it
  EXPECT_EQ(j.Record("a")->intent_body, "{\"n\":0}");
  ASSERT_TRUE(j.Claim("a"));
  ASSERT_TRUE(j.RecordSubmitting("a", "{\"n\":0}"));
  ASSERT_TRUE(
      j.RecordSetback("a", Error(ErrorCode::kUnavailable, "503")));  // back to planned, but it was sent
  Result<void> changed = j.AddIntent("a", "e", "{\"n\":2}", {});
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(changed.error().message().find("different input"), std::string::npos);
  EXPECT_EQ(j.Claim("nope").error().code(), ErrorCode::kNotFound);
}

TEST_F(JobJournalTest, KeysAreStableAndDependOnEndpointAndBody) {
  const std::string key = JobJournal::KeyFor("fal-ai/x", "{}");
  EXPECT_EQ(key, JobJournal::KeyFor("fal-ai/x", "{}"));
  EXPECT_EQ(key.rfind("sha256:", 0), 0u);
  EXPECT_EQ(key.size(), 7u + 32u);
  EXPECT_NE(key, JobJournal::KeyFor("fal-ai/y", "{}"));
  EXPECT_NE(key, JobJournal::KeyFor("fal-ai/x", "{ }"));
}

TEST_F(JobJournalTest, AFileThatIsNotADatabaseIsRefusedAndLeftAsItWas) {
  std::ofstream(path_()) << "shot_010,done\nnot a journal\n";
  const std::string before = Bytes(path_());
  Result<JobJournal> j = JobJournal::Open(path_());
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(j.error().message().find("not a falcpp job journal"), std::string::npos) << j.error().message();
  EXPECT_NE(j.error().message().find("never overwritten"), std::string::npos);
  EXPECT_EQ(Bytes(path_()), before);
  EXPECT_FALSE(fs::exists(path_().string() + "-wal"));
}

TEST_F(JobJournalTest, AnotherProgramsDatabaseIsRefusedAndLeftAsItWas) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE inventory(item TEXT); INSERT INTO inventory VALUES ('x');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const std::string before = Bytes(path_());
  Result<JobJournal> j = JobJournal::Open(path_());
  ASSERT_FALSE(j);
  EXPECT_NE(j.error().message().find("not a falcpp job journal"), std::string::npos) << j.error().message();
  EXPECT_EQ(Bytes(path_()), before);
}

TEST_F(JobJournalTest, ACorruptJournalIsRefusedAndLeftAsItWas) {
  {
    JobJournal j = OpenOk();
    for (int i = 0; i < 50; ++i)
      ASSERT_TRUE(j.AddIntent("job" + std::to_string(i), "e", std::string(500, 'x'), {}));
  }
  // Overwrite the pages after the header (the schema's pages) with garbage, as a bad disk or a stray write
  // would.
  std::string bytes = Bytes(path_());
  ASSERT_GT(bytes.size(), 8192u);
  for (std::size_t i = 100; i < 8192; ++i) bytes[i] = static_cast<char>(0xA5);
  std::ofstream(path_(), std::ios::binary | std::ios::trunc) << bytes;
  Result<JobJournal> j = JobJournal::Open(path_());
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(j.error().message().find("never overwritten"), std::string::npos) << j.error().message();
  EXPECT_EQ(Bytes(path_()), bytes);
}

}  // namespace
}  // namespace fal
