#pragma once
// A transport whose requests wait until the test answers them, in any order, from the test thread: for
// parallelism, out-of-order completion, cancellation mid-flight and interrupted downloads. Timers fire at
// once. Request bodies are left as sent (a BodySource is not read unless the test reads it).

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fal/http/transport.hpp"

namespace fal::test {

class ManualTransport : public http::Transport {
 public:
  struct Pending {
    http::Request request;
    std::function<void(http::Outcome)> done;
    bool answered = false;
  };

  void Send(http::Request request, std::function<void(http::Outcome)> done) override {
    auto p = std::make_shared<Pending>();
    p->request = std::move(request);
    p->done = std::move(done);
    {
      std::lock_guard<std::mutex> lock(mu_);
      all_.push_back(p);
    }
    cv_.notify_all();
    // A cancelled request ends at once, as the real transport's does.
    std::weak_ptr<Pending> weak = p;
    p->request.cancel.Subscribe([this, weak] {
      if (auto pending = weak.lock()) {
        Answer(pending, http::Outcome::Of(
                            http::NetworkError{http::NetworkError::Kind::kCancelled, "cancelled", true}));
      }
    });
  }

  void RunAfter(std::chrono::milliseconds, CancellationToken, std::function<void()> fn) override { fn(); }

  /// Requests not answered yet, in the order they were sent.
  std::vector<std::shared_ptr<Pending>> pending() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::shared_ptr<Pending>> out;
    for (const auto& p : all_) {
      if (!p->answered) out.push_back(p);
    }
    return out;
  }

  /// Every request so far.
  std::vector<std::shared_ptr<Pending>> all() const {
    std::lock_guard<std::mutex> lock(mu_);
    return all_;
  }

  /// Waits (up to 5 s) until at least `n` requests are pending; returns whether they are.
  bool WaitForPending(std::size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(5), [&] {
      std::size_t count = 0;
      for (const auto& p : all_) count += p->answered ? 0 : 1;
      return count >= n;
    });
  }

  /// Answers a request (once; later answers are ignored), with headers and body delivered through the
  /// request's streaming callbacks when it has them.
  void Answer(const std::shared_ptr<Pending>& p, http::Outcome outcome) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (p->answered) return;
      p->answered = true;
    }
    if (outcome.response && p->request.on_body) {
      if (p->request.on_headers) p->request.on_headers(outcome.response->status, outcome.response->headers);
      if (!outcome.response->body.empty() && !p->request.on_body(outcome.response->body)) {
        outcome =
            http::Outcome::Of(http::NetworkError{http::NetworkError::Kind::kCancelled, "body aborted", true});
      } else if (outcome.response) {
        outcome.response->body.clear();
      }
    }
    cv_.notify_all();
    auto done = std::move(p->done);
    // Keep what was sent, not the callbacks: they may own the operation that sent them (as the real
    // transport does, which lets a finished request go).
    p->request.on_body = nullptr;
    p->request.on_headers = nullptr;
    p->request.on_upload_progress = nullptr;
    p->request.on_download_progress = nullptr;
    done(std::move(outcome));
  }

  void Respond(const std::shared_ptr<Pending>& p, int status, std::string body, http::Headers headers = {}) {
    Answer(p, http::Outcome::Of(http::Response{status, std::move(headers), std::move(body)}));
  }

  /// Reads a request's body, from its BodySource when it has one.
  static std::string Body(const http::Request& r) {
    if (!r.body_source) return r.body;
    std::string out(r.body_source->size, '\0');
    std::uint64_t at = 0;
    while (at < out.size()) {
      std::int64_t n = r.body_source->read(at, out.data() + at, out.size() - at);
      if (n <= 0) break;
      at += static_cast<std::uint64_t>(n);
    }
    out.resize(at);
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<Pending>> all_;
};

}  // namespace fal::test
