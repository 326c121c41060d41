#include "long_clip/split_state.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "internal/json_text.hpp"

namespace fal::long_clip {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr int kFormat = 1;

// Typed reads that never throw: a field of another type counts as missing.
std::string Text(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
bool Flag(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

Error Unusable(const std::string& path, const std::string& why) {
  return Error(ErrorCode::kInvalidArgument,
               "the state file " + path + " " + why +
                   ": run again with the same arguments to resume that run, or remove the file to start over "
                   "(segments it names may already be paid for)");
}

}  // namespace

SplitState::SplitState(std::string path, std::string arguments, std::vector<SegmentRecord> segments)
    : path_(std::move(path)), arguments_(std::move(arguments)), segments_(std::move(segments)) {}

SplitState::SplitState(SplitState&& other) noexcept
    : path_(std::move(other.path_)),
      arguments_(std::move(other.arguments_)),
      segments_(std::move(other.segments_)) {}

Result<SplitState> SplitState::Open(std::string path, std::string arguments, std::size_t segments) {
  std::error_code ec;
  if (!fs::exists(fs::u8path(path), ec)) {
    return SplitState(std::move(path), std::move(arguments), std::vector<SegmentRecord>(segments));
  }
  std::ifstream in(fs::u8path(path), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Error(ErrorCode::kInvalidArgument, "cannot read the state file " + path);
  const Json j = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  const auto format = j.is_object() ? j.find("format") : j.end();
  const auto list = j.is_object() ? j.find("segments") : j.end();
  if (!j.is_object() || format == j.end() || *format != kFormat || list == j.end() || !list->is_array() ||
      !j.contains("arguments")) {
    return Unusable(path, "is not a falcpp long-clip state file");
  }
  if (Text(j, "arguments") != arguments || list->size() != segments) {
    return Unusable(path, "belongs to a run with other arguments (source, mode or request fields)");
  }
  std::vector<SegmentRecord> records(segments);
  for (std::size_t i = 0; i < segments; ++i) {
    const Json& s = (*list)[i];
    if (!s.is_object()) return Unusable(path, "is damaged");
    records[i].request_id = Text(s, "request_id");
    records[i].done = Flag(s, "done");
    records[i].output_url = Text(s, "output_url");
  }
  return SplitState(std::move(path), std::move(arguments), std::move(records));
}

SegmentRecord SplitState::Get(std::size_t index) const {
  std::lock_guard<std::mutex> lock(mu_);
  return segments_.at(index);
}

Result<void> SplitState::Set(std::size_t index, SegmentRecord record) {
  std::lock_guard<std::mutex> lock(mu_);
  segments_.at(index) = std::move(record);
  return WriteLocked();
}

Result<void> SplitState::WriteLocked() const {
  Json j = {{"format", kFormat}, {"arguments", arguments_}, {"segments", Json::array()}};
  for (const SegmentRecord& r : segments_) {
    j["segments"].push_back({{"request_id", r.request_id}, {"done", r.done}, {"output_url", r.output_url}});
  }
  const fs::path final_path = fs::u8path(path_);
  const fs::path temp = fs::u8path(path_ + ".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << internal::DumpJson(j) << "\n";
    out.flush();
    if (!out) return Error(ErrorCode::kUnavailable, "cannot write the state file " + path_ + ".tmp");
  }
  std::error_code ec;
  fs::rename(temp, final_path, ec);  // replaces the old file in one step
  if (ec)
    return Error(ErrorCode::kUnavailable, "cannot replace the state file " + path_ + ": " + ec.message());
  return {};
}

void SplitState::Remove() const {
  std::error_code ec;
  fs::remove(fs::u8path(path_), ec);
}

}  // namespace fal::long_clip
