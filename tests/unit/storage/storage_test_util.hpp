#pragma once
// Shared pieces of the storage unit tests: a scratch directory, a fake storage server for the
// FakeTransport, and a client on a ManualTransport.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "fal/client.hpp"
#include "fal/testing/fake_transport.hpp"
#include "support/manual_transport.hpp"
#include "unit/core/fake_client.hpp"

namespace fal::test {

constexpr const char* kUploadUrl = "https://upload.example/u/1?sig=abc";
constexpr const char* kFileUrl = "https://cdn.example/files/f1";

/// Options that pin the storage initiate protocol, for the tests of that protocol: the client's default is
/// CDN v3 (docs/adr/0009-cdn-v3-uploads-by-default.md).
inline ClientOptions StorageInitiate(ClientOptions o = {}) {
  o.upload_protocol = UploadProtocol::kStorageInitiate;
  return o;
}

/// A fresh directory under the test temp dir, removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::path(::testing::TempDir()) /
            ("falcpp-storage-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  std::filesystem::path Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path_ / name, std::ios::binary) << bytes;
    return path_ / name;
  }
  /// The names of the files in the directory.
  std::vector<std::string> Names() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path_))
      out.push_back(e.path().filename().string());
    return out;
  }

 private:
  std::filesystem::path path_;
};

inline std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string Pattern(std::size_t n, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>('a' + rng() % 26);
  return s;
}

/// fal's storage over the FakeTransport: initiate, single PUT, parts, complete. Failures can be scripted
/// per part.
class FakeStorage {
 public:
  explicit FakeStorage(std::string upload_url = kUploadUrl) : upload_url_(std::move(upload_url)) {}

  /// Part `n` answers `status` for its next `times` attempts.
  void FailPart(int n, int status, int times = 1) {
    std::lock_guard<std::mutex> lock(mu_);
    part_failures_[n] = {status, times};
  }

  testing::FakeTransport::Handler Handler() {
    return [this](const http::Request& r) { return Answer(r); };
  }

 private:
  http::Outcome Answer(const http::Request& r) {
    auto respond = [](int status, std::string body) {
      return http::Outcome::Of(http::Response{status, {}, std::move(body)});
    };
    if (r.url.find("/storage/upload/initiate") != std::string::npos) {
      return respond(200, R"({"upload_url":")" + upload_url_ + R"(","file_url":")" + kFileUrl + R"("})");
    }
    const std::string base = upload_url_.substr(0, upload_url_.find('?'));
    const std::string query =
        upload_url_.find('?') == std::string::npos ? "" : upload_url_.substr(upload_url_.find('?'));
    if (r.method == http::Method::kPut && r.url == upload_url_) return respond(200, "");
    if (r.method == http::Method::kPost && r.url == base + "/complete" + query) return respond(200, "{}");
    if (r.method == http::Method::kPut && r.url.rfind(base + "/", 0) == 0) {
      std::string rest = r.url.substr(base.size() + 1);
      rest = rest.substr(0, rest.find('?'));
      const int n = std::stoi(rest);
      {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = part_failures_.find(n);
        if (it != part_failures_.end() && it->second.second > 0) {
          --it->second.second;
          return respond(it->second.first, R"({"detail":"part failed"})");
        }
      }
      return respond(200,
                     R"({"partNumber":)" + std::to_string(n) + R"(,"etag":"e)" + std::to_string(n) + R"("})");
    }
    return respond(404, R"({"detail":"no route"})");
  }

  std::string upload_url_;
  std::mutex mu_;
  std::map<int, std::pair<int, int>> part_failures_;
};

/// Requests whose URL contains `piece`.
inline std::vector<http::Request> RequestsTo(const std::vector<http::Request>& all,
                                             const std::string& piece) {
  std::vector<http::Request> out;
  for (const auto& r : all) {
    if (r.url.find(piece) != std::string::npos) out.push_back(r);
  }
  return out;
}

/// Every request but a storage initiate or a submit must go out without the key.
inline void ExpectKeyOnlyOnApiCalls(const std::vector<http::Request>& all) {
  for (const auto& r : all) {
    const bool api = r.url.find("/storage/upload/initiate") != std::string::npos ||
                     r.url.find("/storage/auth/token") != std::string::npos ||
                     r.url.rfind("https://queue.fal.run/", 0) == 0;
    EXPECT_EQ(http::FindHeader(r.headers, "authorization").has_value(), api)
        << http::ToString(r.method) << " " << r.url;
  }
}

/// A client on a ManualTransport.
struct ManualClient {
  std::shared_ptr<ManualTransport> transport = std::make_shared<ManualTransport>();
  Client client;
  explicit ManualClient(ClientOptions options = {})
      : client([&] {
          options.transport = transport;
          options.use_environment = false;
          if (options.credentials.empty()) options.credentials = Credentials("key-id:key-secret");
          return options;
        }()) {}
};

}  // namespace fal::test
