#include "fal/job.hpp"

#include <memory>

#include "internal/api_call.hpp"
#include "internal/client_core.hpp"
#include "internal/job_ops.hpp"
#include "internal/wait_loop.hpp"

namespace fal {

namespace {
internal::JobRef RefOf(const internal::ClientCore& core, const EndpointId& endpoint, const std::string& id,
                       const std::string& status_url, const std::string& response_url,
                       const std::string& cancel_url) {
  return internal::MakeJobRef(core, endpoint, id, status_url, response_url, cancel_url);
}
}  // namespace

JobHandle::JobHandle(std::shared_ptr<internal::ClientOwner> owner, EndpointId endpoint,
                     std::string request_id, std::string status_url, std::string response_url,
                     std::string cancel_url)
    : owner_(std::move(owner)), endpoint_(std::move(endpoint)), request_id_(std::move(request_id)) {
  internal::JobRef ref = RefOf(owner_->core(), endpoint_, request_id_, status_url, response_url, cancel_url);
  status_url_ = std::move(ref.status_url);
  response_url_ = std::move(ref.response_url);
  cancel_url_ = std::move(ref.cancel_url);
}

void JobHandle::StatusAsync(Logs logs, CallOptions options,
                            std::function<void(fal::Result<JobStatus>)> done) const {
  internal::JobRef ref{endpoint_, request_id_, status_url_, response_url_, cancel_url_};
  internal::FetchStatus(owner_->core(), ref, logs == Logs::kInclude, options, std::move(done));
}

fal::Result<JobStatus> JobHandle::Status(Logs logs, CallOptions options) const {
  return internal::Await<JobStatus>(owner_->core(),
                                    [&](auto done) { StatusAsync(logs, options, std::move(done)); });
}

void JobHandle::FetchResultAsync(CallOptions options,
                                 std::function<void(fal::Result<RawOutput>)> done) const {
  internal::JobRef ref{endpoint_, request_id_, status_url_, response_url_, cancel_url_};
  internal::FetchResult(owner_->core(), ref, std::nullopt, options, std::move(done));
}

fal::Result<RawOutput> JobHandle::FetchResult(CallOptions options) const {
  return internal::Await<RawOutput>(owner_->core(),
                                    [&](auto done) { FetchResultAsync(options, std::move(done)); });
}

void JobHandle::CancelAsync(CallOptions options, std::function<void(fal::Result<CancelOutcome>)> done) const {
  internal::JobRef ref{endpoint_, request_id_, status_url_, response_url_, cancel_url_};
  internal::RequestCancel(owner_->core(), ref, options, std::move(done));
}

fal::Result<CancelOutcome> JobHandle::Cancel(CallOptions options) const {
  return internal::Await<CancelOutcome>(owner_->core(),
                                        [&](auto done) { CancelAsync(options, std::move(done)); });
}

void JobHandle::WaitAsync(WaitOptions options, std::function<void(fal::Result<RawOutput>)> done) const {
  internal::JobRef ref{endpoint_, request_id_, status_url_, response_url_, cancel_url_};
  internal::WaitForOutput(owner_->core(), std::move(ref), std::move(options), std::move(done));
}

fal::Result<RawOutput> JobHandle::Wait(WaitOptions options) const {
  return internal::Await<RawOutput>(owner_->core(),
                                    [&](auto done) { WaitAsync(std::move(options), std::move(done)); });
}

std::future<fal::Result<RawOutput>> JobHandle::WaitFuture(WaitOptions options) const {
  auto promise = std::make_shared<std::promise<fal::Result<RawOutput>>>();
  auto future = promise->get_future();
  WaitAsync(std::move(options), [promise](fal::Result<RawOutput> r) { promise->set_value(std::move(r)); });
  return future;
}

}  // namespace fal
