#include "http/curl_loop.hpp"

#include <algorithm>

namespace fal::http::internal {
namespace {

constexpr long kMaxWaitMs = 1000;

}  // namespace

CurlLoop::CurlLoop(const CurlTransportOptions& options) : options_(options) {
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_connections_per_host);
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, options_.max_idle_connections);
  waiter_ = platform::MakeCurlWaiter(multi_, platform::SelectedEventLoop());
  thread_ = std::thread([this] { Run(); });
  thread_id_ = thread_.get_id();
}

CurlLoop::~CurlLoop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  waiter_->Wake();
  if (thread_.joinable()) {
    if (OnLoopThread())
      thread_.detach();  // cannot join ourselves; Run() exits after this callback
    else
      thread_.join();
  }
  if (!OnLoopThread()) {
    curl_multi_cleanup(multi_);
    waiter_.reset();  // after the cleanup, which tells the waiter about sockets going away
  } else {
    (void)waiter_.release();  // the detached loop thread still uses it as it exits
  }
}

bool CurlLoop::Post(std::function<void()> command) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (exited_) return false;
    commands_.push_back(std::move(command));
  }
  waiter_->Wake();
  return true;
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
    return transfer->Fail(
        NetworkError{NetworkError::Kind::kCancelled, "cancelled before it was sent", false});
  }
  std::uint64_t id = next_id_++;
  CurlTransfer* raw = transfer.get();
  transfers_.emplace(id, std::move(transfer));
  raw->cancel_subscription =
      raw->request().cancel.Subscribe([this, id] { Post([this, id] { Abort(id, "cancelled"); }); });
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
    auto it = std::find_if(transfers_.begin(), transfers_.end(),
                           [raw](const auto& t) { return t.second.get() == raw; });
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
    waiter_->WaitAndDispatch(NextWaitMs());  // ready sockets, a command or the next deadline
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
