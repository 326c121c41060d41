#pragma once
/// @file
/// fal::testing::FakeTransport: a recording transport for unit tests, yours and ours. Link falcpp::testing.
///
/// @code
/// auto fake = std::make_shared<fal::testing::FakeTransport>();
/// fake->EnqueueResponse(200, R"({"request_id":"r1"})");
/// fal::ClientOptions options;
/// options.transport = fake;
/// options.use_environment = false;
/// fal::Client client(options);
/// auto job = client.Submit("fal-ai/x", "{}");
/// EXPECT_EQ(fake->requests().at(0).url, "https://queue.fal.run/fal-ai/x");
/// @endcode

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "fal/http/transport.hpp"

namespace fal::testing {

/// Answers requests from a FIFO of canned outcomes or from a handler function, runs timers on a virtual
/// clock, and records every request and every delay. Callbacks run synchronously on the calling thread
/// (queued, not nested, so long retry or poll chains do not grow the stack).
///
/// @par Thread safety
/// All member functions may be called from any thread.
class FakeTransport : public http::Transport {
 public:
  /// Computes the outcome of a request.
  using Handler = std::function<http::Outcome(const http::Request& request)>;

  /// Answers the next request not taken by a handler.
  void Enqueue(http::Outcome outcome);
  /// Enqueue(), for a response with this status, body and headers.
  void EnqueueResponse(int status, std::string body, http::Headers headers = {});
  /// Enqueue(), for a network error of this kind.
  void EnqueueNetworkError(http::NetworkError::Kind kind, bool request_sent = false);
  /// Answers every request (when the FIFO is empty). Runs on the thread that sends.
  void SetHandler(Handler handler);

  /// Every request so far, in order. A BodySource is read in full into Request::body.
  std::vector<http::Request> requests() const;
  /// Every RunAfter delay so far, in order (zero delays, which only move work onto the loop, are left out).
  std::vector<std::chrono::milliseconds> delays() const;

  /// When false, timers wait for Advance() or for their token (a zero delay still fires at once); when
  /// true (the default) they fire at once, moving the virtual clock forward by their delay.
  void SetAutoAdvance(bool on);
  /// Moves the virtual clock forward, firing the timers that fall due.
  void Advance(std::chrono::milliseconds by);
  /// Timers waiting (with auto-advance off).
  std::size_t pending_timers() const;

  /// Records `request` and answers it: the FIFO first, else the handler, else a network error (kOther).
  void Send(http::Request request, std::function<void(http::Outcome)> done) override;
  void RunAfter(std::chrono::milliseconds delay, CancellationToken cancel, std::function<void()> fn) override;
  std::chrono::steady_clock::time_point Now() const override;

 private:
  struct Timer {
    std::chrono::steady_clock::time_point due;
    std::uint64_t id;
    std::function<void()> fn;
  };
  void Dispatch(std::function<void()> fn);
  void FireTimer(std::uint64_t id);

  mutable std::mutex mu_;
  std::deque<http::Outcome> queued_;
  Handler handler_;
  std::vector<http::Request> requests_;
  std::vector<std::chrono::milliseconds> delays_;
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1)};
  bool auto_advance_ = true;
  std::vector<Timer> timers_;
  std::uint64_t next_timer_ = 1;
};

}  // namespace fal::testing
