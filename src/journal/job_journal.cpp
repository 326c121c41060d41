// The job journal on SQLite. Every record is one statement in autocommit mode (one transaction) on a
// connection with synchronous=FULL in WAL mode: when the call returns the record is on disk, so a record
// written before a step is there after any crash in that step. Claims run in BEGIN IMMEDIATE transactions,
// which serialise them across processes.
#include "fal/job_journal.hpp"

#include <openssl/sha.h>
#include <sqlite3.h>

#include <array>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>

#include "journal/sqlite.hpp"
#include "platform/process_info.hpp"

namespace fal {
namespace {

using journal::Statement;

constexpr const char* kFormat = "falcpp-job-journal";
constexpr int kVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE jobs(
  id TEXT NOT NULL UNIQUE,
  endpoint TEXT NOT NULL,
  intent_body TEXT NOT NULL,
  files TEXT NOT NULL DEFAULT '[]',
  state TEXT NOT NULL DEFAULT 'planned',
  body TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '',
  output_json TEXT NOT NULL DEFAULT '',
  output_path TEXT NOT NULL DEFAULT '',
  error_code TEXT NOT NULL DEFAULT '',
  error_message TEXT NOT NULL DEFAULT '',
  http_status INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  owner TEXT NOT NULL DEFAULT '',
  lease_until_ms INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  submitted_ms INTEGER NOT NULL DEFAULT 0,
  finished_ms INTEGER NOT NULL DEFAULT 0);
)sql";

constexpr const char* kColumns =
    "id, endpoint, intent_body, files, state, body, request_id, output_json, output_path, error_code, "
    "error_message, http_status, attempts, owner, submitted_ms, finished_ms, lease_until_ms";

// The states and the names the journal writes for them, in one table.
constexpr std::array<std::pair<JournalState, std::string_view>, 7> kStateNames = {{
    {JournalState::kPlanned, "planned"},
    {JournalState::kSubmitting, "submitting"},
    {JournalState::kSubmitted, "submitted"},
    {JournalState::kCompleted, "completed"},
    {JournalState::kDone, "done"},
    {JournalState::kFailed, "failed"},
    {JournalState::kAmbiguous, "ambiguous"},
}};

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

JournalState StateNamed(const std::string& name) {
  for (const auto& [state, text] : kStateNames) {
    if (text == name) return state;
  }
  return JournalState::kAmbiguous;  // an unknown state is treated as the one that risks nothing
}

std::string ErrorCodeName(ErrorCode code) { return std::string(ToString(code)); }

std::string RandomToken() {
  std::random_device device;
  std::mt19937_64 gen((static_cast<std::uint64_t>(device()) << 32) ^ device());
  static const char kHex[] = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 12; ++i) token += kHex[gen() % 16];
  return token;
}

// SQLite files start with these 16 bytes; anything else is not ours to open.
bool LooksLikeSqlite(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<char, 16> header{};
  in.read(header.data(), header.size());
  return in.gcount() == 16 && std::string(header.data(), 16) == std::string("SQLite format 3\0", 16);
}

Error Refused(const std::filesystem::path& path, const std::string& why) {
  return Error(ErrorCode::kInvalidArgument,
               "state file " + path.string() + " " + why +
                   ": give a new path (the file is left as it is; it is never overwritten)");
}

JournalRecord ReadRecord(const Statement& row) {
  JournalRecord r;
  r.id = row.Text(0);
  r.endpoint = row.Text(1);
  r.intent_body = row.Text(2);
  const nlohmann::json files = nlohmann::json::parse(row.Text(3), nullptr, false);
  if (files.is_array()) {
    for (const auto& f : files) {
      if (f.is_string()) r.files.push_back(f.get<std::string>());
    }
  }
  r.state = StateNamed(row.Text(4));
  r.body = row.Text(5);
  r.request_id = row.Text(6);
  r.output_json = row.Text(7);
  r.output_path = row.Text(8);
  r.error_code = row.Text(9);
  r.error_message = row.Text(10);
  r.http_status = static_cast<int>(row.Int(11));
  r.attempts = static_cast<int>(row.Int(12));
  r.owner = row.Text(13);
  const std::int64_t submitted = row.Int(14), finished = row.Int(15);
  if (submitted > 0 && finished >= submitted) r.seconds = static_cast<double>(finished - submitted) / 1000.0;
  return r;
}

// In the open transaction: a new database gets the schema; an existing one must be a journal we can read.
Result<void> CheckOrMakeSchema(sqlite3* raw, const std::filesystem::path& path) {
  Statement tables(raw, "SELECT count(*) FROM sqlite_master");
  Result<bool> row = tables.Step();
  if (!row) return Refused(path, "is corrupt (" + row.error().message() + ")");
  const std::int64_t count = tables.Int(0);
  tables.Close();
  if (count == 0) {
    if (Result<void> ok = journal::Exec(raw, kSchema); !ok) return ok.error();
    Statement meta(raw, "INSERT INTO meta(key, value) VALUES ('format', ?1), ('version', ?2)");
    meta.Bind(1, kFormat).Bind(2, std::to_string(kVersion));
    if (Result<void> ok = meta.Run(); !ok) return ok.error();
  } else {
    Statement format(raw, "SELECT value FROM meta WHERE key = 'format'");
    Result<bool> found = format.Step();
    if (!found || !*found || format.Text(0) != kFormat) {
      return Refused(path, "is an SQLite database but not a falcpp job journal");
    }
    Statement version(raw, "SELECT value FROM meta WHERE key = 'version'");
    Result<bool> has = version.Step();
    if (!has || !*has || std::atoi(version.Text(0).c_str()) > kVersion) {
      return Refused(path, "was written by a newer falcpp (journal version " +
                               (has && *has ? version.Text(0) : std::string("?")) + ")");
    }
  }
  return {};
}

}  // namespace

std::string_view ToString(JournalState state) {
  for (const auto& [each, text] : kStateNames) {
    if (each == state) return text;
  }
  return "ambiguous";
}

std::optional<Error> JournalRecord::LastError() const {
  if (error_code.empty()) return std::nullopt;
  ErrorCode code = ErrorCode::kInternal;
  for (int i = 0; i <= static_cast<int>(ErrorCode::kInternal); ++i) {
    if (ToString(static_cast<ErrorCode>(i)) == error_code) code = static_cast<ErrorCode>(i);
  }
  Error error(code, error_message);
  error.WithHttpStatus(http_status);
  if (!request_id.empty()) error.WithRequestId(request_id);
  return error;
}

class JobJournal::Impl {
 public:
  Impl(sqlite3* db, JournalOptions options)
      : db_(db),
        options_(options),
        host_(platform::HostName()),
        owner_(host_ + ":" + std::to_string(platform::ProcessId()) + ":" + RandomToken()) {}
  ~Impl() { sqlite3_close(db_); }

  sqlite3* db_;
  JournalOptions options_;
  std::string host_;
  std::string owner_;
  std::mutex mu_;

  // A holder other than this object is alive: a process on this machine that exists, or (elsewhere) one
  // whose lease has not run out.
  bool OwnerAlive(const std::string& owner, std::int64_t lease_until_ms) const {
    if (owner.empty()) return false;
    if (owner == owner_) return true;
    const auto first = owner.find(':');
    const auto last = owner.rfind(':');
    if (first == std::string::npos || last == first) return lease_until_ms > NowMs();
    if (owner.substr(0, first) != host_) return lease_until_ms > NowMs();
    const std::string pid = owner.substr(first + 1, last - first - 1);
    return platform::ProcessExists(std::strtoll(pid.c_str(), nullptr, 10));
  }

  // In a transaction: each intent inserted, or checked against the one recorded under its id.
  Result<void> InsertIntents(const std::vector<JobJournal::Intent>& intents) {
    Statement insert(
        db_,
        "INSERT INTO jobs(id, endpoint, intent_body, files, created_ms) VALUES (?1, ?2, ?3, ?4, ?5) "
        "ON CONFLICT(id) DO NOTHING");
    Statement existing(db_, "SELECT endpoint, intent_body, state, attempts, owner FROM jobs WHERE id = ?1");
    Statement replace(db_, "UPDATE jobs SET endpoint = ?2, intent_body = ?3, files = ?4 WHERE id = ?1");
    for (const JobJournal::Intent& in : intents) {
      insert.Reset();
      insert.Bind(1, in.id)
          .Bind(2, in.endpoint)
          .Bind(3, in.intent_body)
          .Bind(4, nlohmann::json(in.files).dump());
      insert.Bind(5, NowMs());
      if (Result<void> ok = insert.Run(); !ok) return ok;
      if (sqlite3_changes(db_) == 1) continue;
      existing.Reset();
      existing.Bind(1, in.id);
      Result<bool> row = existing.Step();
      if (!row) return row.error();
      if (*row && (existing.Text(0) != in.endpoint || existing.Text(1) != in.intent_body)) {
        // Nothing was ever sent for it (e.g. it failed validation): the corrected intent replaces the old
        // one.
        if (existing.Text(2) == "planned" && existing.Int(3) == 0 && existing.Text(4).empty()) {
          replace.Reset();
          replace.Bind(1, in.id)
              .Bind(2, in.endpoint)
              .Bind(3, in.intent_body)
              .Bind(4, nlohmann::json(in.files).dump());
          if (Result<void> ok = replace.Run(); !ok) return ok;
          continue;
        }
        const std::string what =
            existing.Text(0) != in.endpoint ? "endpoint (" + existing.Text(0) + ")" : std::string("input");
        return Error(ErrorCode::kInvalidArgument,
                     "job '" + in.id + "' is in the state file with a different " + what +
                         ": a state file belongs to one batch; give the changed job "
                         "a new id, or use a new state file");
      }
    }
    return {};
  }

  // An UPDATE of a job this process holds; "lost the claim" when it holds it no longer.
  Result<void> UpdateHeld(const std::string& id, const std::string& set,
                          const std::function<void(Statement&)>& bind) {
    std::lock_guard<std::mutex> lock(mu_);
    Statement update(db_, "UPDATE jobs SET " + set + " WHERE id = ?1 AND owner = ?2");
    update.Bind(1, id).Bind(2, owner_);
    bind(update);
    if (Result<void> ok = update.Run(); !ok) return ok;
    if (sqlite3_changes(db_) != 1) {
      return Error(ErrorCode::kInternal,
                   "job journal: lost the claim on job '" + id + "' (another process took it over)");
    }
    return {};
  }
};

JobJournal::JobJournal(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<JobJournal> JobJournal::Open(const std::filesystem::path& path, JournalOptions options) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (exists && !std::filesystem::is_regular_file(path, ec)) return Refused(path, "is not a regular file");
  const auto size = exists ? std::filesystem::file_size(path, ec) : 0;
  if (exists && size > 0 && !LooksLikeSqlite(path)) {
    return Refused(path, "is not a falcpp job journal (not an SQLite database)");
  }
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.string().c_str(), &raw, flags, nullptr) != SQLITE_OK) {
    Error error = journal::SqliteError(raw, "opening " + path.string());
    sqlite3_close(raw);
    return error;
  }
  auto impl = std::make_shared<Impl>(raw, options);
  sqlite3_busy_timeout(raw, static_cast<int>(options.busy_timeout.count()));

  // Check (or make) the schema in one write transaction, so two processes opening a new file agree.
  if (Result<void> ok = journal::Exec(raw, "BEGIN IMMEDIATE"); !ok) {
    return Refused(path, "cannot be read as a falcpp job journal (" + ok.error().message() + ")");
  }
  auto fail = [raw](Error error) {
    sqlite3_exec(raw, "ROLLBACK", nullptr, nullptr, nullptr);
    return error;
  };
  Result<void> checked = CheckOrMakeSchema(raw, path);
  if (!checked) return fail(checked.error());
  if (Result<void> ok = journal::Exec(raw, "COMMIT"); !ok) return fail(ok.error());
  if (Result<void> ok = journal::Exec(raw, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL"); !ok)
    return ok.error();
  return JobJournal(std::move(impl));
}

std::string JobJournal::KeyFor(std::string_view endpoint, std::string_view body) {
  const std::string text = std::string(endpoint) + "\n" + std::string(body);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static const char kHex[] = "0123456789abcdef";
  std::string key = "sha256:";
  for (int i = 0; i < 16; ++i) {
    key += kHex[digest[i] >> 4];
    key += kHex[digest[i] & 15];
  }
  return key;
}

Result<void> JobJournal::AddIntent(const std::string& id, const std::string& endpoint,
                                   const std::string& intent_body,
                                   const std::vector<std::string>& files) const {
  return AddIntents({Intent{id, endpoint, intent_body, files}});
}

Result<void> JobJournal::AddIntents(const std::vector<Intent>& intents) const {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  sqlite3* db = impl_->db_;
  if (Result<void> ok = journal::Exec(db, "BEGIN IMMEDIATE"); !ok) return ok;
  Result<void> result = impl_->InsertIntents(intents);
  sqlite3_exec(db, result ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
  return result;
}

Result<JobClaim> JobJournal::Claim(const std::string& id) const {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  sqlite3* db = impl_->db_;
  if (Result<void> ok = journal::Exec(db, "BEGIN IMMEDIATE"); !ok) return ok.error();
  auto finish = [db](Result<JobClaim> result) {
    sqlite3_exec(db, result ? "COMMIT" : "ROLLBACK", nullptr, nullptr, nullptr);
    return result;
  };
  Statement select(db, std::string("SELECT ") + kColumns + " FROM jobs WHERE id = ?1");
  select.Bind(1, id);
  Result<bool> row = select.Step();
  if (!row) return finish(row.error());
  if (!*row) return finish(Error(ErrorCode::kNotFound, "job journal: no job '" + id + "'"));
  JobClaim claim{ClaimOutcome::kClaimed, ReadRecord(select)};
  JournalRecord& r = claim.record;
  const bool held_elsewhere = r.owner != impl_->owner_ && impl_->OwnerAlive(r.owner, select.Int(16));
  select.Close();
  if (r.state == JournalState::kDone || r.state == JournalState::kFailed) {
    claim.outcome = ClaimOutcome::kFinished;
    return finish(claim);
  }
  if (held_elsewhere) {
    claim.outcome = ClaimOutcome::kHeldByOther;
    return finish(claim);
  }
  const bool unanswered = r.state == JournalState::kSubmitting && r.owner != impl_->owner_;
  if (unanswered || r.state == JournalState::kAmbiguous) {
    if (!impl_->options_.resubmit_ambiguous) {
      claim.outcome = ClaimOutcome::kFinished;
      if (unanswered) {
        Statement mark(db,
                       "UPDATE jobs SET state = 'ambiguous', owner = '', error_code = ?2, error_message = ?3 "
                       "WHERE id = ?1");
        r.state = JournalState::kAmbiguous;
        r.owner.clear();
        r.error_code = ErrorCodeName(ErrorCode::kAmbiguousSubmit);
        r.error_message =
            "the process stopped after sending the submit and before fal's answer was recorded: "
            "the job may exist";
        mark.Bind(1, id).Bind(2, r.error_code).Bind(3, r.error_message);
        if (Result<void> ok = mark.Run(); !ok) return finish(ok.error());
      }
      return finish(claim);
    }
    r.state = JournalState::kPlanned;  // the caller accepted a possible duplicate
  }
  Statement take(db, "UPDATE jobs SET owner = ?2, lease_until_ms = ?3, state = ?4 WHERE id = ?1");
  take.Bind(1, id)
      .Bind(2, impl_->owner_)
      .Bind(3, NowMs() + impl_->options_.lease.count())
      .Bind(4, ToString(r.state));
  if (Result<void> ok = take.Run(); !ok) return finish(ok.error());
  r.owner = impl_->owner_;
  return finish(claim);
}

Result<void> JobJournal::RecordSubmitting(const std::string& id, const std::string& body) const {
  return impl_->UpdateHeld(id, "state = 'submitting', body = ?3, attempts = attempts + 1, submitted_ms = ?4",
                           [&](Statement& s) { s.Bind(3, body).Bind(4, NowMs()); });
}

Result<void> JobJournal::RecordSubmitted(const std::string& id, const std::string& request_id) const {
  return impl_->UpdateHeld(id, "state = 'submitted', request_id = ?3",
                           [&](Statement& s) { s.Bind(3, request_id); });
}

Result<void> JobJournal::RecordCompleted(const std::string& id, const std::string& output_json) const {
  return impl_->UpdateHeld(id, "state = 'completed', output_json = ?3, finished_ms = ?4",
                           [&](Statement& s) { s.Bind(3, output_json).Bind(4, NowMs()); });
}

Result<void> JobJournal::RecordDone(const std::string& id, const std::string& output_path) const {
  return impl_->UpdateHeld(
      id, "state = 'done', output_path = ?3, owner = '', error_code = '', error_message = ''",
      [&](Statement& s) { s.Bind(3, output_path); });
}

Result<void> JobJournal::RecordFailed(const std::string& id, const Error& error) const {
  return impl_->UpdateHeld(
      id,
      "state = 'failed', owner = '', error_code = ?3, error_message = ?4, http_status = ?5, finished_ms = ?6",
      [&](Statement& s) {
        s.Bind(3, ErrorCodeName(error.code()))
            .Bind(4, error.message())
            .Bind(5, error.http_status())
            .Bind(6, NowMs());
      });
}

Result<void> JobJournal::RecordSetback(const std::string& id, const Error& error) const {
  // A submit that failed without creating a job (ADR 0003: any doubt is kAmbiguousSubmit) goes back to
  // kPlanned.
  return impl_->UpdateHeld(
      id,
      "owner = '', error_code = ?3, error_message = ?4, http_status = ?5, "
      "state = CASE state WHEN 'submitting' THEN 'planned' ELSE state END",
      [&](Statement& s) {
        s.Bind(3, ErrorCodeName(error.code())).Bind(4, error.message()).Bind(5, error.http_status());
      });
}

Result<void> JobJournal::RecordAmbiguous(const std::string& id, const Error& error) const {
  return impl_->UpdateHeld(
      id, "state = 'ambiguous', owner = '', error_code = ?3, error_message = ?4, http_status = ?5",
      [&](Statement& s) {
        s.Bind(3, ErrorCodeName(error.code())).Bind(4, error.message()).Bind(5, error.http_status());
      });
}

Result<void> JobJournal::Release(const std::string& id) const {
  return impl_->UpdateHeld(id, "owner = ''", [](Statement&) {});
}

Result<void> JobJournal::RenewClaims() const {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Statement renew(impl_->db_, "UPDATE jobs SET lease_until_ms = ?2 WHERE owner = ?1");
  renew.Bind(1, impl_->owner_).Bind(2, NowMs() + impl_->options_.lease.count());
  return renew.Run();
}

Result<std::vector<JournalRecord>> JobJournal::Records() const {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Statement select(impl_->db_, std::string("SELECT ") + kColumns + " FROM jobs ORDER BY rowid");
  std::vector<JournalRecord> records;
  for (;;) {
    Result<bool> row = select.Step();
    if (!row) return row.error();
    if (!*row) return records;
    records.push_back(ReadRecord(select));
  }
}

Result<JournalRecord> JobJournal::Record(const std::string& id) const {
  std::lock_guard<std::mutex> lock(impl_->mu_);
  Statement select(impl_->db_, std::string("SELECT ") + kColumns + " FROM jobs WHERE id = ?1");
  select.Bind(1, id);
  Result<bool> row = select.Step();
  if (!row) return row.error();
  if (!*row) return Error(ErrorCode::kNotFound, "job journal: no job '" + id + "'");
  return ReadRecord(select);
}

const std::string& JobJournal::owner() const { return impl_->owner_; }
const JournalOptions& JobJournal::options() const { return impl_->options_; }

}  // namespace fal
