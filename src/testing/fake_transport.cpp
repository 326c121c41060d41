#include "fal/testing/fake_transport.hpp"

#include <algorithm>

namespace fal::testing {

void FakeTransport::Enqueue(http::Outcome outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  queued_.push_back(std::move(outcome));
}

void FakeTransport::EnqueueResponse(int status, std::string body, http::Headers headers) {
  Enqueue(http::Outcome::Of(http::Response{status, std::move(headers), std::move(body)}));
}

void FakeTransport::EnqueueNetworkError(http::NetworkError::Kind kind, bool request_sent) {
  Enqueue(
      http::Outcome::Of(http::NetworkError{kind, "fake " + std::string(http::ToString(kind)), request_sent}));
}

void FakeTransport::SetHandler(Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  handler_ = std::move(handler);
}

std::vector<http::Request> FakeTransport::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

std::vector<std::chrono::milliseconds> FakeTransport::delays() const {
  std::lock_guard<std::mutex> lock(mu_);
  return delays_;
}

void FakeTransport::SetAutoAdvance(bool on) {
  std::lock_guard<std::mutex> lock(mu_);
  auto_advance_ = on;
}

std::size_t FakeTransport::pending_timers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return timers_.size();
}

std::chrono::steady_clock::time_point FakeTransport::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

void FakeTransport::Send(http::Request request, std::function<void(http::Outcome)> done) {
  if (request.body_source) {
    // Read the streamed body as a real transport would, so tests can check what was sent.
    std::string body(request.body_source->size, '\0');
    std::uint64_t off = 0;
    while (off < body.size()) {
      std::int64_t n = request.body_source->read(off, body.data() + off, body.size() - off);
      if (n <= 0) {
        Dispatch([done] {
          done(http::Outcome::Of(
              http::NetworkError{http::NetworkError::Kind::kBodyRead, "fake: body read failed", false}));
        });
        return;
      }
      off += static_cast<std::uint64_t>(n);
    }
    request.body = std::move(body);
  }
  http::Outcome outcome;
  Handler handler;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // The record keeps what was sent, not the callbacks: they may own the operation that sent them.
    http::Request record = request;
    record.on_body = nullptr;
    record.on_headers = nullptr;
    record.on_upload_progress = nullptr;
    record.on_download_progress = nullptr;
    record.body_source.reset();
    record.cancel = CancellationToken();
    requests_.push_back(std::move(record));
    if (!queued_.empty()) {
      outcome = std::move(queued_.front());
      queued_.pop_front();
    } else {
      handler = handler_;
    }
  }
  if (!outcome.response && !outcome.error) {
    outcome = handler ? handler(request)
                      : http::Outcome::Of(http::NetworkError{http::NetworkError::Kind::kOther,
                                                             "FakeTransport: nothing queued for " +
                                                                 std::string(http::ToString(request.method)) +
                                                                 " " + request.url,
                                                             false});
  }
  if (request.cancel.IsCancelled()) {
    outcome = http::Outcome::Of(http::NetworkError{http::NetworkError::Kind::kCancelled, "cancelled", false});
  }
  Dispatch([request = std::move(request), outcome = std::move(outcome), done = std::move(done)]() mutable {
    if (outcome.response) {
      if (request.on_headers) request.on_headers(outcome.response->status, outcome.response->headers);
      if (request.on_body && !outcome.response->body.empty()) {
        if (!request.on_body(outcome.response->body)) {
          return done(http::Outcome::Of(
              http::NetworkError{http::NetworkError::Kind::kCancelled, "aborted by body callback", true}));
        }
        outcome.response->body.clear();
      }
    }
    done(std::move(outcome));
  });
}

void FakeTransport::RunAfter(std::chrono::milliseconds delay, CancellationToken cancel,
                             std::function<void()> fn) {
  std::uint64_t id;
  bool fire_now;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (delay.count() > 0) delays_.push_back(delay);  // a zero delay is a hop onto the loop, not a sleep
    fire_now = auto_advance_ || cancel.IsCancelled() || delay.count() <= 0;
    if (fire_now && !cancel.IsCancelled()) now_ += delay;
    id = next_timer_++;
    if (!fire_now) timers_.push_back(Timer{now_ + delay, id, std::move(fn)});
  }
  if (fire_now) return Dispatch(std::move(fn));
  cancel.Subscribe([this, id] { FireTimer(id); });
}

void FakeTransport::FireTimer(std::uint64_t id) {
  std::function<void()> fn;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = std::find_if(timers_.begin(), timers_.end(), [id](const Timer& t) { return t.id == id; });
    if (it == timers_.end()) return;
    fn = std::move(it->fn);
    timers_.erase(it);
  }
  Dispatch(std::move(fn));
}

void FakeTransport::Advance(std::chrono::milliseconds by) {
  std::vector<std::uint64_t> due;
  {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += by;
    std::sort(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) { return a.due < b.due; });
    for (const Timer& t : timers_) {
      if (t.due <= now_) due.push_back(t.id);
    }
  }
  for (std::uint64_t id : due) FireTimer(id);
}

void FakeTransport::Dispatch(std::function<void()> fn) {
  // A per-thread queue: a callback that sends again enqueues instead of recursing.
  thread_local std::deque<std::function<void()>>* active = nullptr;
  if (active != nullptr) {
    active->push_back(std::move(fn));
    return;
  }
  std::deque<std::function<void()>> queue;
  active = &queue;
  queue.push_back(std::move(fn));
  while (!queue.empty()) {
    auto next = std::move(queue.front());
    queue.pop_front();
    next();
  }
  active = nullptr;
}

}  // namespace fal::testing
