// --journal FILE: one JSON line per request the emulator answered (and per webhook it sent), so tests
// and benchmarks can count attempts, retries and duplicates from the server's side. Authorization
// values are replaced by a hash (equal keys stay recognisably equal) and upload signatures are masked.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace fal::emulator {

struct JournalEntry {
  std::string direction = "in";  // "in": a request answered; "out": a webhook delivery attempt
  std::string method;
  std::string path;
  std::string query;
  std::string route;
  std::vector<std::pair<std::string, std::string>> headers;
  std::uint64_t body_size = 0;
  std::string body_sha256;
  int status = 0;     // 0: no answer (connection reset)
  std::string fault;  // the fault rule applied, empty when none
  std::string request_id;
  // Submits: the names of the body's top-level fields (never their values), so that a test can see which
  // optional inputs a client sent (a chained long clip's image_url).
  std::vector<std::string> body_fields;
};

// Lines are formatted on the calling thread and written by a writer thread, so no request thread ever
// holds a lock across file I/O. Destruction writes what is left.
class Journal {
 public:
  static std::unique_ptr<Journal> Open(const std::string& path, std::string* error);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  void Write(const JournalEntry& entry);

 private:
  explicit Journal(std::FILE* file);
  void WriterLoop();

  std::FILE* file_;
  std::mutex mutex_;
  std::condition_variable pending_;
  std::vector<std::string> lines_;
  bool closing_ = false;
  std::thread writer_;
};

// "sha256:" and the first 16 hex digits of the value's SHA-256.
std::string RedactSecret(const std::string& value);

}  // namespace fal::emulator
