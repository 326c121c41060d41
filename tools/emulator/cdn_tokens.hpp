// CDN v3 tokens (fal's Python client's default upload path): POST /storage/auth/token mints a short-lived
// bearer token, and every CDN route (POST /files/upload, multipart create, parts, complete) checks it.
// Tokens are random, start with --cdn-token-prefix (so a test can grep any output for a leaked one) and
// expire --cdn-token-lifetime-ms after minting, or at once when a fault plan says expire-token.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "random_source.hpp"
#include "storage.hpp"

namespace fal::emulator {

struct CdnToken {
  std::string token;
  std::chrono::system_clock::time_point expires_at;
};

class CdnTokens {
 public:
  CdnTokens(RandomSource& random, std::string prefix, std::chrono::milliseconds lifetime)
      : random_(random), prefix_(std::move(prefix)), lifetime_(lifetime) {}

  CdnToken Mint();
  // The token of an "Authorization: Bearer TOKEN" value, or empty.
  static std::string FromAuthorization(const std::string& authorization);
  // 401 with what was wrong (missing, unknown or expired), else nothing.
  std::optional<StorageError> Check(const std::string& authorization) const;
  // Whether the value carries a token this emulator minted (expired or not).
  bool Minted(const std::string& authorization) const;
  // Makes the token expire now.
  void Expire(const std::string& authorization);
  void Clear();

 private:
  RandomSource& random_;
  const std::string prefix_;
  const std::chrono::milliseconds lifetime_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::chrono::system_clock::time_point> expiry_;
};

}  // namespace fal::emulator
