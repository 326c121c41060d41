#include "internal/sse_parser.hpp"

namespace fal::internal {

void SseParser::Feed(std::string_view chunk, const OnEvent& on_event) {
  for (char c : chunk) {
    if (skip_lf_) {
      skip_lf_ = false;
      if (c == '\n') continue;
    }
    if (c == '\r' || c == '\n') {
      skip_lf_ = c == '\r';
      std::string line;
      line.swap(partial_);
      Line(line, on_event);
      continue;
    }
    partial_ += c;
    if (partial_.size() > (16u << 20))
      partial_.clear();  // a 16 MiB line is not a status: drop it, stay bounded
  }
}

void SseParser::Line(std::string_view line, const OnEvent& on_event) {
  ++lines_;
  if (line.empty()) {  // end of an event
    if (has_data_) on_event(SseEvent{event_.empty() ? "message" : event_, data_, id_});
    data_.clear();
    event_.clear();
    has_data_ = false;
    return;
  }
  if (line.front() == ':') return;  // comment (keep-alive)
  std::size_t colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field == "data") {
    if (has_data_) data_ += '\n';
    data_.append(value);
    has_data_ = true;
  } else if (field == "event") {
    event_ = std::string(value);
  } else if (field == "id") {
    id_ = std::string(value);
  }
}

}  // namespace fal::internal
