#include "http/curl_loop.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace fal::http::internal {
namespace {

constexpr long kMaxWaitMs = 1000;
constexpr int kEventsPerWait = 256;

void Wake(int fd) {
  const std::uint64_t one = 1;
  // EAGAIN only when the counter is already huge: the loop is awake anyway.
  [[maybe_unused]] ssize_t n = write(fd, &one, sizeof one);
}

}  // namespace

CurlLoop::CurlLoop(const CurlTransportOptions& options) : options_(options) {
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_connections_per_host);
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, options_.max_idle_connections);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlLoop::OnSocket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = wake_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
  thread_ = std::thread([this] { Run(); });
  thread_id_ = thread_.get_id();
}

CurlLoop::~CurlLoop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  Wake(wake_fd_);
  if (thread_.joinable()) {
    if (OnLoopThread()) thread_.detach();  // cannot join ourselves; Run() exits after this callback
    else thread_.join();
  }
  if (!OnLoopThread()) {
    curl_multi_cleanup(multi_);
    close(epoll_fd_);
    close(wake_fd_);
  }
}

bool CurlLoop::Post(std::function<void()> command) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (exited_) return false;
    commands_.push_back(std::move(command));
  }
  Wake(wake_fd_);
  return true;
}

int CurlLoop::OnSocket(CURL*, curl_socket_t socket, int what, void* self_ptr, void*) {
  auto* self = static_cast<CurlLoop*>(self_ptr);
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

void CurlLoop::Send(Request request, std::function<void(Outcome)> done) {
  auto transfer = std::make_unique<CurlTransfer>(std::move(request), std::move(done),
                                                 options_.allow_plain_http_to_loopback, options_.ca_bundle);
  if (!transfer->rejection().empty()) {
    return transfer->Fail(NetworkError{NetworkError::Kind::kRejected, transfer->rejection(), false});
  }
  // std::function must be copyable, so the transfer travels as a shared_ptr until the loop owns it.
  auto holder = std::make_shared<std::unique_ptr<CurlTransfer>>(std::move(transfer));
  if (!Post([this, holder] { Start(std::move(*holder)); })) {
    (*holder)->Fail(NetworkError{NetworkError::Kind::kCancelled, "the transport has shut down", false});
  }
}

void CurlLoop::Start(std::unique_ptr<CurlTransfer> transfer) {
  if (transfer->request().cancel.IsCancelled()) {
    return transfer->Fail(NetworkError{NetworkError::Kind::kCancelled, "cancelled before it was sent", false});
  }
  std::uint64_t id = next_id_++;
  CurlTransfer* raw = transfer.get();
  transfers_.emplace(id, std::move(transfer));
  raw->cancel_subscription = raw->request().cancel.Subscribe([this, id] { Post([this, id] { Abort(id, "cancelled"); }); });
  curl_multi_add_handle(multi_, raw->easy());
}

void CurlLoop::Abort(std::uint64_t id, const char* why) {
  auto it = transfers_.find(id);
  if (it == transfers_.end()) return;  // already finished
  std::unique_ptr<CurlTransfer> transfer = std::move(it->second);
  transfers_.erase(it);
  curl_multi_remove_handle(multi_, transfer->easy());
  transfer->request().cancel.Unsubscribe(transfer->cancel_subscription);
  transfer->MarkCancelled(why);
  transfer->Complete(CURLE_ABORTED_BY_CALLBACK);
}

void CurlLoop::RunAfter(std::chrono::milliseconds delay, CancellationToken cancel, std::function<void()> fn) {
  auto due = Clock::now() + delay;
  auto holder = std::make_shared<std::function<void()>>(std::move(fn));
  bool posted = Post([this, due, cancel, holder] {
    std::uint64_t id = next_id_++;
    timers_.emplace(id, Timer{std::move(*holder), cancel, 0});
    timer_order_.emplace(due, id);
    timers_[id].subscription = cancel.Subscribe([this, id] { Post([this, id] { FireTimer(id); }); });
  });
  if (!posted) (*holder)();  // shut down: run now; the chain will find the transport closed
}

void CurlLoop::FireTimer(std::uint64_t id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  Timer timer = std::move(it->second);
  timers_.erase(it);
  for (auto o = timer_order_.begin(); o != timer_order_.end(); ++o) {
    if (o->second == id) {
      timer_order_.erase(o);
      break;
    }
  }
  timer.cancel.Unsubscribe(timer.subscription);
  timer.fn();
}

void CurlLoop::FireDueTimers() {
  auto now = Clock::now();
  while (!timer_order_.empty() && timer_order_.begin()->first <= now) {
    FireTimer(timer_order_.begin()->second);
  }
}

void CurlLoop::ReapFinished() {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CurlTransfer* raw = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &raw);
    CURLcode code = msg->data.result;
    auto it = std::find_if(transfers_.begin(), transfers_.end(), [raw](const auto& t) { return t.second.get() == raw; });
    if (it == transfers_.end()) continue;
    std::unique_ptr<CurlTransfer> transfer = std::move(it->second);
    transfers_.erase(it);
    curl_multi_remove_handle(multi_, transfer->easy());
    transfer->request().cancel.Unsubscribe(transfer->cancel_subscription);
    transfer->Complete(code);
  }
}

int CurlLoop::NextWaitMs() const {
  // curl's own next deadline (connect and transfer timeouts, low-speed checks, a new transfer's start),
  // asked each time rather than tracked through CURLMOPT_TIMERFUNCTION, which stays silent when the
  // deadline did not change and so can strand a timeout called a fraction of a millisecond early.
  long curl_ms = -1;
  curl_multi_timeout(multi_, &curl_ms);
  long wait = curl_ms < 0 ? kMaxWaitMs : std::min(curl_ms, kMaxWaitMs);
  if (!timer_order_.empty()) {
    // Rounded up: waking a little early would only spin until the moment comes.
    auto left = std::chrono::ceil<std::chrono::milliseconds>(timer_order_.begin()->first - Clock::now());
    wait = std::min<long>(wait, std::max<long>(0, static_cast<long>(left.count())));
  }
  return static_cast<int>(wait);
}

// Waits for ready sockets, a command or the next deadline, and hands curl only what is ready.
void CurlLoop::WaitAndDispatch() {
  epoll_event events[kEventsPerWait];
  int ready = epoll_wait(epoll_fd_, events, kEventsPerWait, NextWaitMs());
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

void CurlLoop::Run() {
  while (true) {
    std::vector<std::function<void()>> commands;
    bool stopping;
    {
      std::lock_guard<std::mutex> lock(mu_);
      commands.swap(commands_);
      stopping = stopping_;
    }
    for (auto& command : commands) command();
    if (stopping) break;
    WaitAndDispatch();
    ReapFinished();
    FireDueTimers();
  }
  // Shutting down: what is still in flight ends as cancelled, and pending timers run now (their chains find
  // the transport closed and finish). Repeat until no command arrived meanwhile, then close the door.
  while (true) {
    while (!transfers_.empty()) Abort(transfers_.begin()->first, "the transport shut down");
    while (!timers_.empty()) FireTimer(timers_.begin()->first);
    std::vector<std::function<void()>> commands;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (commands_.empty() && transfers_.empty() && timers_.empty()) {
        exited_ = true;
        break;
      }
      commands.swap(commands_);
    }
    for (auto& command : commands) command();
  }
}

}  // namespace fal::http::internal
