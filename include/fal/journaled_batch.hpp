#pragma once
/// @file
/// Batches that survive a crash: RunBatch with a fal::JobJournal, and RunJournaledBatch, the engine under it
/// for jobs of mixed endpoints (fal-ltx batch). Part of falcpp::journal. The restart rules are in
/// docs/batches.md.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fal/batch.hpp"
#include "fal/client.hpp"
#include "fal/job_journal.hpp"

namespace fal {

/// One job of RunJournaledBatch.
///
/// @par Thread safety
/// A plain value; `prepare` runs on the thread that called RunJournaledBatch.
struct FALCPP_JOURNAL_EXPORT JournaledJob {
  std::string id;                  ///< The key in the journal (unique in the batch).
  std::string endpoint;            ///< The endpoint id.
  std::string intent_body;         ///< The body as given (local files shown as placeholders).
  std::vector<std::string> files;  ///< Local files the job uploads, for the record.
  /// Makes the body to send, uploading local files (blocking). Called before each submit, never before a
  /// resumed wait. An error leaves the job kPlanned (nothing was submitted).
  std::function<Result<std::string>()> prepare;
};

/// Options of RunJournaledBatch.
struct FALCPP_JOURNAL_EXPORT JournaledBatchOptions {
  std::size_t max_in_flight = 16;  ///< Jobs this process runs at once (submitting, waiting, finishing).
  bool stop_on_failure = false;    ///< After the first failed job, start no more.
  SubmitOptions submit;  ///< For every submit. Its cancel token is not set: a sent submit is answered.
  WaitOptions wait;      ///< For every wait.
  /// Stops starting jobs and ends the waits in flight; the jobs go on on fal and a later run resumes them.
  CancellationToken cancel;
  /// After a job's output is recorded: e.g. download it. Returns the path to record ("" for none). Runs on
  /// a thread of its own for each job (blocking calls are fine; several run at once). An error leaves the job
  /// kCompleted: a later run calls it again, never resubmitting.
  std::function<Result<std::string>(const JournalRecord& record)> finish;
  /// After every change of a job's record (from any thread; do not block).
  std::function<void(const JournalRecord& record)> on_change;
};

/// What RunJournaledBatch did: every job's record at the end, in the order given.
struct FALCPP_JOURNAL_EXPORT JournaledBatchReport {
  std::vector<JournalRecord> jobs;  ///< Final records.
  std::size_t done = 0;             ///< kDone (this run or before).
  std::size_t failed = 0;           ///< kFailed.
  std::size_t ambiguous = 0;        ///< kAmbiguous: the job may exist; see docs/batches.md.
  std::size_t unfinished = 0;       ///< Anything else: cancelled, set back by an error, or held elsewhere.
  std::size_t held_elsewhere = 0;   ///< Of the unfinished, those another live process holds.
};

/// Runs `jobs` under `journal` with the restart rules: a done or failed job is skipped; a job with a request
/// id is waited for (Client::Job), never resubmitted; a job whose submit was sent and never answered is
/// kAmbiguous and reported (resubmitted only with JournalOptions::resubmit_ambiguous); a job not started is
/// run. Each job is claimed first, so processes sharing the journal never run the same job. Blocks until
/// every job it started has finished. Errors: kInvalidArgument when a job's id is in the journal with
/// another input; the journal's own errors (kInternal).
FALCPP_JOURNAL_EXPORT Result<JournaledBatchReport> RunJournaledBatch(const Client& client,
                                                                     const JobJournal& journal,
                                                                     std::vector<JournaledJob> jobs,
                                                                     JournaledBatchOptions options = {});

/// RunBatch with a journal: as RunBatch (fal/batch.hpp), and every job recorded in `journal`, so that calling
/// it again after a crash or a Ctrl-C with the same inputs skips finished jobs, resumes the waits of
/// submitted ones and never submits a job twice. Jobs are keyed by `ids` (one per input) or, when `ids` is
/// empty, by JobJournal::KeyFor(endpoint, body). Results: the parsed output for a done job (also one finished
/// in an earlier run); kAmbiguousSubmit for an ambiguous one; the recorded error for a failed one and for
/// one an error stopped (validation, an upload, a cancelled wait); nullopt (counted in not_started) for one
/// not run (cancel, stop_on_failure, or held by another process).
/// `on_result` runs once per job with a result, after the batch, on the calling thread.
///
/// @code
/// auto journal = fal::JobJournal::Open("shots.state");
/// auto batch = fal::RunBatch(client, shots, *journal, options);  // run it again after a crash: same call
/// @endcode
template <class Input>
BatchResult<typename EndpointTraits<Input>::Output> RunBatch(
    const Client& client, const std::vector<Input>& inputs, const JobJournal& journal,
    BatchOptions options = {},
    std::function<void(std::size_t index, const Result<typename EndpointTraits<Input>::Output>& result)>
        on_result = {},
    const std::vector<std::string>& ids = {}) {
  using Traits = EndpointTraits<Input>;
  using Output = typename Traits::Output;
  BatchResult<Output> out;
  out.results.resize(inputs.size());
  std::vector<JournaledJob> jobs;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    Input finalized = inputs[i];
    Traits::Finalize(finalized);
    JournaledJob job;
    job.endpoint = Traits::kEndpointId;
    job.intent_body = Traits::ToJson(finalized);
    job.id = i < ids.size() ? ids[i] : JobJournal::KeyFor(job.endpoint, job.intent_body);
    for (File* f : Traits::Files(finalized)) {
      if (f->NeedsUpload()) job.files.push_back(f->path().empty() ? f->file_name() : f->path().string());
    }
    job.prepare = [&client, &inputs, i, submit = options.submit] {
      return client.PrepareBody(inputs[i], submit);
    };
    jobs.push_back(std::move(job));
  }
  JournaledBatchOptions run;
  run.max_in_flight = options.max_in_flight;
  run.stop_on_failure = options.stop_on_failure;
  run.submit = options.submit;
  run.wait = options.wait;
  run.cancel = options.cancel;
  Result<JournaledBatchReport> report = RunJournaledBatch(client, journal, std::move(jobs), std::move(run));
  if (!report) {
    for (auto& r : out.results) r = report.error();
    out.failed = inputs.size();
    return out;
  }
  for (std::size_t i = 0; i < report->jobs.size(); ++i) {
    const JournalRecord& record = report->jobs[i];
    std::optional<Result<Output>> result;
    if (record.state == JournalState::kDone) {
      result = Traits::ParseOutput(record.output_json);
    } else if (std::optional<Error> error = record.LastError()) {
      result = Result<Output>(std::move(*error));  // failed, ambiguous, or stopped by an error in this run
    }
    if (!result) {
      ++out.not_started;
      continue;
    }
    (*result ? out.succeeded : out.failed) += 1;
    if (on_result) on_result(i, *result);
    out.results[i] = std::move(result);
  }
  return out;
}

}  // namespace fal
