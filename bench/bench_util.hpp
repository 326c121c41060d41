#pragma once
// What every benchmark needs: flags, process figures (peak RSS, peak threads) and one JSON line out.

#include <atomic>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

namespace fal::bench {

/// "--name value" flags. Unknown flags are an error, so a typo never silently runs the default.
class Flags {
 public:
  /// Parses argv[first..]; on a problem prints it and usage to stderr and exits 2.
  Flags(int argc, char** argv, int first, std::map<std::string, std::string> defaults, const char* usage);
  const std::string& Get(const std::string& name) const { return values_.at(name); }
  long long Int(const std::string& name) const;
  double Double(const std::string& name) const;

 private:
  std::map<std::string, std::string> values_;
};

/// Peak resident set size of this process so far, in MB (VmHWM).
double PeakRssMb();
/// Threads of this process now.
int ThreadCount();

/// Samples ThreadCount() every few milliseconds on its own thread (not counted) until stopped.
class ThreadSampler {
 public:
  ThreadSampler();
  ~ThreadSampler();
  int peak() const { return peak_.load(); }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> peak_{0};
  std::thread thread_;
};

/// Microseconds of CLOCK_MONOTONIC: the clock fal-emulator stamps completions with.
long long MonotonicMicros();

/// Prints `figures` as one JSON line on stdout.
void PrintLine(const nlohmann::json& figures);

}  // namespace fal::bench
