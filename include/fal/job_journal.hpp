#pragma once
/// @file
/// A crash-safe record of a batch's jobs on local disk (SQLite, WAL mode), so that a batch can be stopped at
/// any moment and started again with no job paid twice and none lost. Part of the optional library
/// falcpp::journal (the core falcpp does not need SQLite); docs/batches.md has the restart rules and
/// docs/adr/0010-job-journal.md the reasons.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fal/error.hpp"
#include "fal/journal_export.hpp"
#include "fal/result.hpp"

namespace fal {

/// Where a job is in its life, as the journal records it. Each value is written before the step it names
/// can have an effect, so after a crash the state says what may have happened.
enum class JournalState {
  kPlanned,     ///< The intent is recorded; nothing that creates a job has been sent (uploads may have run).
  kSubmitting,  ///< The submit is being sent: a job may exist. Unanswered after a crash: ambiguous.
  kSubmitted,   ///< fal answered the submit; the request id is recorded. A restart resumes the wait.
  kCompleted,   ///< The job succeeded; its output JSON is recorded; the download (if any) is not finished.
  kDone,        ///< Finished: output recorded and, when asked, downloaded. Skipped on restart.
  kFailed,      ///< The job ran on fal and failed (or its output could not be used). Skipped on restart.
  kAmbiguous,   ///< A submit was sent and never answered: the job may exist. Reported, not resubmitted.
};

/// The name written in the journal: "planned", "submitting", "submitted", "completed", "done", "failed",
/// "ambiguous".
FALCPP_JOURNAL_EXPORT std::string_view ToString(JournalState state);

/// One job as the journal holds it.
///
/// @par Thread safety
/// A plain value.
struct FALCPP_JOURNAL_EXPORT JournalRecord {
  std::string id;                  ///< The caller's id (or JobJournal::KeyFor of endpoint and body).
  std::string endpoint;            ///< The endpoint id.
  std::string intent_body;         ///< The JSON body as the caller gave it (local files not yet uploaded).
  std::vector<std::string> files;  ///< Local files the job uploads, as given.
  JournalState state = JournalState::kPlanned;  ///< Where the job is.
  std::string body;           ///< The body sent (uploaded file URLs in place); set from kSubmitting.
  std::string request_id;     ///< fal's request id; set from kSubmitted.
  std::string output_json;    ///< The output; set from kCompleted.
  std::string output_path;    ///< Where the output was downloaded, if it was.
  std::string error_code;     ///< The last error's ErrorCode name ("job_failed", ...); empty if none.
  std::string error_message;  ///< The last error's message.
  int http_status = 0;        ///< The last error's HTTP status, 0 if none.
  int attempts = 0;           ///< Submits sent for this job (more than 1 only with resubmit_ambiguous).
  double seconds = 0;         ///< From the submit to the end (done or failed), when known.
  std::string owner;          ///< The process holding the job's claim; empty when unclaimed.

  /// The last error, rebuilt from error_code, error_message, http_status and request_id; nullopt when the
  /// record has none (a done job, or one never tried).
  std::optional<Error> LastError() const;
};

/// What JobJournal::Claim found.
enum class ClaimOutcome {
  kClaimed,      ///< The job is this process's now; the record says where to go on from.
  kFinished,     ///< The job is done, failed or ambiguous (and not to be resubmitted): nothing to run.
  kHeldByOther,  ///< A live process holds the job; leave it to that process.
};

/// The answer of JobJournal::Claim.
struct FALCPP_JOURNAL_EXPORT JobClaim {
  ClaimOutcome outcome = ClaimOutcome::kHeldByOther;  ///< What was found.
  JournalRecord
      record;  ///< The job's record after the claim (a kSubmitting job of a dead owner is kAmbiguous).
};

/// Options of JobJournal::Open.
struct FALCPP_JOURNAL_EXPORT JournalOptions {
  /// How long a claim lasts without renewal (JobJournal::RenewClaims). A claim whose owner is a process on
  /// this machine that no longer exists is taken over at once; one whose owner is alive is never taken over,
  /// whatever its lease (two live processes never run the same job); the lease only decides for owners on
  /// other machines, whose liveness cannot be checked.
  std::chrono::milliseconds lease{60000};
  /// How long a write waits for another process's transaction before failing.
  std::chrono::milliseconds busy_timeout{10000};
  /// With true, Claim hands out kAmbiguous jobs (and kSubmitting jobs of dead owners) as kPlanned: they are
  /// submitted again, accepting a possible duplicate (fal-ltx batch --resubmit-ambiguous).
  bool resubmit_ambiguous = false;
};

/// The journal of a batch: one SQLite database (readable with the sqlite3 shell, `SELECT * FROM jobs`),
/// written in WAL mode with synchronous=FULL, one transaction per record, so a record that returned is on
/// disk before the step it announces is taken. The API key is never written: records hold endpoints, bodies,
/// request ids, outputs and error messages (which never contain it).
///
/// Several processes on one machine may open the same file: each takes jobs with Claim, in a transaction,
/// and writes only the jobs it holds. A claim names its owner (host, process id and a random token).
///
/// @code
/// auto journal = fal::JobJournal::Open("shots.state");
/// if (!journal) return Fail(journal.error());          // a corrupt or foreign file is refused, untouched
/// journal->AddIntent("shot_010", endpoint, body, {});   // once per job, before anything is sent
/// fal::Result<fal::JobClaim> claim = journal->Claim("shot_010");
/// @endcode
///
/// @par Thread safety
/// All member functions may be called from many threads (one connection, behind a mutex). Writes wait for
/// the disk (an fsync each): call them from your own threads, or accept a few milliseconds on an engine
/// thread.
class FALCPP_JOURNAL_EXPORT JobJournal {
 public:
  /// Opens `path`, creating it when it does not exist or is empty. Errors (kInvalidArgument, the file left
  /// untouched): a file that is not an SQLite database, an SQLite database that is not a falcpp job journal,
  /// or one written by a newer falcpp. kInternal for an I/O error.
  static Result<JobJournal> Open(const std::filesystem::path& path, JournalOptions options = {});

  /// The key of a job without a caller-given id: "sha256:" and the first 32 hex digits of the SHA-256 of the
  /// endpoint, a newline and the body.
  static std::string KeyFor(std::string_view endpoint, std::string_view body);

  /// Records a job's intent unless the journal already has the job. A job for which nothing was ever sent
  /// (kPlanned, no submit, unclaimed) takes the new intent; kInvalidArgument when a job with this id that
  /// was sent has another endpoint or body (a different batch in the same state file).
  Result<void> AddIntent(const std::string& id, const std::string& endpoint, const std::string& intent_body,
                         const std::vector<std::string>& files) const;

  /// One job's intent, for AddIntents.
  struct Intent {
    std::string id;                  ///< The job's key.
    std::string endpoint;            ///< The endpoint id.
    std::string intent_body;         ///< The body as given.
    std::vector<std::string> files;  ///< Local files it uploads.
  };
  /// AddIntent for many jobs in one transaction (one disk flush for a whole batch): all are recorded or none.
  Result<void> AddIntents(const std::vector<Intent>& intents) const;

  /// Takes the job for this process, in one transaction, applying the restart rules: done and failed are
  /// kFinished; a kSubmitting job whose owner is gone becomes kAmbiguous (kFinished) unless
  /// resubmit_ambiguous; a job a live process holds is kHeldByOther; anything else is kClaimed with its
  /// record. kNotFound for an id without AddIntent.
  Result<JobClaim> Claim(const std::string& id) const;

  /// @name Records of a claimed job
  /// Each is one transaction and returns once it is on disk. kInternal ("lost the claim") when this process
  /// no longer holds the job.
  /// @{
  Result<void> RecordSubmitting(const std::string& id,
                                const std::string& body) const;  ///< Before the submit.
  Result<void> RecordSubmitted(const std::string& id, const std::string& request_id) const;   ///< Its answer.
  Result<void> RecordCompleted(const std::string& id, const std::string& output_json) const;  ///< The output.
  Result<void> RecordDone(const std::string& id, const std::string& output_path) const;       ///< Finished.
  /// A job that ran and failed: kFailed, with the error's code, message and HTTP status.
  Result<void> RecordFailed(const std::string& id, const Error& error) const;
  /// An error that left the job where it was (kPlanned before any submit, kSubmitted during a wait): the
  /// error is kept for the report and the claim released, so a later run takes the job up again.
  Result<void> RecordSetback(const std::string& id, const Error& error) const;
  /// A submit answered kAmbiguousSubmit: kAmbiguous.
  Result<void> RecordAmbiguous(const std::string& id, const Error& error) const;
  /// @}

  /// Releases the claim on a job (nothing else changes).
  Result<void> Release(const std::string& id) const;
  /// Extends the lease of every job this process holds; call it more often than JournalOptions::lease.
  Result<void> RenewClaims() const;

  /// Every job, in the order their intents were added.
  Result<std::vector<JournalRecord>> Records() const;
  /// One job; kNotFound without AddIntent.
  Result<JournalRecord> Record(const std::string& id) const;

  /// This process's owner name in claims: "host:pid:token".
  const std::string& owner() const;
  /// The options it was opened with.
  const JournalOptions& options() const;

 private:
  class Impl;
  explicit JobJournal(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace fal
