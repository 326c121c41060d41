#include "platform/secure_memory.hpp"

#if defined(_WIN32)
#include <windows.h>
#elif defined(__GLIBC__)
#include <string.h>
#endif

namespace fal::platform {

void WipeMemory(void* data, std::size_t size) {
#if defined(_WIN32)
  SecureZeroMemory(data, size);
#elif defined(__GLIBC__)
  explicit_bzero(data, size);
#else
  volatile unsigned char* p = static_cast<volatile unsigned char*>(data);
  while (size-- > 0) *p++ = 0;
#endif
}

}  // namespace fal::platform
