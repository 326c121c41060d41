// The engine of journaled batches. One thread (the caller's) claims jobs, prepares bodies and writes the
// submitting record; a thread per completed job runs the `finish` step (a download); the engine threads
// record answers and outputs as they arrive. Each record is written before the step it announces, so a crash
// at any point leaves a state the restart rules read correctly (docs/batches.md).
#include "fal/journaled_batch.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

namespace fal {
namespace {

// A wait that ended with one of these leaves the job as it was: a later run resumes it.
bool IsSetback(const Error& e) {
  switch (e.code()) {
    case ErrorCode::kCancelled:
      return e.http_status() == 0;  // our own cancel; with a status, fal says the job was cancelled
    case ErrorCode::kDeadlineExceeded:
    case ErrorCode::kUnavailable:
    case ErrorCode::kRateLimited:
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kInternal:
      return true;
    default:
      return false;
  }
}

class Run {
 public:
  Run(const Client& client, const JobJournal& journal, std::vector<JournaledJob> jobs,
      JournaledBatchOptions options)
      : client_(client), journal_(journal), jobs_(std::move(jobs)), options_(std::move(options)) {
    if (options_.max_in_flight == 0) options_.max_in_flight = 1;
    wait_sub_ = options_.cancel.Subscribe([this] { waits_.Cancel(); });
    options_.wait.cancel = waits_.Token();
  }
  ~Run() { options_.cancel.Unsubscribe(wait_sub_); }

  Result<JournaledBatchReport> Go() {
    std::set<std::string> seen;
    std::vector<JobJournal::Intent> intents;
    for (const JournaledJob& job : jobs_) {
      if (!seen.insert(job.id).second) {
        return Error(ErrorCode::kInvalidArgument,
                     "two jobs have the id '" + job.id + "': ids must be unique");
      }
      intents.push_back({job.id, job.endpoint, job.intent_body, job.files});
    }
    // Every intent in one transaction, before anything is sent.
    if (Result<void> ok = journal_.AddIntents(intents); !ok) return ok.error();
    const auto renew_every = journal_.options().lease / 3;
    for (std::size_t i = 0; i < jobs_.size();) {
      std::unique_lock<std::mutex> lock(mu_);
      if (!changed_.wait_for(lock, renew_every,
                             [&] { return !to_finish_.empty() || in_flight_ < options_.max_in_flight; })) {
        lock.unlock();
        (void)journal_.RenewClaims();
        continue;
      }
      if (!to_finish_.empty()) {
        lock.unlock();
        FinishOne();
        continue;
      }
      if (options_.cancel.IsCancelled() || (options_.stop_on_failure && any_failed_)) break;
      ++in_flight_;
      lock.unlock();
      Start(i++);
    }
    for (;;) {
      std::unique_lock<std::mutex> lock(mu_);
      if (!changed_.wait_for(lock, renew_every, [&] { return !to_finish_.empty() || in_flight_ == 0; })) {
        lock.unlock();
        (void)journal_.RenewClaims();
        continue;
      }
      if (to_finish_.empty()) break;
      lock.unlock();
      FinishOne();
    }
    for (std::thread& t : finishers_) t.join();
    if (fatal_) return *fatal_;
    return Report();
  }

 private:
  void Changed(const std::string& id) {
    if (!options_.on_change) return;
    if (Result<JournalRecord> r = journal_.Record(id); r) options_.on_change(*r);
  }

  // A job leaves the in-flight count.
  void Leave(bool failed = false) {
    std::lock_guard<std::mutex> lock(mu_);
    --in_flight_;
    any_failed_ = any_failed_ || failed;
    changed_.notify_all();
  }

  // A journal write failed: the batch cannot go on safely.
  void Fatal(const Error& e) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!fatal_) fatal_ = e;
    stop_.Cancel();
  }

  void Start(std::size_t index) {
    const JournaledJob& job = jobs_[index];
    if (stop_.Token().IsCancelled()) return Leave();
    Result<JobClaim> claim = journal_.Claim(job.id);
    if (!claim) {
      Fatal(claim.error());
      return Leave();
    }
    if (claim->outcome != ClaimOutcome::kClaimed) {
      Changed(job.id);
      return Leave();
    }
    switch (claim->record.state) {
      case JournalState::kPlanned:
        return Submit(job);
      case JournalState::kSubmitted:
        return Wait(job.id, job.endpoint, claim->record.request_id);
      case JournalState::kCompleted:
        return QueueFinish(job.id);
      default:  // kSubmitting held by this very process: not reached; release and leave it
        (void)journal_.Release(job.id);
        return Leave();
    }
  }

  void Submit(const JournaledJob& job) {
    Result<std::string> body = job.prepare ? job.prepare() : Result<std::string>(job.intent_body);
    if (!body) {
      if (Result<void> ok = journal_.RecordSetback(job.id, body.error()); !ok) Fatal(ok.error());
      Changed(job.id);
      return Leave(true);
    }
    if (Result<void> ok = journal_.RecordSubmitting(job.id, *body); !ok) {
      Fatal(ok.error());
      return Leave();
    }
    Changed(job.id);
    const std::string id = job.id, endpoint = job.endpoint;
    client_.SubmitAsync(
        endpoint, std::move(*body), options_.submit, [this, id, endpoint](Result<JobHandle> handle) {
          if (!handle) {
            const Error& e = handle.error();
            Result<void> ok = e.code() == ErrorCode::kAmbiguousSubmit ? journal_.RecordAmbiguous(id, e)
                                                                      : journal_.RecordSetback(id, e);
            if (!ok) Fatal(ok.error());
            Changed(id);
            return Leave(true);
          }
          if (Result<void> ok = journal_.RecordSubmitted(id, handle->request_id()); !ok) {
            Fatal(ok.error());
            return Leave();
          }
          Changed(id);
          WaitFor(id, *handle);
        });
  }

  void Wait(const std::string& id, const std::string& endpoint, const std::string& request_id) {
    Result<JobHandle> handle = client_.Job(endpoint, request_id);
    if (!handle) {
      if (Result<void> ok = journal_.RecordFailed(id, handle.error()); !ok) Fatal(ok.error());
      Changed(id);
      return Leave(true);
    }
    WaitFor(id, *handle);
  }

  void WaitFor(const std::string& id, const JobHandle& handle) {
    handle.WaitAsync(options_.wait, [this, id](Result<RawOutput> output) {
      if (!output) {
        const Error& e = output.error();
        Result<void> ok = IsSetback(e) ? journal_.RecordSetback(id, e) : journal_.RecordFailed(id, e);
        if (!ok) Fatal(ok.error());
        Changed(id);
        return Leave(!IsSetback(e));
      }
      if (Result<void> ok = journal_.RecordCompleted(id, output->json); !ok) {
        Fatal(ok.error());
        return Leave();
      }
      Changed(id);
      QueueFinish(id);
    });
  }

  void QueueFinish(const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    to_finish_.push_back(id);
    changed_.notify_all();
  }

  // The finish step of a completed job, on a thread of its own: downloads run side by side, each holding
  // its job's slot, so there are never more than max_in_flight.
  void FinishOne() {
    std::string id;
    {
      std::lock_guard<std::mutex> lock(mu_);
      id = to_finish_.front();
      to_finish_.pop_front();
    }
    finishers_.emplace_back([this, id] {
      Result<std::string> path = std::string();
      if (options_.finish) {
        Result<JournalRecord> record = journal_.Record(id);
        path = record ? options_.finish(*record) : Result<std::string>(record.error());
      }
      Result<void> ok = path ? journal_.RecordDone(id, *path) : journal_.RecordSetback(id, path.error());
      if (!ok) Fatal(ok.error());
      Changed(id);
      Leave(!path);
    });
  }

  Result<JournaledBatchReport> Report() {
    JournaledBatchReport report;
    for (const JournaledJob& job : jobs_) {
      Result<JournalRecord> r = journal_.Record(job.id);
      if (!r) return r.error();
      switch (r->state) {
        case JournalState::kDone:
          ++report.done;
          break;
        case JournalState::kFailed:
          ++report.failed;
          break;
        case JournalState::kAmbiguous:
          ++report.ambiguous;
          break;
        default:
          ++report.unfinished;
          if (!r->owner.empty() && r->owner != journal_.owner()) ++report.held_elsewhere;
      }
      report.jobs.push_back(std::move(*r));
    }
    return report;
  }

  const Client& client_;
  const JobJournal& journal_;
  std::vector<JournaledJob> jobs_;
  JournaledBatchOptions options_;
  CancellationSource waits_;  // the caller's cancel, for the waits in flight
  CancellationSource stop_;   // a journal failure
  std::uint64_t wait_sub_ = 0;

  std::mutex mu_;
  std::condition_variable changed_;
  std::size_t in_flight_ = 0;
  bool any_failed_ = false;
  std::deque<std::string> to_finish_;
  std::vector<std::thread> finishers_;  // touched by the calling thread only
  std::optional<Error> fatal_;
};

}  // namespace

Result<JournaledBatchReport> RunJournaledBatch(const Client& client, const JobJournal& journal,
                                               std::vector<JournaledJob> jobs,
                                               JournaledBatchOptions options) {
  Run run(client, journal, std::move(jobs), std::move(options));
  return run.Go();
}

}  // namespace fal
