// Digests and encodings the emulator needs (OpenSSL underneath): SHA-256 for journal entries and
// webhook signatures, HMAC for upload-URL signatures, base64 for data URIs and base64url for the JWKS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace fal::emulator {

std::string HexEncode(const unsigned char* data, std::size_t size);
std::string Sha256Hex(std::string_view data);
std::string HmacSha256Hex(std::string_view key, std::string_view data);
std::string Base64Encode(const unsigned char* data, std::size_t size);
std::string Base64UrlEncodeUnpadded(const unsigned char* data, std::size_t size);

// Comparison whose time does not depend on where the strings differ (signatures, API keys).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// SHA-256 over data that arrives in pieces (streamed upload bodies).
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  void Update(const void* data, std::size_t size);
  std::string FinishHex();

 private:
  evp_md_ctx_st* ctx_;
};

}  // namespace fal::emulator
