#include "fal/credentials.hpp"

#include <cstdlib>

#include "platform/secure_memory.hpp"

namespace fal {

Credentials::~Credentials() {
  // Wipe the secret so it does not linger in freed memory (core dumps, allocator reuse).
  if (!key_.empty()) platform::WipeMemory(key_.data(), key_.size());
}

Credentials Credentials::FromEnvironment() {
  const char* key = std::getenv("FAL_KEY");
  if (key != nullptr && *key != '\0') return Credentials(key);
  const char* id = std::getenv("FAL_KEY_ID");
  const char* secret = std::getenv("FAL_KEY_SECRET");
  if (id != nullptr && *id != '\0' && secret != nullptr && *secret != '\0') {
    return Credentials(std::string(id) + ":" + secret);
  }
  return Credentials();
}

std::string Credentials::ToString() const { return key_.empty() ? "Credentials(none)" : "Credentials(set)"; }

}  // namespace fal
