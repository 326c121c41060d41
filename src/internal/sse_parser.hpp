#pragma once
// A server-sent events parser (the WHATWG event-stream format) that accepts the stream in chunks split
// anywhere, even inside a line ending.

#include <functional>
#include <string>
#include <string_view>

namespace fal::internal {

struct SseEvent {
  std::string event;  // "message" unless the stream named it
  std::string data;   // data lines joined by '\n'
  std::string id;
};

class SseParser {
 public:
  using OnEvent = std::function<void(const SseEvent&)>;

  /// Feeds the next chunk; calls on_event for every complete event. Comment lines (": keep-alive") produce
  /// no event. Never fails: malformed lines are ignored, as the format requires.
  void Feed(std::string_view chunk, const OnEvent& on_event);

  /// Lines seen so far, comments included: any of them shows the stream is alive.
  std::size_t lines_seen() const { return lines_; }

 private:
  void Line(std::string_view line, const OnEvent& on_event);

  std::string partial_;   // an unfinished line
  bool skip_lf_ = false;  // the last chunk ended in '\r': a '\n' next belongs to it
  std::string data_, event_, id_;
  bool has_data_ = false;
  std::size_t lines_ = 0;
};

}  // namespace fal::internal
