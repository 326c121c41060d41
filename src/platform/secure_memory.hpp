#pragma once
// Wiping secrets (the API key) from memory so that the compiler cannot drop the writes as dead stores.

#include <cstddef>

namespace fal::platform {

/// Overwrites `size` bytes at `data` with zeros: SecureZeroMemory on Windows, explicit_bzero on glibc,
/// volatile stores elsewhere.
void WipeMemory(void* data, std::size_t size);

}  // namespace fal::platform
