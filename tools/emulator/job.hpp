// One queued request: what was submitted (fixed) and where it is now (changes under its own lock).
// Status answers are built once per change and cached, so a poll is a lookup and a copy; status
// streams wait on the job's own condition variable, so a change wakes only the streams of that job.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "endpoints.hpp"
#include "fault_plan.hpp"
#include "ltx_input_rules.hpp"
#include "time_util.hpp"

namespace fal::emulator {

enum class JobState { kInQueue, kInProgress, kCompleted };
std::string_view JobStateName(JobState state);

// How a COMPLETED job ended, for stats (fal itself has no FAILED or CANCELLED state).
enum class JobEnd { kNone, kSucceeded, kFailed, kCancelled };

struct LogLine {
  std::string message;
  std::string level;  // INFO, WARN, ERROR
  std::string timestamp;
};

// What GET .../requests/{id} answers once the job is COMPLETED.
struct JobResult {
  int http_status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct JobOutcome {
  JobEnd end = JobEnd::kSucceeded;
  std::vector<std::pair<std::string, std::string>> logs;  // {message, level}, logged as the job ends
  JobResult result;
  std::string error;  // COMPLETED status: error and error_type when the job failed
  std::string error_type;
};

struct JobSpec {
  std::string request_id;
  const Endpoint* endpoint = nullptr;
  std::string app_id;
  std::string base_url;  // scheme://host:port the submitter used; the job's URLs are built on it
  std::string webhook_url;
  nlohmann::json input;
  InputCheck check;
  bool low_priority = false;
  std::optional<SteadyTime> start_deadline;  // X-Fal-Request-Start-Timeout / x-fal-request-timeout
  std::optional<Fault> injected_failure;     // submit:fail
  SteadyTime submitted_at;

  std::string ResponseUrl() const { return base_url + "/" + app_id + "/requests/" + request_id; }
};

// A consistent copy of the changing part of a job.
struct JobStatus {
  JobState state = JobState::kInQueue;
  int queue_position = 0;
  std::uint64_t version = 1;
  JobEnd end = JobEnd::kNone;
  std::string error;
  std::string error_type;
  double inference_time_s = 0;
  std::int64_t completed_at_us = 0;  // SteadyMicros of the moment it became COMPLETED
  std::size_t log_count = 0;
  bool removed = false;  // dropped by POST /_emulator/reset
};

class Job {
 public:
  explicit Job(JobSpec spec) : spec_(std::move(spec)) {}

  const JobSpec& spec() const { return spec_; }
  JobStatus Status() const;
  // The polled status answer for the current state, with its state, built at most once per change.
  std::pair<JobStatus, std::shared_ptr<const std::string>> StatusBody(bool with_logs) const;
  std::vector<LogLine> LogsFrom(std::size_t first) const;
  JobResult Result() const;

  // Changes, made by the scheduler. Each bumps the version and wakes the job's streams.
  void SetQueuePosition(int position);
  void Start();
  void AddLog(std::string message, std::string level = "INFO");
  // Returns false when the job was already COMPLETED (a cancel racing the end of the run).
  bool Finish(JobOutcome outcome, double inference_time_s);
  void Remove();

  // Blocks until the version differs from `seen`, `deadline` passes or `stop` is set.
  void WaitForChange(std::uint64_t seen, SteadyTime deadline, const std::atomic<bool>& stop) const;
  // Wakes waiting streams so they notice a stop; takes the lock so the wake cannot slip between a
  // waiter's check and its sleep.
  void WakeWaiters() const;

 private:
  void ChangedLocked();

  const JobSpec spec_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  JobStatus status_;
  std::vector<LogLine> logs_;
  JobResult result_;
  mutable std::shared_ptr<const std::string> cached_body_[2];  // [with_logs]
};

// The queue's JSON for a job: the status object of polls, submits and stream events.
// `logs` null means logs were not asked for; `completed_at_us` > 0 adds emulator_completed_at_us.
std::string StatusJson(const JobSpec& spec, const JobStatus& status, const std::vector<LogLine>* logs,
                       bool add_completed_at);

}  // namespace fal::emulator
