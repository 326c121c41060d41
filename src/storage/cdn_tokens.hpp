#pragma once
// The client's CDN v3 token: fetched from the rest host once, shared by every upload of the client until it
// nears expires_at, fetched again once when the CDN answers 401. The token is a credential: it goes only
// to the CDN base it came with (ExecuteOnCdn checks every URL), and its answer is never logged.

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "internal/api_call.hpp"
#include "storage/cdn_protocol.hpp"

namespace fal::internal {

class CdnTokenCache {
 public:
  explicit CdnTokenCache(ClientCore& core) : core_(core) {}

  /// The cached token while it has a while to live, else a fresh one. One fetch at a time: callers that
  /// arrive during a fetch get its result. `done` may run on the calling thread.
  void Get(std::function<void(Result<CdnToken>)> done);
  /// The CDN refused this token: the next Get fetches a new one (unless one already replaced it).
  void Invalidate(const std::string& authorization);

  /// Set when the server showed that it does not offer CDN v3 uploads (docs/files.md says when): later
  /// uploads of the client use storage initiate straight away.
  bool unavailable() const { return unavailable_.load(std::memory_order_relaxed); }
  void MarkUnavailable() { unavailable_.store(true, std::memory_order_relaxed); }

 private:
  void Fetch();
  void Deliver(Result<CdnToken> result);

  ClientCore& core_;
  std::atomic<bool> unavailable_{false};
  std::mutex mu_;
  std::optional<CdnToken> token_;
  std::chrono::steady_clock::time_point refresh_at_;  // on the transport's clock
  bool fetching_ = false;
  std::vector<std::function<void(Result<CdnToken>)>> waiting_;
};

/// Whether an answer of the CDN (or of its token endpoint) says the protocol is not offered here:
/// 404, 405 or 501.
bool CdnNotOffered(int http_status);

/// Sends the request `build` makes for a token, with that token's Authorization, through the retry loop.
/// A 401 answer invalidates the token and sends once more with a fresh one. Refuses (kMalformedResponse)
/// a URL that is not on the token's CDN base, so the token never goes anywhere else.
void ExecuteOnCdn(ClientCore& core, CdnTokenCache& tokens, std::function<ApiCall(const CdnToken&)> build,
                  CallOptions options, std::function<void(Result<http::Response>)> done);

}  // namespace fal::internal
