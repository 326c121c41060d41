// A cpp-httplib server on 127.0.0.1 and a free port, on its own threads: for tests that need a server
// fal-emulator cannot play (a second host for redirects, an answer that never ends).
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace fal::test_support {

class LoopbackServer {
 public:
  using Routes = std::function<void(httplib::Server&)>;

  /// `routes` registers the handlers, before the server's threads start. ThreadSanitizer cannot see the
  /// order a socket gives (an answered request means its handler ran), and Debian's httplib is not
  /// instrumented: so whatever a handler captures must exist before the server does, nothing is registered
  /// later, and what a handler writes for the test to read goes through an atomic or a mutex.
  explicit LoopbackServer(const Routes& routes = {}) {
    if (routes) routes(server_);
    server_.new_task_queue = [] { return new httplib::ThreadPool(16); };
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string url(const std::string& path) const { return base_url() + path; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace fal::test_support
