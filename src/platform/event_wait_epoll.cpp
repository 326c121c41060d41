// The Linux waiter: epoll tells which of curl's sockets are ready and curl_multi_socket_action handles
// only those (curl_multi_perform would visit every transfer on each wake-up, with a poll() each: with a
// thousand open status streams that was about a fifth of the client's CPU, docs/performance.md).
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "platform/event_wait.hpp"

namespace fal::platform {
namespace {

constexpr int kEventsPerWait = 256;

class EpollWaiter : public CurlWaiter {
 public:
  explicit EpollWaiter(CURLM* multi) : multi_(multi) {
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event wake{};
    wake.events = EPOLLIN;
    wake.data.fd = wake_fd_;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &EpollWaiter::OnSocket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  }

  ~EpollWaiter() override {
    close(epoll_fd_);
    close(wake_fd_);
  }

  void Wake() override {
    const std::uint64_t one = 1;
    // EAGAIN only when the counter is already huge: the loop is awake anyway.
    [[maybe_unused]] ssize_t n = write(wake_fd_, &one, sizeof one);
  }

  void WaitAndDispatch(int timeout_ms) override {
    epoll_event events[kEventsPerWait];
    int ready = epoll_wait(epoll_fd_, events, kEventsPerWait, timeout_ms);
    int running = 0;
    for (int i = 0; i < ready; ++i) {
      const int fd = events[i].data.fd;
      if (fd == wake_fd_) {
        std::uint64_t count = 0;
        [[maybe_unused]] ssize_t n = read(wake_fd_, &count, sizeof count);
        continue;
      }
      const std::uint32_t e = events[i].events;
      int flags = 0;
      if (e & (EPOLLIN | EPOLLHUP)) flags |= CURL_CSELECT_IN;
      if (e & EPOLLOUT) flags |= CURL_CSELECT_OUT;
      if (e & EPOLLERR) flags |= CURL_CSELECT_ERR;
      curl_multi_socket_action(multi_, fd, flags, &running);
    }
    long curl_ms = -1;
    curl_multi_timeout(multi_, &curl_ms);
    if (curl_ms == 0) curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
  }

 private:
  // curl's callback: which sockets to watch, for what.
  static int OnSocket(CURL*, curl_socket_t socket, int what, void* self_ptr, void*) {
    auto* self = static_cast<EpollWaiter*>(self_ptr);
    if (what == CURL_POLL_REMOVE) {
      epoll_ctl(self->epoll_fd_, EPOLL_CTL_DEL, socket, nullptr);  // may be closed already: no matter
      return 0;
    }
    epoll_event watch{};
    watch.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
    watch.data.fd = socket;
    // curl does not say whether a socket is new to us; a reused descriptor number may still be registered.
    if (epoll_ctl(self->epoll_fd_, EPOLL_CTL_MOD, socket, &watch) != 0 && errno == ENOENT) {
      epoll_ctl(self->epoll_fd_, EPOLL_CTL_ADD, socket, &watch);
    }
    return 0;
  }

  CURLM* multi_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: written by Wake, read by the loop
};

}  // namespace

std::unique_ptr<CurlWaiter> MakeEpollWaiter(CURLM* multi) { return std::make_unique<EpollWaiter>(multi); }

}  // namespace fal::platform
