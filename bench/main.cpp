// falcpp-bench SUBCOMMAND [flags]: each subcommand measures one thing and prints one JSON line.
// Add a subcommand: a file with `int RunX(int argc, char** argv)` and one row in kCommands.
#include <cstring>
#include <iostream>

namespace fal::bench {
int RunBatchBench(int argc, char** argv);
int RunBuild(int argc, char** argv);
int RunChaos(int argc, char** argv);
int RunEncode(int argc, char** argv);
int RunJobs(int argc, char** argv);
int RunJournal(int argc, char** argv);
int RunLongClip(int argc, char** argv);
int RunUpload(int argc, char** argv);
}  // namespace fal::bench

namespace {

struct Command {
  const char* name;
  int (*run)(int argc, char** argv);
  const char* what;
};

constexpr Command kCommands[] = {
    {"jobs", fal::bench::RunJobs, "N jobs (submit, wait, result) against fal-emulator"},
    {"batch", fal::bench::RunBatchBench, "N typed jobs, each uploading its own local file, through RunBatch"},
    {"build", fal::bench::RunBuild, "build, validate and serialize a render-to-real request"},
    {"upload", fal::bench::RunUpload, "upload one file (single or multipart) through fal::Storage"},
    {"encode", fal::bench::RunEncode, "base64 data-URI encode and decode MB/s on one core"},
#ifdef FALCPP_BENCH_JOURNAL
    {"journal", fal::bench::RunJournal, "what the job journal adds per job (5 flushed transactions)"},
#endif
#ifdef FALCPP_BENCH_LONG_CLIP
    {"long-clip", fal::bench::RunLongClip, "a long clip split, run against fal-emulator and stitched"},
#endif
#ifdef FALCPP_BENCH_CHAOS
    {"chaos", fal::bench::RunChaos, "N jobs under a random fault plan: completed, lost, duplicated, retries"},
#endif
};

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2) {
    for (const Command& c : kCommands) {
      if (std::strcmp(argv[1], c.name) == 0) return c.run(argc, argv);
    }
  }
  std::cerr << "usage: falcpp-bench SUBCOMMAND [flags] (--help for each)\n";
  for (const Command& c : kCommands) std::cerr << "  " << c.name << "\t" << c.what << "\n";
  return 2;
}
