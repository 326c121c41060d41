// falcpp-bench encode: base64 data-URI encoding (and decoding) speed on one core, over M MB of random bytes.
// Each figure is the best of several rounds, so a busy machine shows its floor rather than its noise.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <iostream>
#include <random>
#include <string>

#include "bench_util.hpp"
#include "fal/data_uri.hpp"

namespace fal::bench {
namespace {

constexpr const char* kUsage =
    "falcpp-bench encode [--mb 64] [--rounds 5]\n"
    "  MB/s of raw bytes (10^6) on one core, from this thread's CPU time, best of the rounds:\n"
    "    mb_per_s         EncodeDataUri into a new string (its allocation included)\n"
    "    loop_mb_per_s    Base64EncodeInto a reused buffer (the encoder alone)\n"
    "    decode_mb_per_s  ParseDataUri of that URI (validation and a new string included)\n"
    "    wall_mb_per_s    mb_per_s by the wall clock (lower on a busy machine)";

struct Timing {
  double cpu_s = 1e30;  // this thread's CPU time: the figure for "one core", whatever else runs
  double wall_s = 1e30;
};

double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

template <class F>
Timing Best(int rounds, F&& f) {
  Timing best;
  for (int i = 0; i < rounds; ++i) {
    const double cpu0 = ThreadCpuSeconds();
    const auto wall0 = std::chrono::steady_clock::now();
    f();
    best.wall_s = std::min(best.wall_s,
                           std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count());
    best.cpu_s = std::min(best.cpu_s, ThreadCpuSeconds() - cpu0);
  }
  return best;
}

}  // namespace

int RunEncode(int argc, char** argv) {
  Flags flags(argc, argv, 2, {{"mb", "64"}, {"rounds", "5"}}, kUsage);
  const auto size = static_cast<std::size_t>(flags.Double("mb") * 1e6);
  const int rounds = static_cast<int>(flags.Int("rounds"));
  std::string bytes(size, '\0');
  std::mt19937_64 rng(42);
  for (std::size_t i = 0; i + 8 <= size; i += 8) {
    const std::uint64_t v = rng();
    std::copy_n(reinterpret_cast<const char*>(&v), 8, bytes.data() + i);
  }

  std::string uri;
  const Timing encode = Best(rounds, [&] { uri = EncodeDataUri(bytes, "video/mp4").value(); });
  std::string reused(Base64EncodedSize(size), '\0');
  const Timing loop = Best(rounds, [&] { Base64EncodeInto(bytes, reused.data()); });
  std::size_t decoded = 0;
  const Timing decode = Best(rounds, [&] { decoded = ParseDataUri(uri).value().data.size(); });
  if (decoded != size) {
    std::cerr << "falcpp-bench encode: round trip gave " << decoded << " bytes, not " << size << "\n";
    return 1;
  }
  const double mb = static_cast<double>(size) / 1e6;
  PrintLine({{"bench", "encode"},
             {"bytes", size},
             {"mb_per_s", mb / encode.cpu_s},
             {"wall_mb_per_s", mb / encode.wall_s},
             {"loop_mb_per_s", mb / loop.cpu_s},
             {"decode_mb_per_s", mb / decode.cpu_s},
             {"rounds", rounds}});
  return 0;
}

}  // namespace fal::bench
