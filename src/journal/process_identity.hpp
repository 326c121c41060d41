// The two OS facts the journal's claims need: who this process is, and whether a process on this machine
// still exists. Kept apart (POSIX here) so that it can move into the platform layer (src/platform/).
#pragma once

#include <cstdint>
#include <string>

namespace fal::journal {

std::string HostName();
std::int64_t ProcessId();
// False only when the process certainly does not exist (a reused id reads as alive: the safe side).
bool ProcessExists(std::int64_t pid);

}  // namespace fal::journal
