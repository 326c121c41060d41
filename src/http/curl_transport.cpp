#include <curl/curl.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "fal/http/transport.hpp"
#include "http/curl_loop.hpp"

namespace fal::http {
namespace {

// libcurl's global init is not thread-safe; run it once, the first time a transport is made. No global
// shutdown: other code in the process may use libcurl too.
void EnsureCurlGlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

class CurlTransport : public Transport {
 public:
  explicit CurlTransport(const CurlTransportOptions& options) {
    for (int i = 0; i < std::max(1, options.threads); ++i) {
      loops_.push_back(std::make_unique<internal::CurlLoop>(options));
    }
  }

  void Send(Request request, std::function<void(Outcome)> done) override {
    Pick().Send(std::move(request), std::move(done));
  }

  void RunAfter(std::chrono::milliseconds delay, CancellationToken cancel,
                std::function<void()> fn) override {
    Pick().RunAfter(delay, std::move(cancel), std::move(fn));
  }

  bool IsLoopThread() const override {
    for (const auto& loop : loops_) {
      if (loop->OnLoopThread()) return true;
    }
    return false;
  }

 private:
  internal::CurlLoop& Pick() {
    // Work started on a loop thread stays there (a job's chain keeps its order); new work is spread.
    for (const auto& loop : loops_) {
      if (loop->OnLoopThread()) return *loop;
    }
    return *loops_[next_.fetch_add(1, std::memory_order_relaxed) % loops_.size()];
  }

  std::vector<std::unique_ptr<internal::CurlLoop>> loops_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace

std::shared_ptr<Transport> MakeCurlTransport(CurlTransportOptions options) {
  EnsureCurlGlobalInit();
  return std::make_shared<CurlTransport>(options);
}

}  // namespace fal::http
