// The task queue behind cpp-httplib's server. httplib gives each connection one task for the whole
// life of the connection (keep-alive included), so an open status stream holds a thread. A fixed pool
// would cap concurrent streams at its size, and a pool of thousands would slow the start; this one
// starts empty and adds a thread whenever no idle thread can take a new connection, up to a bound.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace fal::emulator {

class ElasticThreadPool final : public httplib::TaskQueue {
 public:
  explicit ElasticThreadPool(std::size_t max_threads) : max_threads_(max_threads) {}
  ~ElasticThreadPool() override;

  void enqueue(std::function<void()> task) override;
  // Lets queued and running tasks finish, then joins every thread.
  void shutdown() override;

  std::size_t thread_count() const;

 private:
  void WorkerLoop();

  const std::size_t max_threads_;
  mutable std::mutex mutex_;
  std::condition_variable work_available_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  std::size_t idle_threads_ = 0;
  bool shutting_down_ = false;
};

}  // namespace fal::emulator
