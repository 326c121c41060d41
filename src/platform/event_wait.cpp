// The portable waiter (libcurl's own polling), and the choice between it and the OS's fast path.
#include "platform/event_wait.hpp"

#include <cstdlib>
#include <string>

namespace fal::platform {

#if FALCPP_HAVE_EPOLL
std::unique_ptr<CurlWaiter> MakeEpollWaiter(CURLM* multi);  // event_wait_epoll.cpp
#endif

namespace {

// curl_multi_poll waits on curl's sockets and a wake-up socket of curl's own (curl_multi_wakeup);
// curl_multi_perform then runs every transfer a step and fires curl's timeouts.
class PortableWaiter : public CurlWaiter {
 public:
  explicit PortableWaiter(CURLM* multi) : multi_(multi) {}

  void Wake() override { curl_multi_wakeup(multi_); }

  void WaitAndDispatch(int timeout_ms) override {
    curl_multi_poll(multi_, nullptr, 0, timeout_ms, nullptr);
    int running = 0;
    curl_multi_perform(multi_, &running);
  }

 private:
  CURLM* multi_;
};

EventLoopKind BuildDefault() {
#if FALCPP_DEFAULT_EVENT_LOOP_EPOLL && FALCPP_HAVE_EPOLL
  return EventLoopKind::kEpoll;
#else
  return EventLoopKind::kPortable;
#endif
}

}  // namespace

std::string_view ToString(EventLoopKind kind) { return kind == EventLoopKind::kEpoll ? "epoll" : "portable"; }

EventLoopKind SelectedEventLoop() {
  const char* chosen = std::getenv("FALCPP_EVENT_LOOP");
  if (chosen == nullptr) return BuildDefault();
  const std::string name(chosen);
  if (name == "portable") return EventLoopKind::kPortable;
#if FALCPP_HAVE_EPOLL
  if (name == "epoll") return EventLoopKind::kEpoll;
#endif
  return BuildDefault();  // a kind this build lacks, or a typo: the build's own choice
}

std::unique_ptr<CurlWaiter> MakeCurlWaiter(CURLM* multi, EventLoopKind kind) {
#if FALCPP_HAVE_EPOLL
  if (kind == EventLoopKind::kEpoll) return MakeEpollWaiter(multi);
#else
  (void)kind;
#endif
  return std::make_unique<PortableWaiter>(multi);
}

}  // namespace fal::platform
