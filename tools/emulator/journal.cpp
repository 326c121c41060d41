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

Journal::~Journal() { std::fclose(file_); }

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
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(text.data(), 1, text.size(), file_);
  std::fflush(file_);
}

}  // namespace fal::emulator
