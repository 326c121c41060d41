#pragma once
// Who this process is, and whether a process on this machine still exists: what the job journal's claims
// need (src/journal/job_journal.cpp). POSIX and Windows implementations, chosen by CMake.

#include <cstdint>
#include <string>

namespace fal::platform {

/// This machine's host name ("localhost" when the OS will not say).
std::string HostName();
/// This process's id.
std::int64_t ProcessId();
/// False only when the process certainly does not exist on this machine; a process we may not inspect, or
/// a reused id, reads as alive (the safe side for a claim).
bool ProcessExists(std::int64_t pid);

}  // namespace fal::platform
