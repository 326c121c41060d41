// Base64 and data URIs (fal/data_uri.hpp): whatever decodes re-encodes to something that decodes to the
// same bytes and media type, any bytes survive encode then decode, and no message carries the data.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fal/data_uri.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  // Any bytes: encode, then decode.
  const std::string encoded = fal::Base64Encode(text);
  FUZZ_CHECK(encoded.size() == fal::Base64EncodedSize(size), "an encoding of the wrong length");
  auto back = fal::Base64Decode(encoded);
  FUZZ_CHECK(back.ok() && *back == text, "base64 does not round-trip");

  // Text that decodes as base64 re-encodes to text that decodes the same.
  if (auto decoded = fal::Base64Decode(text)) {
    auto again = fal::Base64Decode(fal::Base64Encode(*decoded));
    FUZZ_CHECK(again.ok() && *again == *decoded, "decoded base64 does not round-trip");
  }

  if (auto uri = fal::ParseDataUri(text)) {
    std::string media_type = uri->media_type;
    for (const auto& [name, value] : uri->parameters) media_type += ";" + name + "=" + value;
    auto reencoded = fal::EncodeDataUri(uri->data, media_type);
    FUZZ_CHECK(reencoded.ok(), "a parsed data URI's media type is refused when encoding");
    auto reparsed = fal::ParseDataUri(*reencoded);
    FUZZ_CHECK(reparsed.ok(), "an encoded data URI does not parse");
    FUZZ_CHECK(reparsed->data == uri->data, "a data URI's bytes do not round-trip");
    FUZZ_CHECK(reparsed->media_type == uri->media_type, "a data URI's media type does not round-trip");
    FUZZ_CHECK(reparsed->base64, "an encoded data URI is not base64");
  } else if (size >= 24) {
    // The message names the problem, never the data: a long tail of the input must not appear in it.
    const std::string tail(text.substr(size - 16));
    const std::size_t comma = text.find(',');
    const bool tail_is_data = comma != std::string_view::npos && size - comma > 17 &&
                              text.substr(0, comma).find(tail) == std::string_view::npos;
    if (tail_is_data && uri.error().message().find(tail) != std::string::npos) {
      // The tail may be words of the message itself (the fuzzer learns them): then the same input with
      // other bytes there gets a message with those words still in it. Copied data would be gone.
      std::string other(text.substr(0, size - 16));
      other.append(16, '#');
      auto again = fal::ParseDataUri(other);
      FUZZ_CHECK(!again.ok() && again.error().message().find(tail) != std::string::npos,
                 "a data URI's data copied into a message");
    }
  }
  return 0;
}
