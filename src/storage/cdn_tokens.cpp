#include "storage/cdn_tokens.hpp"

#include <algorithm>

#include "internal/error_mapping.hpp"

namespace fal::internal {
namespace {

using std::chrono::milliseconds;

// A token is refreshed this long before expires_at, or at half its remaining life if that is shorter: an
// upload that starts just before expiry must not carry a token that dies under it.
constexpr milliseconds kRefreshMargin{5 * 60 * 1000};

void SendWithToken(ClientCore& core, CdnTokenCache& tokens, std::function<ApiCall(const CdnToken&)> build,
                   CallOptions options, bool retried, std::function<void(Result<http::Response>)> done) {
  tokens.Get([&core, &tokens, build = std::move(build), options, retried,
              done = std::move(done)](Result<CdnToken> token) mutable {
    if (!token) return done(token.error());
    ApiCall call = build(*token);
    if (!OnCdnBase(call.request.url, token->base_url)) {
      return done(Error(ErrorCode::kMalformedResponse,
                        call.what +
                            ": the CDN named a URL on another host than its base_url; falcpp sends the "
                            "CDN token only to that base. Use ClientOptions::upload_protocol = "
                            "UploadProtocol::kStorageInitiate to upload through storage initiate"));
    }
    call.authorize = false;  // the API key never goes to the CDN
    call.request.headers.emplace_back("Authorization", token->authorization);
    const std::string authorization = token->authorization;
    Execute(core, std::move(call), options,
            [&core, &tokens, build = std::move(build), options, retried, authorization,
             done = std::move(done)](Result<http::Response> r) mutable {
              if (r && r->status == 401 && !retried) {
                // Expired early, or revoked: one fresh token, one more try.
                tokens.Invalidate(authorization);
                return SendWithToken(core, tokens, std::move(build), options, true, std::move(done));
              }
              done(std::move(r));
            });
  });
}

}  // namespace

bool CdnNotOffered(int http_status) { return http_status == 404 || http_status == 405 || http_status == 501; }

void CdnTokenCache::Get(std::function<void(Result<CdnToken>)> done) {
  std::optional<CdnToken> ready;
  bool start_fetch = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (token_ && core_.transport().Now() < refresh_at_) {
      ready = *token_;
    } else {
      waiting_.push_back(std::move(done));
      start_fetch = !fetching_;
      fetching_ = true;
    }
  }
  // Outside the lock: `done` may start a request, and the fetch may fail at once on this thread.
  if (ready) return done(std::move(*ready));
  if (start_fetch) Fetch();
}

void CdnTokenCache::Invalidate(const std::string& authorization) {
  std::lock_guard<std::mutex> lock(mu_);
  if (token_ && token_->authorization == authorization) token_.reset();
}

void CdnTokenCache::Fetch() {
  ApiCall call;
  call.op = Operation::kStorage;
  call.authorize = true;  // the rest host: the key buys the token
  call.secret_answer = true;
  call.request.method = http::Method::kPost;
  call.request.url = CdnTokenUrl(core_.options().rest_url);
  call.request.headers.emplace_back("Content-Type", "application/json");
  call.request.body = "{}";
  call.request.timeout = core_.options().request_timeout;
  call.request.connect_timeout = core_.options().connect_timeout;
  call.what = "getting a CDN upload token";
  Execute(core_, std::move(call), CallOptions{},
          [this, what = std::string("getting a CDN upload token")](Result<http::Response> r) {
            if (!r) return Deliver(r.error());
            if (r->status < 200 || r->status >= 300) {
              if (CdnNotOffered(r->status)) MarkUnavailable();
              return Deliver(ErrorFromResponse(*r, what));
            }
            Result<CdnToken> token = ParseCdnTokenAnswer(*r, what);
            if (!token) MarkUnavailable();  // not fal's token answer: this server does not speak CDN v3
            Deliver(std::move(token));
          });
}

void CdnTokenCache::Deliver(Result<CdnToken> result) {
  std::vector<std::function<void(Result<CdnToken>)>> waiting;
  {
    std::lock_guard<std::mutex> lock(mu_);
    fetching_ = false;
    waiting.swap(waiting_);
    if (result) {
      const auto left =
          std::chrono::duration_cast<milliseconds>(result->expires_at - std::chrono::system_clock::now());
      const milliseconds margin = std::min(kRefreshMargin, left / 2);
      // A token already past its expiry (a skewed clock) is still tried once: the CDN is the judge.
      refresh_at_ = core_.transport().Now() + std::max(milliseconds(0), left - margin);
      token_ = *result;
    }
  }
  for (auto& done : waiting) done(result);
}

void ExecuteOnCdn(ClientCore& core, CdnTokenCache& tokens, std::function<ApiCall(const CdnToken&)> build,
                  CallOptions options, std::function<void(Result<http::Response>)> done) {
  SendWithToken(core, tokens, std::move(build), std::move(options), false, std::move(done));
}

}  // namespace fal::internal
