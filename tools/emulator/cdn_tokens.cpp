#include "cdn_tokens.hpp"

namespace fal::emulator {

CdnToken CdnTokens::Mint() {
  CdnToken minted{prefix_ + random_.NewToken(32), std::chrono::system_clock::now() + lifetime_};
  std::lock_guard<std::mutex> lock(mutex_);
  expiry_[minted.token] = minted.expires_at;
  return minted;
}

std::string CdnTokens::FromAuthorization(const std::string& authorization) {
  static const std::string kScheme = "Bearer ";
  if (authorization.compare(0, kScheme.size(), kScheme) != 0) return "";
  return authorization.substr(kScheme.size());
}

std::optional<StorageError> CdnTokens::Check(const std::string& authorization) const {
  if (authorization.empty()) {
    return StorageError{401,
                        "Authorization header is required: send \"Bearer TOKEN\" with a token from "
                        "POST /storage/auth/token?storage_type=fal-cdn-v3"};
  }
  const std::string token = FromAuthorization(authorization);
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = token.empty() ? expiry_.end() : expiry_.find(token);
  if (it == expiry_.end()) {
    return StorageError{401,
                        "Invalid CDN token: expected \"Bearer TOKEN\" with a token from "
                        "POST /storage/auth/token?storage_type=fal-cdn-v3"};
  }
  if (it->second <= std::chrono::system_clock::now()) {
    return StorageError{401, "The CDN token has expired: get a new one from POST /storage/auth/token"};
  }
  return std::nullopt;
}

bool CdnTokens::Minted(const std::string& authorization) const {
  const std::string token = FromAuthorization(authorization);
  std::lock_guard<std::mutex> lock(mutex_);
  return !token.empty() && expiry_.count(token) > 0;
}

void CdnTokens::Expire(const std::string& authorization) {
  const std::string token = FromAuthorization(authorization);
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = expiry_.find(token);
  if (it != expiry_.end()) it->second = std::chrono::system_clock::now() - std::chrono::seconds(1);
}

void CdnTokens::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  expiry_.clear();
}

}  // namespace fal::emulator
