#include "fal/data_uri.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>

namespace fal {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Two output characters per 12 input bits: one 8 KiB table (it stays in L1) halves the lookups and the
// stores of the classic 6-bit loop. Each entry holds its two characters in memory order of a little-endian
// uint16 (first character in the low byte), so four entries make one 8-byte store.
constexpr std::array<std::uint16_t, 4096> MakePairTable() {
  std::array<std::uint16_t, 4096> t{};
  for (int i = 0; i < 4096; ++i) {
    t[i] = static_cast<std::uint16_t>(static_cast<unsigned char>(kAlphabet[i >> 6]) |
                                      (static_cast<unsigned char>(kAlphabet[i & 63]) << 8));
  }
  return t;
}

constexpr std::array<std::uint16_t, 4096> kPairs = MakePairTable();

// 0-63 for the alphabet, 0x80 for everything else ('=' included: padding is handled apart). ORing the
// four values of a quantum and testing one bit checks the whole quantum at once.
constexpr std::array<std::uint8_t, 256> MakeDecodeTable() {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = 0x80;
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  return t;
}

constexpr std::array<std::uint8_t, 256> kDecode = MakeDecodeTable();

#if (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FALCPP_BASE64_WIDE 1
// kDecode shifted into place for each position of a quantum, so a quantum is four loads ORed together;
// a character outside the alphabet sets bit 31.
struct ShiftedDecode {
  std::uint32_t at[4][256];
};

constexpr ShiftedDecode MakeShiftedDecode() {
  ShiftedDecode s{};
  for (int k = 0; k < 4; ++k) {
    for (int c = 0; c < 256; ++c) {
      const std::uint32_t v = kDecode[c];
      s.at[k][c] = (v & 0x80) != 0 ? 0x80000000u : v << (18 - 6 * k);
    }
  }
  return s;
}

constexpr ShiftedDecode kShifted = MakeShiftedDecode();

inline std::uint64_t LoadBigEndian64(const unsigned char* p) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return __builtin_bswap64(x);
}

// Eight characters from the top 48 bits of x.
inline void PutEight(char* out, std::uint64_t x) {
  const std::uint64_t o =
      std::uint64_t{kPairs[(x >> 52) & 0xFFF]} | (std::uint64_t{kPairs[(x >> 40) & 0xFFF]} << 16) |
      (std::uint64_t{kPairs[(x >> 28) & 0xFFF]} << 32) | (std::uint64_t{kPairs[(x >> 16) & 0xFFF]} << 48);
  std::memcpy(out, &o, 8);
}
#endif

inline void PutPair(char* out, std::uint32_t index) {
  const std::uint16_t v = kPairs[index];
  out[0] = static_cast<char>(v & 0xFF);
  out[1] = static_cast<char>(v >> 8);
}

void EncodeInto(const unsigned char* in, std::size_t n, char* out) {
  std::size_t i = 0;
#ifdef FALCPP_BASE64_WIDE
  // 12 bytes -> 16 characters per step: two overlapping 8-byte loads (hence the 14-byte margin), eight
  // lookups, two stores.
  for (; i + 14 <= n; i += 12, out += 16) {
    PutEight(out, LoadBigEndian64(in + i));
    PutEight(out + 8, LoadBigEndian64(in + i + 6));
  }
#endif
  for (; i + 3 <= n; i += 3, out += 4) {
    const std::uint32_t x = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
    PutPair(out, x >> 12);
    PutPair(out + 2, x & 0xFFF);
  }
  if (n - i == 1) {
    const std::uint32_t x = std::uint32_t{in[i]} << 16;
    out[0] = kAlphabet[x >> 18];
    out[1] = kAlphabet[(x >> 12) & 63];
    out[2] = '=';
    out[3] = '=';
  } else if (n - i == 2) {
    const std::uint32_t x = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
    out[0] = kAlphabet[x >> 18];
    out[1] = kAlphabet[(x >> 12) & 63];
    out[2] = kAlphabet[(x >> 6) & 63];
    out[3] = '=';
  }
}

std::string Printable(unsigned char c) {
  if (c == ' ') return "a space";
  if (c == '\n') return "a line break (\\n)";
  if (c == '\r') return "a carriage return (\\r)";
  if (c == '\t') return "a tab";
  if (c >= 0x21 && c < 0x7f) return std::string("'") + static_cast<char>(c) + "'";
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("byte 0x") + kHex[c >> 4] + kHex[c & 15];
}

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

// Called only once a quantum failed the fast check, or the length is wrong: finds the first problem, in
// the order a person would fix them (a foreign character first, then padding, then length), and says how.
Error Base64Problem(std::string_view text, std::size_t base, const std::string& what) {
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '=') {
      const bool last_two = i + 2 >= n;
      if (!last_two || (i + 1 < n && text[i + 1] != '=')) {
        return Invalid(
            what + ": '=' padding at offset " + std::to_string(base + i) +
            " is not at the end; '=' may only be the last one or two characters of base64 data (was "
            "more data appended to an already padded string?)");
      }
      continue;
    }
    if (kDecode[c] & 0x80) {
      std::string hint;
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        hint = "remove whitespace and line breaks (MIME-wrapped base64 is not accepted)";
      } else if (c == '-' || c == '_') {
        hint = "this looks like URL-safe base64: use '+' for '-' and '/' for '_'";
      } else if (c == '%') {
        hint = "the base64 looks percent-encoded: decode %2B, %2F and %3D to '+', '/' and '=' first";
      } else {
        hint = "base64 uses only A-Z, a-z, 0-9, '+', '/' and '=' padding";
      }
      return Invalid(what + ": " + Printable(c) + " at offset " + std::to_string(base + i) +
                     " is not a base64 character; " + hint);
    }
  }
  std::size_t padding = 0;
  while (padding < n && text[n - 1 - padding] == '=') ++padding;
  if (n % 4 != 0) {
    return Invalid(what + ": the base64 data is " + std::to_string(n) +
                   " characters long, not a multiple of 4: it is truncated or its '=' padding is missing (" +
                   std::to_string(n % 4 == 1 ? 0 : 4 - n % 4) + " '=' would complete it" +
                   (n % 4 == 1 ? " only if characters are missing" : "") + ")");
  }
  if (padding > 2) {
    return Invalid(what + ": the base64 data ends with " + std::to_string(padding) +
                   " '=' characters; at most two are allowed");
  }
  return Error(ErrorCode::kInternal, what + ": base64 decoding failed for an unknown reason");
}

// Strict base64 decode into `out`; offsets in errors are `base` plus the offset in `text`.
Result<void> DecodeInto(std::string_view text, std::size_t base, const std::string& what, std::string& out) {
  const std::size_t n = text.size();
  out.clear();
  if (n == 0) return {};
  if (n % 4 != 0) return Base64Problem(text, base, what);
  std::size_t padding = 0;
  if (text[n - 1] == '=') padding = text[n - 2] == '=' ? 2 : 1;
  out.resize(n / 4 * 3 - padding);
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  char* dst = out.data();
  const std::size_t full = n / 4 - 1;  // every quantum but the last, which may hold padding
  std::size_t q = 0;
#ifdef FALCPP_BASE64_WIDE
  // Two quanta per step, written as one 8-byte store of which 6 bytes count: the margin of three quanta
  // keeps the two extra bytes inside `out`.
  for (; q + 3 <= full; q += 2, in += 8, dst += 6) {
    const std::uint32_t x =
        kShifted.at[0][in[0]] | kShifted.at[1][in[1]] | kShifted.at[2][in[2]] | kShifted.at[3][in[3]];
    const std::uint32_t y =
        kShifted.at[0][in[4]] | kShifted.at[1][in[5]] | kShifted.at[2][in[6]] | kShifted.at[3][in[7]];
    if ((x | y) & 0x80000000u) return Base64Problem(text, base, what);
    const std::uint64_t v = __builtin_bswap64((std::uint64_t{x} << 40) | (std::uint64_t{y} << 16));
    std::memcpy(dst, &v, 8);
  }
#endif
  for (; q < full; ++q, in += 4, dst += 3) {
    const std::uint32_t a = kDecode[in[0]], b = kDecode[in[1]], c = kDecode[in[2]], d = kDecode[in[3]];
    if ((a | b | c | d) & 0x80) return Base64Problem(text, base, what);
    const std::uint32_t x = (a << 18) | (b << 12) | (c << 6) | d;
    dst[0] = static_cast<char>(x >> 16);
    dst[1] = static_cast<char>(x >> 8);
    dst[2] = static_cast<char>(x);
  }
  const std::uint32_t a = kDecode[in[0]], b = kDecode[in[1]];
  const std::uint32_t c = padding >= 2 ? 0 : kDecode[in[2]];
  const std::uint32_t d = padding >= 1 ? 0 : kDecode[in[3]];
  if ((a | b | c | d) & 0x80) return Base64Problem(text, base, what);
  const std::uint32_t x = (a << 18) | (b << 12) | (c << 6) | d;
  dst[0] = static_cast<char>(x >> 16);
  if (padding < 2) dst[1] = static_cast<char>(x >> 8);
  if (padding < 1) dst[2] = static_cast<char>(x);
  return {};
}

bool IsTokenChar(unsigned char c) {
  if (std::isalnum(c)) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

constexpr const char* kShape = "use data:<type>/<subtype>[;name=value];base64,<base64 data>";

// Checks "type/subtype" starting at `base` in the caller's text: a foreign character first (its offset is
// the most useful thing to report), then the shape.
Result<void> CheckTypeSubtype(std::string_view mt, std::size_t base, const std::string& what) {
  for (std::size_t i = 0; i < mt.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(mt[i]);
    if (c != '/' && !IsTokenChar(c)) {
      return Invalid(what + ": media type \"" + std::string(mt) + "\" has " + Printable(c) + " at offset " +
                     std::to_string(base + i) + ", which a media type may not contain; " + kShape);
    }
  }
  const std::size_t slash = mt.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == mt.size() ||
      mt.find('/', slash + 1) != std::string_view::npos) {
    return Invalid(what + ": media type \"" + std::string(mt) + "\" at offset " + std::to_string(base) +
                   " is not of the form type/subtype (such as video/mp4 or image/png); " + kShape);
  }
  return {};
}

Result<std::pair<std::string, std::string>> ParseParameter(std::string_view p, std::size_t base,
                                                           const std::string& what) {
  const std::size_t eq = p.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return Invalid(what + ": parameter \"" + std::string(p) + "\" at offset " + std::to_string(base) +
                   " is not name=value (\";base64\" must come last, right before the ','); " + kShape);
  }
  for (std::size_t i = 0; i < p.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    if (i != eq && !IsTokenChar(c)) {
      return Invalid(what + ": parameter \"" + std::string(p) + "\" has " + Printable(c) + " at offset " +
                     std::to_string(base + i) + ", which a media type parameter may not contain");
    }
  }
  return std::make_pair(std::string(p.substr(0, eq)), std::string(p.substr(eq + 1)));
}

int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<void> PercentDecodeInto(std::string_view text, std::size_t base, const std::string& what,
                               std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '%') {
      out += c;
      continue;
    }
    const int hi = i + 1 < text.size() ? HexValue(static_cast<unsigned char>(text[i + 1])) : -1;
    const int lo = i + 2 < text.size() ? HexValue(static_cast<unsigned char>(text[i + 2])) : -1;
    if (hi < 0 || lo < 0) {
      return Invalid(what + ": '%' at offset " + std::to_string(base + i) +
                     " is not followed by two hex digits; write a literal '%' as %25 (or use ;base64 data)");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return {};
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out(Base64EncodedSize(bytes.size()), '\0');
  EncodeInto(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), out.data());
  return out;
}

void Base64EncodeInto(std::string_view bytes, char* out) {
  EncodeInto(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), out);
}

Result<std::string> Base64Decode(std::string_view text) {
  std::string out;
  if (Result<void> ok = DecodeInto(text, 0, "base64 decode", out); !ok) return ok.error();
  return out;
}

Result<std::string> EncodeDataUri(std::string_view bytes, std::string_view media_type) {
  if (media_type.empty()) media_type = "application/octet-stream";
  const std::string what = "data URI media type";
  const std::size_t semi = media_type.find(';');
  if (Result<void> ok = CheckTypeSubtype(media_type.substr(0, semi), 0, what); !ok) return ok.error();
  for (std::size_t start = semi; start != std::string_view::npos;) {
    const std::size_t next = media_type.find(';', start + 1);
    std::string_view p =
        media_type.substr(start + 1, next == std::string_view::npos ? next : next - start - 1);
    if (auto ok = ParseParameter(p, start + 1, what); !ok) return ok.error();
    start = next;
  }
  constexpr std::string_view kPrefix = "data:";
  constexpr std::string_view kBase64 = ";base64,";
  std::string out;
  const std::size_t head = kPrefix.size() + media_type.size() + kBase64.size();
  out.resize(head + Base64EncodedSize(bytes.size()));
  char* p = out.data();
  std::memcpy(p, kPrefix.data(), kPrefix.size());
  std::memcpy(p + kPrefix.size(), media_type.data(), media_type.size());
  std::memcpy(p + kPrefix.size() + media_type.size(), kBase64.data(), kBase64.size());
  EncodeInto(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), p + head);
  return out;
}

bool IsDataUri(std::string_view text) { return text.size() >= 5 && Lower(text.substr(0, 5)) == "data:"; }

Result<DataUri> ParseDataUri(std::string_view text) {
  const std::string what = "data URI";
  if (text.empty()) return Invalid(what + " is empty; " + kShape);
  if (!IsDataUri(text)) {
    return Invalid(what + " does not start with \"data:\" (it starts with \"" +
                   std::string(text.substr(0, std::min<std::size_t>(text.size(), 12))) + "\"); " + kShape);
  }
  const std::size_t comma = text.find(',');
  if (comma == std::string_view::npos) {
    return Invalid(what + " has no ',' between its header and its data; " + kShape);
  }
  DataUri uri;
  std::string_view header = text.substr(5, comma - 5);
  std::size_t header_base = 5;

  // The segments of the header, split on ';': media type first, then parameters, ";base64" last.
  std::vector<std::pair<std::string_view, std::size_t>> segments;
  for (std::size_t start = 0;;) {
    const std::size_t semi = header.find(';', start);
    segments.emplace_back(header.substr(start, semi == std::string_view::npos ? semi : semi - start),
                          header_base + start);
    if (semi == std::string_view::npos) break;
    start = semi + 1;
  }
  if (segments.size() > 1 && Lower(segments.back().first) == "base64") {
    uri.base64 = true;
    segments.pop_back();
  }
  const auto [type, type_base] = segments.front();
  if (type.empty()) {
    uri.media_type = "text/plain";
  } else {
    if (Result<void> ok = CheckTypeSubtype(type, type_base, what); !ok) return ok.error();
    uri.media_type = Lower(type);
  }
  for (std::size_t i = 1; i < segments.size(); ++i) {
    auto p = ParseParameter(segments[i].first, segments[i].second, what);
    if (!p) return p.error();
    uri.parameters.push_back(std::move(*p));
  }
  if (header.empty()) uri.parameters.emplace_back("charset", "US-ASCII");

  std::string_view data = text.substr(comma + 1);
  Result<void> ok = uri.base64 ? DecodeInto(data, comma + 1, what, uri.data)
                               : PercentDecodeInto(data, comma + 1, what, uri.data);
  if (!ok) return ok.error();
  return uri;
}

}  // namespace fal
