#pragma once
/// @file
/// Logging: off by default; a sink supplied by the caller receives every line. falcpp never logs the API
/// key, an Authorization header, a query string or a body (unless log_bodies is set, then truncated).

#include <functional>
#include <string_view>

#include "fal/export.hpp"

namespace fal {

/// How important a log line is.
enum class LogLevel { kDebug, kInfo, kWarning, kError };

FALCPP_EXPORT std::string_view ToString(
    LogLevel level);  ///< The level's name: "debug", "info", "warning", "error".

/// Receives one line at a time, from any thread (possibly several at once): make it thread-safe.
using LogSink = std::function<void(LogLevel level, std::string_view line)>;

/// A sink that writes "[falcpp warning] line" to stderr, for quick use: options.log = fal::StderrLogSink();
FALCPP_EXPORT LogSink StderrLogSink(LogLevel min_level = LogLevel::kInfo);

}  // namespace fal
