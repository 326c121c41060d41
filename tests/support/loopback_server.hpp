// A cpp-httplib server on 127.0.0.1 and a free port, on its own thread: for tests that need a server
// fal-emulator cannot play (a second host for redirects, an answer that never ends).
#pragma once

#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

namespace fal::test_support {

class LoopbackServer {
 public:
  LoopbackServer() {
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

  httplib::Server& server() { return server_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string url(const std::string& path) const { return base_url() + path; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace fal::test_support
