#include "thread_pool.hpp"

namespace fal::emulator {

ElasticThreadPool::~ElasticThreadPool() { shutdown(); }

void ElasticThreadPool::enqueue(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_.push_back(std::move(task));
    // Threads are kept once started (idle ones cost a little memory, no CPU), so a second burst of
    // connections finds them ready.
    if (tasks_.size() > idle_threads_ && threads_.size() < max_threads_) {
      threads_.emplace_back([this] { WorkerLoop(); });
    }
  }
  work_available_.notify_one();
}

void ElasticThreadPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shutting_down_ = true;
    threads.swap(threads_);
  }
  work_available_.notify_all();
  for (auto& thread : threads) thread.join();
}

std::size_t ElasticThreadPool::thread_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return threads_.size();
}

void ElasticThreadPool::WorkerLoop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ++idle_threads_;
      work_available_.wait(lock, [this] { return !tasks_.empty() || shutting_down_; });
      --idle_threads_;
      if (tasks_.empty()) return;  // shutting down with nothing left to do
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace fal::emulator
