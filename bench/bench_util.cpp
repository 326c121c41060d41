#include "bench_util.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

namespace fal::bench {

Flags::Flags(int argc, char** argv, int first, std::map<std::string, std::string> defaults, const char* usage)
    : values_(std::move(defaults)) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << usage << "\n";
      std::exit(0);
    }
    if (arg.rfind("--", 0) != 0 || values_.count(arg.substr(2)) == 0 || i + 1 >= argc) {
      std::cerr << "falcpp-bench: unknown or incomplete flag \"" << arg << "\"\n" << usage << "\n";
      std::exit(2);
    }
    values_[arg.substr(2)] = argv[++i];
  }
  for (const auto& [name, value] : values_) {
    if (value.empty()) {
      std::cerr << "falcpp-bench: --" << name << " is required\n" << usage << "\n";
      std::exit(2);
    }
  }
}

long long Flags::Int(const std::string& name) const { return std::stoll(Get(name)); }
double Flags::Double(const std::string& name) const { return std::stod(Get(name)); }

namespace {
long long StatusField(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::atoll(line.c_str() + std::string(field).size());
  }
  return 0;
}
}  // namespace

double PeakRssMb() { return static_cast<double>(StatusField("VmHWM:")) / 1024.0; }
int ThreadCount() { return static_cast<int>(StatusField("Threads:")); }

ThreadSampler::ThreadSampler() {
  thread_ = std::thread([this] {
    while (!stop_) {
      int now = ThreadCount() - 1;  // not this sampler
      if (now > peak_) peak_ = now;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
}

ThreadSampler::~ThreadSampler() {
  stop_ = true;
  thread_.join();
}

long long MonotonicMicros() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

void PrintLine(const nlohmann::json& figures) { std::cout << figures.dump() << std::endl; }

}  // namespace fal::bench
