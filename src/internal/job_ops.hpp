#pragma once
// One job's single-shot operations (status, result, cancel), shared by JobHandle and the wait loop.

#include <functional>
#include <optional>
#include <string>

#include "fal/endpoint_id.hpp"
#include "fal/queue.hpp"
#include "fal/result.hpp"
#include "internal/client_core.hpp"

namespace fal::internal {

/// Where a job lives: its endpoint, its id, and the URLs to reach it.
struct JobRef {
  EndpointId endpoint;
  std::string request_id;
  std::string status_url, response_url, cancel_url;  // resolved: fal's own when on the queue host, else built
};

JobRef MakeJobRef(const ClientCore& core, EndpointId endpoint, std::string request_id,
                  const std::string& status_url, const std::string& response_url,
                  const std::string& cancel_url);

void FetchStatus(ClientCore& core, const JobRef& job, bool with_logs, const CallOptions& options,
                 std::function<void(Result<JobStatus>)> done);

/// Fetches the output. `known` is the COMPLETED status when the caller already has it (a wait); without
/// it, a failed fetch asks for the status to tell a failed job from a job still running.
void FetchResult(ClientCore& core, const JobRef& job, std::optional<JobStatus> known,
                 const CallOptions& options, std::function<void(Result<RawOutput>)> done);

void RequestCancel(ClientCore& core, const JobRef& job, const CallOptions& options,
                   std::function<void(Result<CancelOutcome>)> done);

}  // namespace fal::internal
