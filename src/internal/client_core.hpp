#pragma once
// The state one Client and its copies share: resolved options, the transport, and the bookkeeping that
// lets the last copy cancel outstanding work and wait for it before the engine goes away.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "fal/cancellation.hpp"
#include "fal/client_options.hpp"
#include "fal/error.hpp"
#include "fal/http/transport.hpp"

namespace fal::internal {

/// Reads a variable of the environment; replaceable in tests.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
EnvLookup ProcessEnvironment();

/// Applies the precedence explicit > environment > default, and checks the URLs.
/// Returns the options and, separately, the first configuration error (reported on the first call).
std::pair<ClientOptions, std::optional<Error>> ResolveOptions(ClientOptions options, const EnvLookup& env);

/// "falcpp/0.1.0 (linux; gcc 12.2.0)"
std::string DefaultUserAgent();

class ClientCore;
class CdnTokenCache;
class UploadSlots;

/// Counts one operation in flight for as long as it lives.
class InflightGuard {
 public:
  explicit InflightGuard(ClientCore* core);
  ~InflightGuard();
  InflightGuard(const InflightGuard&) = delete;
  InflightGuard& operator=(const InflightGuard&) = delete;

 private:
  ClientCore* core_;
};

class ClientCore {
 public:
  ClientCore(ClientOptions options, std::optional<Error> config_error);

  const ClientOptions& options() const { return options_; }
  http::Transport& transport() const { return *transport_; }
  const std::string& user_agent() const { return user_agent_; }
  const std::optional<Error>& config_error() const { return config_error_; }
  /// Fires when the last Client copy goes away.
  CancellationToken shutdown_token() const { return shutdown_.Token(); }

  bool LogEnabled() const { return static_cast<bool>(options_.log); }
  void Log(LogLevel level, std::string_view line) const;

  /// Cancels everything in flight, then waits until every operation has finished.
  void Shutdown();

  /// Set once the server has answered a status stream with "not offered": later waits poll directly.
  bool streaming_unsupported() const { return streaming_unsupported_.load(std::memory_order_relaxed); }
  void MarkStreamingUnsupported() { streaming_unsupported_.store(true, std::memory_order_relaxed); }

  /// The CDN v3 upload token all uploads of this client share (storage/cdn_tokens.hpp).
  CdnTokenCache& cdn_tokens() const { return *cdn_tokens_; }
  /// The bound on typed inputs' uploads in flight (ClientOptions::max_concurrent_uploads).
  UploadSlots& upload_slots() const { return *upload_slots_; }

 private:
  friend class InflightGuard;
  ClientOptions options_;
  std::optional<Error> config_error_;
  std::shared_ptr<http::Transport> transport_;
  std::string user_agent_;
  CancellationSource shutdown_;
  std::mutex mu_;
  std::condition_variable idle_;
  int inflight_ = 0;
  std::atomic<bool> streaming_unsupported_{false};
  std::shared_ptr<CdnTokenCache> cdn_tokens_;
  std::shared_ptr<UploadSlots> upload_slots_;
};

/// Held by every Client copy and JobHandle. When the last one goes, the core shuts down.
class ClientOwner {
 public:
  explicit ClientOwner(std::unique_ptr<ClientCore> core) : core_(std::move(core)) {}
  ~ClientOwner();
  ClientOwner(const ClientOwner&) = delete;
  ClientOwner& operator=(const ClientOwner&) = delete;
  ClientCore& core() const { return *core_; }

 private:
  std::unique_ptr<ClientCore> core_;
};

/// A token that fires when any of its parents fires; unsubscribes from them when destroyed.
class LinkedCancellation {
 public:
  LinkedCancellation(const CancellationToken& a, const CancellationToken& b);
  ~LinkedCancellation();
  LinkedCancellation(const LinkedCancellation&) = delete;
  LinkedCancellation& operator=(const LinkedCancellation&) = delete;
  CancellationToken token() const { return source_.Token(); }
  void Cancel() { source_.Cancel(); }

 private:
  CancellationSource source_;
  CancellationToken a_, b_;
  std::uint64_t sub_a_ = 0, sub_b_ = 0;
};

}  // namespace fal::internal
