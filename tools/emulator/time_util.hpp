// Clocks used by the emulator: steady time for scheduling and benchmark stamps, wall time for logs,
// webhook timestamps and Retry-After dates.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>

namespace fal::emulator {

using SteadyClock = std::chrono::steady_clock;
using SteadyTime = SteadyClock::time_point;

// Microseconds of CLOCK_MONOTONIC (steady_clock on Linux). Benchmarks compare this with their own
// steady_clock, so it must stay the raw clock value, not a duration since the emulator started.
std::int64_t SteadyMicros(SteadyTime t);

// ISO 8601 UTC with microseconds, the form fal uses for log timestamps: 2026-01-31T12:00:00.123456.
std::string IsoTimestampNow();

// The same with an explicit UTC offset, the form of fal's expires_at: 2026-01-31T12:00:00.123456+00:00.
std::string IsoUtcTimestamp(std::chrono::system_clock::time_point t);

// RFC 7231 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (Retry-After in HTTP-date form).
std::string HttpDate(std::time_t t);

std::int64_t UnixSecondsNow();

}  // namespace fal::emulator
