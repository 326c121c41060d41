#include "internal/client_core.hpp"

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "fal/version.hpp"
#include "internal/url.hpp"
#include "platform/system_info.hpp"
#include "storage/cdn_tokens.hpp"
#include "storage/upload_slots.hpp"

namespace fal::internal {
namespace {

// Checks a host URL: absolute http(s), and plain http only to loopback, so that the key never crosses a
// network in clear text.
std::optional<Error> CheckBaseUrl(const char* name, const std::string& value) {
  auto url = ParseUrl(value);
  if (!url) {
    return Error(ErrorCode::kInvalidArgument,
                 std::string(name) + " \"" + StripQuery(value) + "\" is not an absolute http(s) URL")
        .WithAdvice(Advice::kFixBaseUrl);
  }
  if (url->scheme == "http" && !IsLoopbackHost(url->host)) {
    return Error(ErrorCode::kInvalidArgument,
                 std::string(name) + " \"" + StripQuery(value) +
                     "\" uses plain http to a non-loopback host; use https (plain http is allowed only to "
                     "127.0.0.1, ::1 or localhost, e.g. a local fal-emulator)");
  }
  return std::nullopt;
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
  };
}

std::pair<ClientOptions, std::optional<Error>> ResolveOptions(ClientOptions o, const EnvLookup& env) {
  bool from_environment = false;  // the base URL came from FAL_BASE_URL: a bad one is named so
  if (o.use_environment) {
    if (o.credentials.empty()) {
      if (auto key = env("FAL_KEY")) {
        o.credentials = Credentials(*key);
      } else if (auto id = env("FAL_KEY_ID"), secret = env("FAL_KEY_SECRET"); id && secret) {
        o.credentials = Credentials(*id + ":" + *secret);
      }
    }
    if (o.base_url.empty()) {
      o.base_url = env("FAL_BASE_URL").value_or("");
      from_environment = !o.base_url.empty();
    }
  }
  if (!o.base_url.empty()) {
    o.base_url = TrimTrailingSlashes(o.base_url);
    o.queue_url = o.run_url = o.rest_url = o.base_url;
  }
  o.queue_url = TrimTrailingSlashes(o.queue_url);
  o.run_url = TrimTrailingSlashes(o.run_url);
  o.rest_url = TrimTrailingSlashes(o.rest_url);
  std::optional<Error> problem;
  if (!o.base_url.empty()) {
    problem = CheckBaseUrl(from_environment ? "FAL_BASE_URL" : "ClientOptions::base_url", o.base_url);
  }
  for (auto [name, value] : {std::pair<const char*, const std::string*>{"queue URL", &o.queue_url},
                             {"run URL", &o.run_url},
                             {"rest URL", &o.rest_url}}) {
    if (!problem) problem = CheckBaseUrl(name, *value);
  }
  if (!problem && o.engine_threads < 1) {
    problem = Error(ErrorCode::kInvalidArgument,
                    "engine_threads is " + std::to_string(o.engine_threads) + ": use 1 or more");
  }
  return {std::move(o), std::move(problem)};
}

std::string DefaultUserAgent() {
  const std::string os = platform::OsName();
#if defined(__clang__)
  std::string compiler = "clang " __clang_version__;
#elif defined(__GNUC__)
  std::string compiler = "gcc " __VERSION__;
#else
  std::string compiler = "unknown";
#endif
  if (auto space = compiler.find(' ', compiler.find(' ') + 1); space != std::string::npos)
    compiler.resize(space);
  return std::string("falcpp/") + kVersionString + " (" + os + "; " + compiler + ")";
}

InflightGuard::InflightGuard(ClientCore* core) : core_(core) {
  std::lock_guard<std::mutex> lock(core_->mu_);
  ++core_->inflight_;
}

InflightGuard::~InflightGuard() {
  std::lock_guard<std::mutex> lock(core_->mu_);
  if (--core_->inflight_ == 0) core_->idle_.notify_all();
}

ClientCore::ClientCore(ClientOptions options, std::optional<Error> config_error)
    : options_(std::move(options)), config_error_(std::move(config_error)) {
  transport_ = options_.transport;
  if (!transport_) {
    http::CurlTransportOptions curl;
    curl.threads = std::max(1, options_.engine_threads);
    transport_ = http::MakeCurlTransport(curl);
  }
  user_agent_ = DefaultUserAgent();
  if (!options_.user_agent_suffix.empty()) user_agent_ += " " + options_.user_agent_suffix;
  cdn_tokens_ = std::make_shared<CdnTokenCache>(*this);
  upload_slots_ = std::make_shared<UploadSlots>(options_.max_concurrent_uploads);
}

void ClientCore::Log(LogLevel level, std::string_view line) const {
  if (options_.log) options_.log(level, line);
}

void ClientCore::Shutdown() {
  shutdown_.Cancel();
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return inflight_ == 0; });
}

ClientOwner::~ClientOwner() {
  if (core_->transport().IsLoopThread()) {
    // The last handle died inside a callback on the engine: waiting here would block the very loop that
    // must finish the outstanding work. Cancel now and let a helper thread wait and tear down.
    std::thread([core = std::move(core_)]() mutable {
      core->Shutdown();
      core.reset();
    }).detach();
    return;
  }
  core_->Shutdown();
}

LinkedCancellation::LinkedCancellation(const CancellationToken& a, const CancellationToken& b)
    : a_(a), b_(b) {
  // The callbacks hold the source's shared state, not `this`: a parent may fire while we are destroyed.
  CancellationSource source = source_;
  sub_a_ = a_.Subscribe([source]() mutable { source.Cancel(); });
  sub_b_ = b_.Subscribe([source]() mutable { source.Cancel(); });
}

LinkedCancellation::~LinkedCancellation() {
  a_.Unsubscribe(sub_a_);
  b_.Unsubscribe(sub_b_);
}

}  // namespace fal::internal
