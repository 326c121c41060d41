#include "fal/logging.hpp"

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

namespace fal {

std::string_view ToString(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "unknown";
}

LogSink StderrLogSink(LogLevel min_level) {
  auto mu = std::make_shared<std::mutex>();
  return [mu, min_level](LogLevel level, std::string_view line) {
    if (level < min_level) return;
    std::lock_guard<std::mutex> lock(*mu);
    std::fprintf(stderr, "[falcpp %s] %.*s\n", std::string(ToString(level)).c_str(),
                 static_cast<int>(line.size()), line.data());
  };
}

}  // namespace fal
