// The SSE parser (src/internal/sse_parser.hpp) gives the same events however the stream is cut into
// chunks: whole, split at every point (up to 512 of them, evenly spread beyond that), and byte by byte.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "internal/sse_parser.hpp"

namespace {

using fal::internal::SseEvent;
using fal::internal::SseParser;

struct Parsed {
  std::vector<SseEvent> events;
  std::size_t lines = 0;
};

bool operator==(const SseEvent& a, const SseEvent& b) {
  return a.event == b.event && a.data == b.data && a.id == b.id;
}

Parsed Feed(std::string_view text, const std::vector<std::size_t>& cuts) {
  Parsed out;
  SseParser parser;
  auto on_event = [&out](const SseEvent& e) { out.events.push_back(e); };
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    parser.Feed(text.substr(at, cut - at), on_event);
    at = cut;
  }
  parser.Feed(text.substr(at), on_event);
  out.lines = parser.lines_seen();
  return out;
}

void ExpectSame(const Parsed& a, const Parsed& b) {
  FUZZ_CHECK(a.lines == b.lines, "the line count depends on where the stream was cut");
  FUZZ_CHECK(a.events.size() == b.events.size(), "the number of events depends on where the stream was cut");
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    FUZZ_CHECK(a.events[i] == b.events[i], "an event depends on where the stream was cut");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Parsed whole = Feed(text, {});
  for (const SseEvent& e : whole.events) {
    FUZZ_CHECK(!e.event.empty(), "an event without a type (\"message\" is the default)");
    FUZZ_CHECK(e.data.find('\r') == std::string::npos, "a line ending inside an event's data");
    FUZZ_CHECK(e.id.find('\n') == std::string::npos && e.id.find('\r') == std::string::npos,
               "a line ending in an id");
  }

  const std::size_t points = size <= 512 ? size : 512;
  for (std::size_t i = 0; i <= points; ++i) {
    const std::size_t cut = points == 0 ? 0 : i * size / points;
    ExpectSame(whole, Feed(text, {cut}));
  }
  std::vector<std::size_t> every_byte;
  for (std::size_t i = 1; i < size; ++i) every_byte.push_back(i);
  ExpectSame(whole, Feed(text, every_byte));
  return 0;
}
