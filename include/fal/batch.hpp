#pragma once
/// @file
/// Running many typed jobs with at most K in flight: results as they complete, one failure does not stop
/// the rest unless asked.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "fal/client.hpp"
#include "fal/export.hpp"

namespace fal {

/// Options of RunBatch.
struct FALCPP_EXPORT BatchOptions {
  std::size_t max_in_flight = 16;  ///< Jobs submitted and not yet finished, at most.
  bool stop_on_failure = false;    ///< After the first failure, start no more jobs (those running finish).
  SubmitOptions submit;            ///< For every submit.
  WaitOptions wait;                ///< For every wait (its on_update sees every job's statuses).
  CancellationToken cancel;        ///< Starts no more jobs and stops the waits in flight (kCancelled).
};

/// What RunBatch did.
template <class Output>
struct BatchResult {
  /// One per input, in input order; nullopt for an input that was never started (stop_on_failure or cancel).
  std::vector<std::optional<Result<Output>>> results;
  std::size_t succeeded = 0;    ///< Jobs that gave an output.
  std::size_t failed = 0;       ///< Jobs that ended with an error (submit, wait or parse).
  std::size_t not_started = 0;  ///< Inputs never submitted (stop_on_failure or cancel).
};

/// Submits every input and waits for it, keeping at most options.max_in_flight jobs running. `on_result`
/// (optional) runs as each job finishes, with its input index, on an engine thread (so do not block in it).
/// Blocks the calling thread until all started jobs have finished.
///
/// @code
/// std::vector<fal::ltx::RenderToRealInput> shots = ...;
/// fal::BatchOptions options;
/// options.max_in_flight = 64;
/// auto batch = fal::RunBatch(client, shots, options, [](std::size_t i, const auto& r) {
///   std::cout << "shot " << i << (r ? " done" : " failed") << "\n";
/// });
/// @endcode
template <class Input>
BatchResult<typename EndpointTraits<Input>::Output> RunBatch(
    const Client& client, const std::vector<Input>& inputs, BatchOptions options = {},
    std::function<void(std::size_t index, const Result<typename EndpointTraits<Input>::Output>& result)>
        on_result = {}) {
  using Output = typename EndpointTraits<Input>::Output;
  struct State {
    std::mutex mu;
    std::condition_variable changed;
    std::size_t in_flight = 0;
    bool failed = false;
    BatchResult<Output> out;
  };
  auto state = std::make_shared<State>();
  state->out.results.resize(inputs.size());
  if (options.max_in_flight == 0) options.max_in_flight = 1;
  CancellationSource waits;  // stops the waits in flight when the caller cancels
  std::uint64_t sub = options.cancel.Subscribe([waits]() mutable { waits.Cancel(); });
  options.wait.cancel = waits.Token();

  auto finish = [state, on_result](std::size_t index, Result<Output> result) {
    if (on_result) on_result(index, result);
    std::lock_guard<std::mutex> lock(state->mu);
    (result ? state->out.succeeded : state->out.failed) += 1;
    if (!result) state->failed = true;
    state->out.results[index] = std::move(result);
    --state->in_flight;
    state->changed.notify_all();
  };

  for (std::size_t i = 0; i < inputs.size(); ++i) {
    {
      std::unique_lock<std::mutex> lock(state->mu);
      state->changed.wait(lock, [&] { return state->in_flight < options.max_in_flight; });
      if ((options.stop_on_failure && state->failed) || options.cancel.IsCancelled()) {
        state->out.not_started = inputs.size() - i;
        break;
      }
      ++state->in_flight;
    }
    client.SubmitAsync(inputs[i], options.submit,
                       [finish, i, wait = options.wait](Result<TypedJob<Output>> job) {
                         if (!job) return finish(i, job.error());
                         job->WaitAsync(wait, [finish, i](Result<Output> r) { finish(i, std::move(r)); });
                       });
  }
  std::unique_lock<std::mutex> lock(state->mu);
  state->changed.wait(lock, [&] { return state->in_flight == 0; });
  options.cancel.Unsubscribe(sub);
  return std::move(state->out);
}

}  // namespace fal
