#include "journal.hpp"

#include <strings.h>

#include <nlohmann/json.hpp>

#include "crypto.hpp"
#include "time_util.hpp"

namespace fal::emulator {
namespace {

std::string MaskSignature(std::string query) {
  static const std::string kKey = "X-Emulator-Signature=";
  const auto at = query.find(kKey);
  if (at == std::string::npos) return query;
  const auto start = at + kKey.size();
  const auto end = query.find('&', start);
  return query.replace(start, end == std::string::npos ? std::string::npos : end - start, "REDACTED");
}

}  // namespace

std::string RedactSecret(const std::string& value) { return "sha256:" + Sha256Hex(value).substr(0, 16); }

std::unique_ptr<Journal> Journal::Open(const std::string& path, std::string* error) {
  std::FILE* file = std::fopen(path.c_str(), "a");
  if (!file) {
    if (error) *error = "cannot open journal file " + path;
    return nullptr;
  }
  return std::unique_ptr<Journal>(new Journal(file));
}

Journal::Journal(std::FILE* file) : file_(file), writer_([this] { WriterLoop(); }) {}

Journal::~Journal() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  pending_.notify_all();
  writer_.join();
  std::fclose(file_);
}

void Journal::WriterLoop() {
  std::vector<std::string> batch;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    pending_.wait(lock, [this] { return closing_ || !lines_.empty(); });
    batch.swap(lines_);
    const bool closing = closing_;
    lock.unlock();
    for (const auto& line : batch) std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
    batch.clear();
    lock.lock();
    if (closing && lines_.empty()) return;
  }
}

void Journal::Write(const JournalEntry& entry) {
  nlohmann::json headers = nlohmann::json::object();
  for (const auto& [name, value] : entry.headers) {
    const std::string shown = strcasecmp(name.c_str(), "Authorization") == 0 ? RedactSecret(value) : value;
    if (headers.contains(name)) {
      headers[name] = headers[name].get<std::string>() + ", " + shown;
    } else {
      headers[name] = shown;
    }
  }
  nlohmann::json line = {
      {"time", IsoTimestampNow()},
      {"direction", entry.direction},
      {"method", entry.method},
      {"path", entry.path},
      {"query", MaskSignature(entry.query)},
      {"route", entry.route},
      {"headers", std::move(headers)},
      {"body_size", entry.body_size},
      {"body_sha256", entry.body_sha256},
      {"status", entry.status},
      {"fault", entry.fault.empty() ? nlohmann::json(nullptr) : nlohmann::json(entry.fault)}};
  if (!entry.request_id.empty()) line["request_id"] = entry.request_id;
  if (!entry.body_fields.empty()) line["body_fields"] = entry.body_fields;
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  {
    std::lock_guard<std::mutex> lock(mutex_);
    lines_.push_back(std::move(text));
  }
  pending_.notify_one();
}

}  // namespace fal::emulator
