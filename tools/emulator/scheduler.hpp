// Moves jobs through IN_QUEUE -> IN_PROGRESS -> COMPLETED on one timer thread, with true queue
// positions behind a limited number of workers. A job waits at least --queue-ms, runs --run-ms with a
// log line every --log-every-ms, then ends. Jobs whose input failed the checks end as soon as a worker
// picks them up, as they do on fal (the runner rejects the input before rendering anything).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "job.hpp"

namespace fal::emulator {

struct SchedulerTiming {
  int workers = 2;
  std::chrono::milliseconds queue{500};
  std::chrono::milliseconds run{1000};
  std::chrono::milliseconds log_every{250};
};

class JobScheduler {
 public:
  // Builds a successful job's result (outputs, files); runs on the scheduler thread without its lock.
  using SuccessBuilder = std::function<JobOutcome(const Job&)>;
  // Told how a job ends just before it shows as COMPLETED, so counters are current by the time a
  // client can see the end (stats).
  using EndCounter = std::function<void(JobEnd)>;
  // Told once per job after it became COMPLETED (webhooks).
  using FinishHandler = std::function<void(const std::shared_ptr<Job>&)>;

  // Whether a job's output is ready (fal-emulator renders output videos on its own thread): a job whose
  // run time is over stays IN_PROGRESS until it is. Empty: always ready.
  using ReadyCheck = std::function<bool(const Job&)>;

  JobScheduler(SchedulerTiming timing, SuccessBuilder build_success, EndCounter count_end,
               FinishHandler on_finish, ReadyCheck output_ready = {});
  ~JobScheduler();
  JobScheduler(const JobScheduler&) = delete;
  JobScheduler& operator=(const JobScheduler&) = delete;

  void Start();
  void Stop();

  // Queues a job; returns its queue position (the number of jobs ahead of it).
  int Enqueue(std::shared_ptr<Job> job);

  enum class CancelResult { kRequested, kAlreadyCompleted };
  CancelResult Cancel(const std::shared_ptr<Job>& job);

  // Forgets every queued and running job (POST /_emulator/reset).
  void Clear();
  // Looks again at jobs waiting for their output (one became ready).
  void Wake();

  std::size_t queued() const;
  std::size_t running() const;

 private:
  struct Running {
    std::shared_ptr<Job> job;
    SteadyTime started;
    SteadyTime next_log;
    SteadyTime finish_at;
    int ticks = 0;
    bool waiting_for_output = false;  // run time over, output not ready: Wake() looks again
  };
  struct Ending {
    std::shared_ptr<Job> job;
    std::optional<JobOutcome> outcome;  // empty: ask build_success_ (or the injected failure)
    double inference_time_s = 0;
  };

  void Loop();
  void ExpireStartDeadlinesLocked(SteadyTime now, std::vector<Ending>& ending);
  void StartEligibleLocked(SteadyTime now, std::vector<Ending>& ending);
  void TickRunningLocked(SteadyTime now, std::vector<Ending>& ending);
  SteadyTime NextWakeLocked() const;
  void RefreshPositionsLocked();
  void End(Ending ending);

  const SchedulerTiming timing_;
  const SuccessBuilder build_success_;
  const EndCounter count_end_;
  const FinishHandler on_finish_;
  const ReadyCheck output_ready_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> normal_;
  std::deque<std::shared_ptr<Job>> low_;  // x-fal-queue-priority: low, served after normal
  std::vector<Running> running_;
  bool dirty_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fal::emulator
