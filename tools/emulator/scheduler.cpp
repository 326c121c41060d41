#include "scheduler.hpp"

#include <algorithm>
#include <cmath>

#include "job_outcomes.hpp"
#include "ltx_input_rules.hpp"

namespace fal::emulator {
namespace {

int InferenceSteps(const Job& job) {
  const auto& input = job.spec().input;
  if (input.contains("num_inference_steps") && input["num_inference_steps"].is_number()) {
    return ClampedInt(input["num_inference_steps"], 1, 1000);
  }
  return 15;
}

double Seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

JobScheduler::JobScheduler(SchedulerTiming timing, SuccessBuilder build_success, EndCounter count_end,
                           FinishHandler on_finish, ReadyCheck output_ready)
    : timing_(timing),
      build_success_(std::move(build_success)),
      count_end_(std::move(count_end)),
      on_finish_(std::move(on_finish)),
      output_ready_(std::move(output_ready)) {}

JobScheduler::~JobScheduler() { Stop(); }

void JobScheduler::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void JobScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int JobScheduler::Enqueue(std::shared_ptr<Job> job) {
  int position = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const bool low = job->spec().low_priority;
    position = static_cast<int>(normal_.size() + (low ? low_.size() : 0));
    job->SetQueuePosition(position);
    (low ? low_ : normal_).push_back(std::move(job));
    // A normal job enters ahead of every low-priority one, which all move back by one.
    if (!low && !low_.empty()) RefreshPositionsLocked();
    dirty_ = true;
  }
  wake_.notify_all();
  return position;
}

JobScheduler::CancelResult JobScheduler::Cancel(const std::shared_ptr<Job>& job) {
  std::optional<Ending> ending;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto* queue : {&normal_, &low_}) {
      const auto it = std::find(queue->begin(), queue->end(), job);
      if (it != queue->end()) {
        queue->erase(it);
        RefreshPositionsLocked();
        ending = Ending{job, Cancelled(), 0};
      }
    }
    const auto it =
        std::find_if(running_.begin(), running_.end(), [&](const Running& r) { return r.job == job; });
    if (it != running_.end()) {
      ending = Ending{job, Cancelled(), Seconds(SteadyClock::now() - it->started)};
      running_.erase(it);
    }
    dirty_ = true;
  }
  wake_.notify_all();
  if (ending) {
    job->AddLog("Cancellation requested; stopping", "WARN");
    End(std::move(*ending));
    return CancelResult::kRequested;
  }
  // Not queued or running: either COMPLETED, or finishing right now (the cancel came too late).
  return job->Status().state == JobState::kCompleted ? CancelResult::kAlreadyCompleted
                                                     : CancelResult::kRequested;
}

void JobScheduler::Clear() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    normal_.clear();
    low_.clear();
    running_.clear();
    dirty_ = true;
  }
  wake_.notify_all();
}

void JobScheduler::Wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    dirty_ = true;
  }
  wake_.notify_all();
}

std::size_t JobScheduler::queued() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return normal_.size() + low_.size();
}

std::size_t JobScheduler::running() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_.size();
}

void JobScheduler::RefreshPositionsLocked() {
  int position = 0;
  for (auto* queue : {&normal_, &low_}) {
    for (const auto& job : *queue) job->SetQueuePosition(position++);
  }
}

void JobScheduler::ExpireStartDeadlinesLocked(SteadyTime now, std::vector<Ending>& ending) {
  bool removed = false;
  for (auto* queue : {&normal_, &low_}) {
    for (auto it = queue->begin(); it != queue->end();) {
      const auto& deadline = (*it)->spec().start_deadline;
      if (deadline && *deadline <= now) {
        ending.push_back({*it, StartTimeout(), 0});
        it = queue->erase(it);
        removed = true;
      } else {
        ++it;
      }
    }
  }
  if (removed) RefreshPositionsLocked();
}

void JobScheduler::StartEligibleLocked(SteadyTime now, std::vector<Ending>& ending) {
  bool started = false;
  while (static_cast<int>(running_.size()) < timing_.workers) {
    std::deque<std::shared_ptr<Job>>* from = nullptr;
    for (auto* queue : {&normal_, &low_}) {
      if (!queue->empty() && queue->front()->spec().submitted_at + timing_.queue <= now) {
        from = queue;
        break;
      }
    }
    if (!from) break;
    std::shared_ptr<Job> job = std::move(from->front());
    from->pop_front();
    started = true;
    job->Start();
    const auto& check = job->spec().check;
    if (!check.ok()) {
      job->AddLog("Input validation failed with " + std::to_string(check.errors.size()) + " error(s)",
                  "ERROR");
      ending.push_back({job, ValidationFailure(check), 0});
      continue;
    }
    job->AddLog("Loading the LTX-2.3 pipeline for " + std::string(job->spec().endpoint->id));
    for (const auto& note : check.notes) job->AddLog(note, "WARN");
    running_.push_back({job, now, now + timing_.log_every, now + timing_.run, 0});
  }
  if (started) RefreshPositionsLocked();
}

void JobScheduler::TickRunningLocked(SteadyTime now, std::vector<Ending>& ending) {
  for (auto it = running_.begin(); it != running_.end();) {
    Running& r = *it;
    while (r.next_log <= now && r.next_log < r.finish_at) {
      const double progress =
          Seconds(r.next_log - r.started) / std::max(1e-9, Seconds(r.finish_at - r.started));
      const int steps = InferenceSteps(*r.job);
      const int step = std::clamp(static_cast<int>(std::ceil(progress * steps)), 1, steps);
      r.job->AddLog("Denoising: step " + std::to_string(step) + "/" + std::to_string(steps));
      r.next_log += timing_.log_every;
      ++r.ticks;
    }
    const bool was_waiting = r.waiting_for_output;
    r.waiting_for_output = r.finish_at <= now && output_ready_ && !output_ready_(*r.job);
    if (r.finish_at <= now && !r.waiting_for_output) {
      // A job that waited for its output ran until now.
      ending.push_back({r.job, std::nullopt, Seconds((was_waiting ? now : r.finish_at) - r.started)});
      it = running_.erase(it);
    } else {
      ++it;
    }
  }
}

SteadyTime JobScheduler::NextWakeLocked() const {
  SteadyTime next = SteadyTime::max();
  if (static_cast<int>(running_.size()) < timing_.workers) {
    for (const auto* queue : {&normal_, &low_}) {
      if (!queue->empty()) next = std::min(next, queue->front()->spec().submitted_at + timing_.queue);
    }
  }
  for (const auto& r : running_) {
    if (!r.waiting_for_output) next = std::min({next, r.finish_at, r.next_log});
  }
  for (const auto* queue : {&normal_, &low_}) {
    for (const auto& job : *queue) {
      if (job->spec().start_deadline) next = std::min(next, *job->spec().start_deadline);
    }
  }
  return next;
}

void JobScheduler::End(Ending ending) {
  const auto& job = ending.job;
  JobOutcome outcome;
  if (ending.outcome) {
    outcome = std::move(*ending.outcome);
  } else if (job->spec().injected_failure) {
    outcome = InjectedFailure(*job->spec().injected_failure);
  } else {
    outcome = build_success_(*job);
  }
  for (auto& [message, level] : outcome.logs) job->AddLog(std::move(message), std::move(level));
  if (outcome.end == JobEnd::kSucceeded) {
    job->AddLog("Encoded the video; done");
  } else if (outcome.end == JobEnd::kFailed && outcome.result.http_status != 422) {
    job->AddLog("Job failed: " + outcome.error, "ERROR");
  }
  // Each job leaves the queue or the running set exactly once, under the lock, so it ends here once.
  count_end_(outcome.end);
  if (job->Finish(std::move(outcome), ending.inference_time_s)) on_finish_(job);
}

void JobScheduler::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    const SteadyTime now = SteadyClock::now();
    std::vector<Ending> ending;
    ExpireStartDeadlinesLocked(now, ending);
    StartEligibleLocked(now, ending);
    TickRunningLocked(now, ending);
    if (!ending.empty()) {
      // Results are built without the lock: sync_mode may base64 a large upload.
      lock.unlock();
      for (auto& e : ending) End(std::move(e));
      lock.lock();
      continue;  // a worker may have come free
    }
    dirty_ = false;
    const SteadyTime next = NextWakeLocked();
    if (next == SteadyTime::max()) {
      wake_.wait(lock, [this] { return stopping_ || dirty_; });
    } else {
      wake_.wait_until(lock, next, [this] { return stopping_ || dirty_; });
    }
  }
}

}  // namespace fal::emulator
