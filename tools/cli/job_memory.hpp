// The endpoint of each job fal-ltx submitted, kept in a small local file so that `fal-ltx status ID`,
// `result ID` and `cancel ID` find a job's endpoint without --endpoint. The file is "jobs" in
// os::StateDirectory(): $XDG_STATE_HOME/fal-ltx, else $HOME/.local/state/fal-ltx (Windows: %LOCALAPPDATA%):
// one "REQUEST_ID ENDPOINT_ID" line per job, the newest last; past 100 bytes per kKeptJobs it is cut to the
// newest kKeptJobs / 2 lines. A missing,
// unreadable or unwritable file never fails a command: the job commands then use their default endpoint.
#pragma once

#include <optional>
#include <string>

namespace fal::cli {

inline constexpr std::size_t kKeptJobs = 1000;

// Notes that `request_id` was submitted to `endpoint_id`; silently does nothing when it cannot.
void RememberJob(const std::string& request_id, const std::string& endpoint_id);

// The endpoint `request_id` was submitted to, when this machine's fal-ltx submitted it.
std::optional<std::string> RememberedEndpoint(const std::string& request_id);

}  // namespace fal::cli
