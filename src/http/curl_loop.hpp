#pragma once
// One event-loop thread driving a curl multi handle and a timer heap. Requests and timers are handed over
// through a command queue and an eventfd, so any thread may start them.
//
// The loop waits in epoll and tells curl only about the sockets that are ready (curl_multi_socket_action).
// curl_multi_perform would visit every transfer on each wake-up, with a poll() each: with a thousand open
// status streams that was about a fifth of the client's CPU (docs/performance.md).

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
  void WaitAndDispatch();
  // curl's callback: which sockets to watch, for what.
  static int OnSocket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data);

  CurlTransportOptions options_;
  CURLM* multi_ = nullptr;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: written by Post, read by the loop
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
