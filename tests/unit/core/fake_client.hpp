#pragma once
// A Client wired to a FakeTransport, with the environment ignored and a fixed jitter seed.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fal/client.hpp"
#include "fal/testing/fake_transport.hpp"

namespace fal::test {

struct FakeClient {
  std::shared_ptr<testing::FakeTransport> fake = std::make_shared<testing::FakeTransport>();
  Client client;

  explicit FakeClient(ClientOptions options = {}) : client(Configure(std::move(options), fake)) {}

  static ClientOptions Configure(ClientOptions options, std::shared_ptr<testing::FakeTransport> fake) {
    options.transport = std::move(fake);
    options.use_environment = false;
    if (options.credentials.empty()) options.credentials = Credentials("key-id:key-secret");
    for (RetryPolicy* p : {&options.retry.submit, &options.retry.status, &options.retry.result,
                           &options.retry.cancel, &options.retry.storage}) {
      p->jitter_seed = 42;
    }
    return options;
  }
};

// Options of a client in ValidationMode::kWarn whose warning log lines are appended to `warnings`.
inline ClientOptions WarnModeLoggingTo(std::vector<std::string>& warnings) {
  ClientOptions o;
  o.validation = ValidationMode::kWarn;
  o.log = [&warnings](LogLevel level, std::string_view line) {
    if (level == LogLevel::kWarning) warnings.emplace_back(line);
  };
  return o;
}

inline http::Headers FalId(const std::string& id = "req-1") { return {{"x-fal-request-id", id}}; }

}  // namespace fal::test
