#pragma once
// One event-loop thread driving a curl multi handle and a timer heap. Requests and timers are handed over
// through a command queue and a wake-up, so any thread may start them.
//
// How the loop waits is the platform layer's (platform/event_wait.hpp): epoll on Linux, telling curl only
// about the sockets that are ready, or libcurl's own curl_multi_poll elsewhere.

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "fal/http/transport.hpp"
#include "http/curl_transfer.hpp"
#include "platform/event_wait.hpp"

namespace fal::http::internal {

class CurlLoop {
 public:
  explicit CurlLoop(const CurlTransportOptions& options);
  /// Aborts what is in flight (callbacks run with kCancelled), drops timers after running them, joins.
  ~CurlLoop();

  void Send(Request request, std::function<void(Outcome)> done);
  void RunAfter(std::chrono::milliseconds delay, CancellationToken cancel, std::function<void()> fn);
  bool OnLoopThread() const { return std::this_thread::get_id() == thread_id_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Timer {
    std::function<void()> fn;
    CancellationToken cancel;
    std::uint64_t subscription = 0;
  };

  /// Hands a command to the loop; false once the loop has exited.
  bool Post(std::function<void()> command);
  void Run();
  void Start(std::unique_ptr<CurlTransfer> transfer);
  void Abort(std::uint64_t id, const char* why);
  void FireTimer(std::uint64_t id);
  void FireDueTimers();
  void ReapFinished();
  int NextWaitMs() const;

  CurlTransportOptions options_;
  CURLM* multi_ = nullptr;
  std::unique_ptr<platform::CurlWaiter> waiter_;  // woken by Post
  std::thread thread_;
  std::thread::id thread_id_;

  std::mutex mu_;  // guards commands_, stopping_ and exited_
  std::vector<std::function<void()>> commands_;
  bool stopping_ = false;
  bool exited_ = false;

  // Loop-thread only.
  std::map<std::uint64_t, std::unique_ptr<CurlTransfer>> transfers_;
  std::map<std::uint64_t, Timer> timers_;
  std::multimap<Clock::time_point, std::uint64_t> timer_order_;
  std::uint64_t next_id_ = 1;
};

}  // namespace fal::http::internal
