// falcpp-bench journal: what the job journal adds per job. The journal writes, in order, everything one job
// records in a batch: its intent (all intents in one transaction), the claim, submitting, the request id, the
// output and done; each is one transaction flushed to disk (WAL, synchronous=FULL), so the figure is mostly
// the disk's flush time. Runs on a file in --dir (the disk a state file would be on), no network.
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "bench_util.hpp"
#include "fal/job_journal.hpp"

namespace fal::bench {

int RunJournal(int argc, char** argv) {
  Flags flags(argc, argv, 2, {{"n", "200"}, {"dir", std::filesystem::temp_directory_path().string()}},
              "falcpp-bench journal [--n 200] [--dir DIR]");
  const long long n = flags.Int("n");
  const std::filesystem::path path = std::filesystem::path(flags.Get("dir")) /
                                     ("falcpp-bench-journal-" + std::to_string(getpid()) + ".state");
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  const std::string body =
      R"({"video_url":"https://example.com/shots/shot_000.mp4","prompt":"3DREAL. A harbor at dawn.","num_frames":121})";
  const std::string output =
      R"({"video":{"url":"https://v3.fal.media/files/x/out.mp4","file_size":1234567},"seed":1})";
  double intents_ms = 0, records_ms = 0;
  {
    Result<JobJournal> journal = JobJournal::Open(path);
    if (!journal) {
      std::fprintf(stderr, "falcpp-bench journal: %s\n", journal.error().message().c_str());
      return 1;
    }
    std::vector<JobJournal::Intent> intents;
    for (long long i = 0; i < n; ++i) {
      intents.push_back({"shot_" + std::to_string(i), "fal-ai/ltx-2.3-quality/render-to-real", body, {}});
    }
    auto start = Clock::now();
    if (!journal->AddIntents(intents)) return 1;
    intents_ms = ms(Clock::now() - start);
    start = Clock::now();
    for (const JobJournal::Intent& job : intents) {
      const bool ok = journal->Claim(job.id) && journal->RecordSubmitting(job.id, body) &&
                      journal->RecordSubmitted(job.id, "0b5e6d6c-6f0e-4cf1-9f7e-2b8a3c1d4e5f") &&
                      journal->RecordCompleted(job.id, output) &&
                      journal->RecordDone(job.id, "out/" + job.id + ".mp4");
      if (!ok) return 1;
    }
    records_ms = ms(Clock::now() - start);
  }
  std::uintmax_t bytes = 0;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path.string() + suffix, ec);
    if (!ec) bytes += size;
    std::filesystem::remove(path.string() + suffix, ec);
  }
  const double per_job = (intents_ms + records_ms) / static_cast<double>(n);
  PrintLine({{"bench", "journal"},
             {"n", n},
             {"dir", flags.Get("dir")},
             {"intents_ms_total", intents_ms},
             {"ms_per_job", per_job},
             {"ms_per_record", records_ms / static_cast<double>(n) / 5.0},
             {"transactions_per_job", 5},
             {"file_bytes_per_job", static_cast<double>(bytes) / static_cast<double>(n)}});
  return 0;
}

}  // namespace fal::bench
