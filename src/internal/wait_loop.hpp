#pragma once
// The one polling loop: waits for a job to complete, reporting every status, within a deadline.

#include <functional>

#include "fal/queue.hpp"
#include "fal/result.hpp"
#include "internal/client_core.hpp"
#include "internal/job_ops.hpp"

namespace fal::internal {

/// Waits until COMPLETED by streaming or polling (options.mode), calling on_update with every status.
/// On the deadline: a best-effort cancel of the job, then kDeadlineExceeded. On cancellation of
/// options.cancel: kCancelled (the job keeps running).
void WaitForCompletion(ClientCore& core, JobRef job, WaitOptions options,
                       std::function<void(Result<JobStatus>)> done);

/// WaitForCompletion, then the output. Needs no handle on the client: a subscribe's continuation runs
/// it while the client's last handle may already be gone, and then it ends at once with kCancelled.
void WaitForOutput(ClientCore& core, JobRef job, WaitOptions options,
                   std::function<void(Result<RawOutput>)> done);

}  // namespace fal::internal
