// Seeded randomness: request ids, file tokens, output seeds and fault probabilities all come from
// --seed, so a run can be repeated. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>

namespace fal::emulator {

class RandomSource {
 public:
  explicit RandomSource(std::uint64_t seed) : engine_(seed) {}

  // An RFC 4122 version-4 UUID in lower-case hex, the form fal uses for request ids.
  std::string NewUuid();
  // Letters and digits, for upload ids and generated file names.
  std::string NewToken(std::size_t length);
  // Uniform in [0, 1).
  double NextUnit();
  std::uint64_t NextU64();

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_;
};

}  // namespace fal::emulator
