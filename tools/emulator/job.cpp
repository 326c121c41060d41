#include "job.hpp"

namespace fal::emulator {

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kInQueue:
      return "IN_QUEUE";
    case JobState::kInProgress:
      return "IN_PROGRESS";
    case JobState::kCompleted:
      break;
  }
  return "COMPLETED";
}

std::string StatusJson(const JobSpec& spec, const JobStatus& status, const std::vector<LogLine>* logs,
                       bool add_completed_at) {
  const std::string response_url = spec.ResponseUrl();
  nlohmann::json out = {{"status", JobStateName(status.state)},
                        {"request_id", spec.request_id},
                        {"response_url", response_url},
                        {"status_url", response_url + "/status"},
                        {"cancel_url", response_url + "/cancel"}};
  if (status.state == JobState::kInQueue) {
    out["queue_position"] = status.queue_position;
    return out.dump();
  }
  if (logs) {
    nlohmann::json lines = nlohmann::json::array();
    for (const auto& line : *logs) {
      lines.push_back({{"message", line.message},
                       {"level", line.level},
                       {"source", "USER"},
                       {"timestamp", line.timestamp}});
    }
    out["logs"] = std::move(lines);
  } else {
    out["logs"] = nullptr;
  }
  if (status.state == JobState::kCompleted) {
    out["metrics"] = {{"inference_time", status.inference_time_s}};
    if (!status.error.empty()) {
      out["error"] = status.error;
      out["error_type"] = status.error_type;
    }
    if (add_completed_at) out["emulator_completed_at_us"] = status.completed_at_us;
  }
  return out.dump();
}

JobStatus Job::Status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return status_;
}

std::pair<JobStatus, std::shared_ptr<const std::string>> Job::StatusBody(bool with_logs) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& cached = cached_body_[with_logs ? 1 : 0];
  if (!cached)
    cached =
        std::make_shared<const std::string>(StatusJson(spec_, status_, with_logs ? &logs_ : nullptr, false));
  return {status_, cached};
}

std::vector<LogLine> Job::LogsFrom(std::size_t first) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (first >= logs_.size()) return {};
  return std::vector<LogLine>(logs_.begin() + static_cast<std::ptrdiff_t>(first), logs_.end());
}

JobResult Job::Result() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return result_;
}

void Job::ChangedLocked() {
  ++status_.version;
  status_.log_count = logs_.size();
  cached_body_[0].reset();
  cached_body_[1].reset();
  changed_.notify_all();
}

void Job::SetQueuePosition(int position) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (status_.state != JobState::kInQueue || status_.queue_position == position) return;
  status_.queue_position = position;
  ChangedLocked();
}

void Job::Start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (status_.state != JobState::kInQueue) return;
  status_.state = JobState::kInProgress;
  status_.queue_position = 0;
  ChangedLocked();
}

void Job::AddLog(std::string message, std::string level) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (status_.state == JobState::kCompleted) return;
  logs_.push_back({std::move(message), std::move(level), IsoTimestampNow()});
  ChangedLocked();
}

bool Job::Finish(JobOutcome outcome, double inference_time_s) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (status_.state == JobState::kCompleted) return false;
  status_.state = JobState::kCompleted;
  status_.queue_position = 0;
  status_.end = outcome.end;
  status_.error = std::move(outcome.error);
  status_.error_type = std::move(outcome.error_type);
  status_.inference_time_s = inference_time_s;
  status_.completed_at_us = SteadyMicros(SteadyClock::now());
  result_ = std::move(outcome.result);
  ChangedLocked();
  return true;
}

void Job::Remove() {
  std::lock_guard<std::mutex> lock(mutex_);
  status_.removed = true;
  ChangedLocked();
}

void Job::WaitForChange(std::uint64_t seen, SteadyTime deadline, const std::atomic<bool>& stop) const {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_until(lock, deadline, [&] { return status_.version != seen || stop.load(); });
}

void Job::WakeWaiters() const {
  std::lock_guard<std::mutex> lock(mutex_);
  changed_.notify_all();
}

}  // namespace fal::emulator
