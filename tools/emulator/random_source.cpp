#include "random_source.hpp"

#include <cstdio>

namespace fal::emulator {

std::string RandomSource::NewUuid() {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    high = engine_();
    low = engine_();
  }
  high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;    // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                static_cast<unsigned>((high >> 16) & 0xffff), static_cast<unsigned>(high & 0xffff),
                static_cast<unsigned>(low >> 48), static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return text;
}

std::string RandomSource::NewToken(std::size_t length) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string token(length, 'a');
  std::lock_guard<std::mutex> lock(mutex_);
  for (char& c : token) c = kAlphabet[engine_() % (sizeof kAlphabet - 1)];
  return token;
}

double RandomSource::NextUnit() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine_);
}

std::uint64_t RandomSource::NextU64() {
  std::lock_guard<std::mutex> lock(mutex_);
  return engine_();
}

}  // namespace fal::emulator
