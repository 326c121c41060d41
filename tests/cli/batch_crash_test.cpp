// fal-ltx batch, the real binary, against fal-emulator: killed with SIGKILL at random points and started
// again until the batch is over. The emulator's journal is the witness: no job created twice, every job done
// or reported ambiguous. Also: resets after enqueue, two processes on one state file, and state files that
// are not journals. Emulator times are short to keep the CPU cost modest.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "cli/cli_process.hpp"
#include "support/emulator_process.hpp"

namespace fal::test_support {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kCanaryKey = "canary-key-5f1d2e9b:never-print-me-7c3a";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fal-ltx child with stdout and stderr in files, so that it can be killed at any moment.
class CliChild {
 public:
  CliChild(const std::vector<std::string>& args, const std::string& base_url, const fs::path& dir, int n) {
    out_ = dir / ("run" + std::to_string(n) + ".out");
    err_ = dir / ("run" + std::to_string(n) + ".err");
    pid_ = fork();
    if (pid_ == 0) {
      const int out = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out, 1);
      dup2(err, 2);
      setenv("FAL_KEY", kCanaryKey, 1);
      setenv("FAL_BASE_URL", base_url.c_str(), 1);
      std::vector<char*> argv{const_cast<char*>(FAL_LTX_PATH)};
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(FAL_LTX_PATH, argv.data());
      _exit(127);
    }
  }
  void Kill() { kill(pid_, SIGKILL); }
  void Interrupt() { kill(pid_, SIGINT); }
  // The exit code, or 128 + signal.
  int Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  // Waits up to `limit`; kills it after that (the test then fails on the exit code).
  int WaitAtMost(std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        Kill();
        return Wait();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  std::string out() const { return ReadFile(out_); }
  std::string err() const { return ReadFile(err_); }

 private:
  pid_t pid_ = -1;
  fs::path out_, err_;
};

// Jobs per state in the state file (read as the sqlite3 shell would).
std::map<std::string, int> StateCounts(const fs::path& state) {
  std::map<std::string, int> counts;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(state.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return counts;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT state, count(*) FROM jobs GROUP BY state", -1, &stmt, nullptr) ==
      SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      counts[reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))] = sqlite3_column_int(stmt, 1);
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return counts;
}

// What the emulator's journal says about submits: the jobs it created, by body hash.
struct Submits {
  int created = 0;
  int duplicates = 0;  // jobs created for a body that had created one already
  std::set<std::string> request_ids;
};

Submits ReadSubmits(const fs::path& journal) {
  Submits s;
  std::map<std::string, int> per_body;
  std::ifstream in(journal);
  for (std::string line; std::getline(in, line);) {
    const json j = json::parse(line, nullptr, false);
    if (!j.is_object() || j.value("route", "") != "submit") continue;
    const std::string fault = j["fault"].is_string() ? j["fault"].get<std::string>() : "";
    // An injected status or a plain reset creates no job; anything else that reached the queue did.
    const bool created = j.value("status", 0) == 200 ||
                         fault.find("reset-after-enqueue") != std::string::npos ||
                         fault.find("stall") != std::string::npos;
    if (!created) continue;
    ++s.created;
    if (++per_body[j.value("body_sha256", "")] > 1) ++s.duplicates;
    s.request_ids.insert(j.value("request_id", ""));
  }
  return s;
}

class BatchCrash : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("fal-ltx-batch-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  void StartEmulator(const std::string& faults) {
    std::vector<std::string> args = {
        "--queue-ms", "30",        "--run-ms", "150",       "--log-every-ms",
        "1000",       "--workers", "16",       "--journal", (dir_ / "emulator.jsonl").string(),
        "--seed",     "7"};
    if (!faults.empty()) args.insert(args.end(), {"--faults", faults});
    emulator_ = std::make_unique<EmulatorProcess>(args);
  }
  json Stats() {
    httplib::Client http(emulator_->base_url());
    auto res = http.Get("/_emulator/stats");
    return res ? json::parse(res->body) : json();
  }
  // A manifest of n render-to-real jobs with distinct bodies (seed = index).
  fs::path WriteManifest(int n) {
    const fs::path path = dir_ / "shots.jsonl";
    std::ofstream out(path);
    for (int i = 0; i < n; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "shot_%03d", i);
      out << json{{"id", id},
                  {"endpoint", "render-to-real"},
                  {"input",
                   {{"video_url", "https://example.com/shots/" + std::string(id) + ".mp4"},
                    {"resolution", "480p"},
                    {"num_frames", 73},
                    {"seed", i}}}}
                 .dump()
          << "\n";
    }
    return path;
  }
  std::vector<std::string> BatchArgs(const fs::path& manifest, int concurrency = 16) {
    return {"batch",         manifest.string(),
            "--state",       (dir_ / "shots.state").string(),
            "--out-dir",     (dir_ / "out").string(),
            "--concurrency", std::to_string(concurrency),
            "--poll-ms",     "50",
            "--quiet"};
  }

  // Runs the batch, killing it at random moments, until a run ends by itself. Returns the figures line.
  struct Figures {
    int runs = 0, kills = 0;
    bool killed_before_submit = false, killed_mid_submit = false, killed_with_jobs_on_fal = false,
         killed_with_done = false, killed_mid_download = false;
    std::string log;
  };
  Figures KillAndRestart(const fs::path& manifest, int max_kills, unsigned seed) {
    Figures f;
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> delay_ms(150, 900);
    const fs::path state = dir_ / "shots.state";
    for (;;) {
      const bool covered = f.killed_before_submit && f.killed_mid_submit && f.killed_with_jobs_on_fal &&
                           f.killed_with_done && f.killed_mid_download;
      const bool kill = f.kills < max_kills && (!covered || f.kills < 10);
      CliChild child(BatchArgs(manifest), emulator_->base_url(), dir_, f.runs++);
      if (!kill) {
        const int code = child.WaitAtMost(std::chrono::seconds(180));
        f.log += "final run: exit " + std::to_string(code) + "\n";
        EXPECT_TRUE(code == 0 || code == 5) << code << "\n" << child.err();
        EXPECT_EQ(child.err().find("canary-key"), std::string::npos);
        EXPECT_EQ(child.out().find("canary-key"), std::string::npos);
        last_report_ = json::parse(child.out(), nullptr, false);
        return f;
      }
      // The first run dies before it can have sent anything; the others at a random moment.
      std::this_thread::sleep_for(std::chrono::milliseconds(f.kills == 0 ? 2 : delay_ms(random)));
      child.Kill();
      child.Wait();
      ++f.kills;
      std::map<std::string, int> at_kill = StateCounts(state);
      std::string line = "kill " + std::to_string(f.kills) + ":";
      for (const auto& [s, n] : at_kill) line += " " + s + "=" + std::to_string(n);
      f.log += line + "\n";
      const int sent = at_kill["submitting"] + at_kill["submitted"] + at_kill["completed"] + at_kill["done"] +
                       at_kill["ambiguous"] + at_kill["failed"];
      if (sent == 0) f.killed_before_submit = true;
      if (at_kill["submitting"] > 0) f.killed_mid_submit = true;
      if (at_kill["submitted"] > 0) f.killed_with_jobs_on_fal = true;
      if (at_kill["done"] > 0) f.killed_with_done = true;
      if (at_kill["completed"] > 0) f.killed_mid_download = true;
    }
  }

  // The checks every crash test ends with. Returns "created=C duplicates=D done=N ambiguous=A".
  std::string CheckOutcome(int jobs) {
    const json stats = Stats();
    emulator_->Stop();  // every journal line is on disk once it has exited
    const Submits submits = ReadSubmits(dir_ / "emulator.jsonl");
    EXPECT_EQ(submits.created, stats["jobs_created"].get<int>());
    EXPECT_EQ(submits.duplicates, 0) << "a job was created twice";
    EXPECT_TRUE(last_report_.is_object());
    int done = 0, ambiguous = 0;
    std::set<std::string> done_ids;
    for (const json& job : last_report_["jobs"]) {
      const std::string state = job["state"];
      EXPECT_TRUE(state == "done" || state == "ambiguous") << job.dump();
      if (state == "done") {
        ++done;
        const std::string request_id = job["request_id"];
        EXPECT_TRUE(done_ids.insert(request_id).second) << "two jobs share " << request_id;
        EXPECT_EQ(submits.request_ids.count(request_id), 1u) << request_id;
        EXPECT_GT(fs::file_size(job["output_path"].get<std::string>()), 0u) << job.dump();
      } else {
        ++ambiguous;
        EXPECT_EQ(job["error"]["code"], "ambiguous_submit") << job.dump();
      }
    }
    EXPECT_EQ(done + ambiguous, jobs);
    // Every job the emulator made is a done job, or one of the ambiguous ones (made, answer never recorded).
    EXPECT_GE(submits.created, done);
    EXPECT_LE(submits.created, done + ambiguous);
    // The key is never written to the state file.
    for (const char* suffix : {"", "-wal"}) {
      const std::string bytes = ReadFile(dir_.string() + "/shots.state" + suffix);
      EXPECT_EQ(bytes.find("never-print-me"), std::string::npos);
    }
    return "created=" + std::to_string(submits.created) +
           " duplicates=" + std::to_string(submits.duplicates) + " done=" + std::to_string(done) +
           " ambiguous=" + std::to_string(ambiguous);
  }

  fs::path dir_;
  std::unique_ptr<EmulatorProcess> emulator_;
  json last_report_;
};

TEST_F(BatchCrash, TwoHundredJobsKilledAtRandomPointsEndDoneOrAmbiguousAndNoneCreatedTwice) {
  // Some submits are held (a kill then lands mid-submit), some downloads are slow (a kill lands
  // mid-download).
  StartEmulator("submit:stall=400@0.06;file:slow=40000@0.3");
  const fs::path manifest = WriteManifest(200);
  const Figures f = KillAndRestart(manifest, 14, 20261202);
  const std::string outcome = CheckOutcome(200);
  std::printf("kill-and-restart: jobs=200 runs=%d kills=%d %s\n%s", f.runs, f.kills, outcome.c_str(),
              f.log.c_str());
  EXPECT_TRUE(f.killed_before_submit);
  EXPECT_TRUE(f.killed_mid_submit);
  EXPECT_TRUE(f.killed_with_jobs_on_fal);
  EXPECT_TRUE(f.killed_with_done);
  EXPECT_TRUE(f.killed_mid_download);
}

TEST_F(BatchCrash, ResetsAfterEnqueueAreAmbiguousNeverResubmitted) {
  StartEmulator("submit:reset-after-enqueue@0.08");
  const fs::path manifest = WriteManifest(60);
  const Figures f = KillAndRestart(manifest, 3, 42);  // at most 3 kills: the resets are the point here
  const std::string outcome = CheckOutcome(60);
  std::printf("resets after enqueue: jobs=60 runs=%d kills=%d %s\n%s", f.runs, f.kills, outcome.c_str(),
              f.log.c_str());
  const json faults = last_report_;
  int ambiguous = 0;
  for (const json& job : faults["jobs"]) ambiguous += job["state"] == "ambiguous";
  EXPECT_GT(ambiguous, 0);  // the resets were seen and reported
  // A run with the same arguments changes nothing: the ambiguous jobs are not sent again.
  const int created_before = ReadSubmits(dir_ / "emulator.jsonl").created;
  StartEmulator("");
  CliChild again(BatchArgs(manifest), emulator_->base_url(), dir_, 99);
  EXPECT_EQ(again.WaitAtMost(std::chrono::seconds(60)), 5) << again.err();  // ambiguous jobs: exit 5
  EXPECT_EQ(Stats()["jobs_created"], 0);
  EXPECT_NE(again.err().find("ambiguous"), std::string::npos);
  (void)created_before;
}

TEST_F(BatchCrash, TwoProcessesOnOneStateFileNeverRunTheSameJob) {
  StartEmulator("");
  const fs::path manifest = WriteManifest(40);
  CliChild a(BatchArgs(manifest, 3), emulator_->base_url(), dir_, 1);
  CliChild b(BatchArgs(manifest, 3), emulator_->base_url(), dir_, 2);
  EXPECT_EQ(a.WaitAtMost(std::chrono::seconds(120)), 0) << a.err();
  EXPECT_EQ(b.WaitAtMost(std::chrono::seconds(120)), 0) << b.err();
  // The one that ended last saw every job done; the first may have left some to the other.
  const json ra = json::parse(a.out(), nullptr, false), rb = json::parse(b.out(), nullptr, false);
  ASSERT_TRUE(ra.is_object() && rb.is_object());
  EXPECT_EQ(std::max(ra["done"].get<int>(), rb["done"].get<int>()), 40);
  EXPECT_EQ(ra["done"].get<int>() + ra["held_elsewhere"].get<int>(), 40);
  EXPECT_EQ(rb["done"].get<int>() + rb["held_elsewhere"].get<int>(), 40);
  const json stats = Stats();
  emulator_->Stop();
  const Submits submits = ReadSubmits(dir_ / "emulator.jsonl");
  EXPECT_EQ(stats["jobs_created"], 40);
  EXPECT_EQ(submits.created, 40);
  EXPECT_EQ(submits.duplicates, 0);
}

TEST_F(BatchCrash, ACorruptOrForeignStateFileIsAClearErrorAndNeverOverwritten) {
  StartEmulator("");
  const fs::path manifest = WriteManifest(3);
  const fs::path state = dir_ / "shots.state";
  // A foreign text file, then another program's SQLite database, then a journal with damaged pages.
  std::ofstream(state) << "id,state\nshot_000,done\n";
  std::vector<std::string> contents;
  contents.push_back(ReadFile(state));
  CliChild text(BatchArgs(manifest), emulator_->base_url(), dir_, 1);
  EXPECT_EQ(text.WaitAtMost(std::chrono::seconds(30)), 2);
  EXPECT_NE(text.err().find("not a falcpp job journal"), std::string::npos) << text.err();
  EXPECT_EQ(ReadFile(state), contents.back());

  fs::remove(state);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(state.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE jobs(id TEXT, state TEXT)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  contents.push_back(ReadFile(state));
  CliChild foreign(BatchArgs(manifest), emulator_->base_url(), dir_, 2);
  EXPECT_EQ(foreign.WaitAtMost(std::chrono::seconds(30)), 2);
  EXPECT_NE(foreign.err().find("not a falcpp job journal"), std::string::npos) << foreign.err();
  EXPECT_EQ(ReadFile(state), contents.back());

  fs::remove(state);
  CliChild good(BatchArgs(WriteManifest(40)), emulator_->base_url(), dir_, 3);
  ASSERT_EQ(good.WaitAtMost(std::chrono::seconds(60)), 0) << good.err();
  std::string bytes = ReadFile(state);
  ASSERT_GT(bytes.size(), 8192u);
  for (std::size_t i = 100; i < 8192; ++i) bytes[i] = static_cast<char>(0x5A);
  std::ofstream(state, std::ios::binary | std::ios::trunc) << bytes;
  CliChild corrupt(BatchArgs(manifest), emulator_->base_url(), dir_, 4);
  EXPECT_EQ(corrupt.WaitAtMost(std::chrono::seconds(30)), 2);
  EXPECT_NE(corrupt.err().find("never overwritten"), std::string::npos) << corrupt.err();
  EXPECT_EQ(ReadFile(state), bytes);
  EXPECT_EQ(Stats()["jobs_created"], 40);  // only the good run sent anything
}

TEST_F(BatchCrash, CtrlCStopsSubmittingLeavesJobsOnFalAndARerunFinishesThem) {
  StartEmulator("");
  const fs::path manifest = WriteManifest(30);
  std::vector<std::string> args = BatchArgs(manifest, 4);
  CliChild first(args, emulator_->base_url(), dir_, 1);
  // Ctrl-C once some jobs are on fal.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (StateCounts(dir_ / "shots.state")["submitted"] == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  first.Interrupt();
  EXPECT_EQ(first.WaitAtMost(std::chrono::seconds(30)), 130) << first.err();
  std::map<std::string, int> after = StateCounts(dir_ / "shots.state");
  EXPECT_EQ(after["submitting"], 0);  // every submit sent was answered and recorded
  EXPECT_GT(after["planned"], 0);     // it stopped submitting
  EXPECT_NE(first.err().find("run the same command again"), std::string::npos) << first.err();
  const int created = Stats()["jobs_created"];
  EXPECT_EQ(Stats()["jobs_cancelled"], 0);  // the jobs were left running on fal
  EXPECT_EQ(created, 30 - after["planned"]);
  CliChild second(args, emulator_->base_url(), dir_, 2);
  EXPECT_EQ(second.WaitAtMost(std::chrono::seconds(60)), 0) << second.err();
  EXPECT_EQ(StateCounts(dir_ / "shots.state")["done"], 30);
  EXPECT_EQ(Stats()["jobs_created"], 30);
}

TEST_F(BatchCrash, AManifestWithMistakesIsRefusedWholeNamingEachLineAndNothingIsSent) {
  StartEmulator("");
  const fs::path manifest = dir_ / "bad.jsonl";
  std::ofstream(manifest)
      << R"({"id":"a","endpoint":"render-to-real","input":{"video_url":"https://x/a.mp4"}})"
      << "\n"
      << R"({"id":"b","endpoint":"render-to-real","input":{"video_url":"missing.mp4"}})"
      << "\n"
      << "not json\n"
      << R"({"id":"c","endpoint":"render-to-real","input":{"video_url":"https://x/c.mp4","num_frames":400}})"
      << "\n"
      << R"({"id":"a","endpoint":"text-to-video","input":{"prompt":"x","loras":["https://x/l.safetensors"]}})"
      << "\n"
      << R"({"id":"d","endpoint":"nope","input":{}})"
      << "\n"
      << R"({"id":"e/1","endpoint":"render-to-real","input":{"video_url":"https://x/e.mp4"}})"
      << "\n"
      << R"({"id":"e_1","endpoint":"render-to-real","input":{"video_url":"https://x/f.mp4"}})"
      << "\n";
  CliChild bad(BatchArgs(manifest), emulator_->base_url(), dir_, 1);
  EXPECT_EQ(bad.WaitAtMost(std::chrono::seconds(30)), 2);
  const std::string err = bad.err();
  EXPECT_NE(err.find("nothing was sent"), std::string::npos) << err;
  EXPECT_NE(err.find("line 2 (b): video_url: no such file"), std::string::npos) << err;
  EXPECT_NE(err.find("line 3: not a JSON object"), std::string::npos) << err;
  EXPECT_NE(err.find("line 4 (c): num_frames"), std::string::npos) << err;
  EXPECT_NE(err.find("line 5: id 'a' is also on line 1"), std::string::npos) << err;
  EXPECT_NE(err.find("line 6 (d): endpoint"), std::string::npos) << err;
  EXPECT_NE(err.find("line 8 (e_1): its video would be e_1.mp4, as for line 7"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir_ / "shots.state"));
  // --max-cost: remote render-to-real videos have an unknown aspect, so their cost cannot be checked.
  std::vector<std::string> args = BatchArgs(WriteManifest(3));
  args.insert(args.end(), {"--max-cost", "100"});
  CliChild unknown(args, emulator_->base_url(), dir_, 2);
  EXPECT_EQ(unknown.WaitAtMost(std::chrono::seconds(30)), 2);
  EXPECT_NE(
      unknown.err().find("line 1 (shot_000): the cost cannot be estimated (the output keeps the source"),
      std::string::npos)
      << unknown.err();
  // 3 text-to-video jobs of 1024x576x73 = 44 MP at $0.001805 are $0.2383.
  const fs::path known = dir_ / "t2v.jsonl";
  {
    std::ofstream out(known);
    for (const char* id : {"t1", "t2", "t3"}) {
      out << json{{"id", id},
                  {"endpoint", "text-to-video"},
                  {"input", {{"prompt", id}, {"loras", {"https://x/l.safetensors"}}, {"num_frames", 73}}}}
                 .dump()
          << "\n";
    }
  }
  args = BatchArgs(known);
  args.insert(args.end(), {"--max-cost", "0.2"});
  CliChild costly(args, emulator_->base_url(), dir_, 3);
  EXPECT_EQ(costly.WaitAtMost(std::chrono::seconds(30)), 2);
  EXPECT_NE(
      costly.err().find("the estimated cost of the manifest's 3 jobs is $0.2383 (132 MP), above the cost "
                        "limit of $0.2000 (--max-cost)"),
      std::string::npos)
      << costly.err();
  const json stats = Stats();
  EXPECT_EQ(stats["jobs_created"], 0);
  EXPECT_EQ(stats["requests"]["initiate"], 0);
}

}  // namespace
}  // namespace fal::test_support
