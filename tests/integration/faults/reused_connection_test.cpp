// libcurl re-sends a request by itself when a kept-alive connection dies before any answer byte. For a
// POST that already reached the server (a submit that created a job) that would be a silent duplicate: the
// transport must report the broken connection as "sent", once, and never send the body a second time.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <string>
#include <thread>

#include "fal/http/transport.hpp"

namespace fal::http {
namespace {

// A one-thread HTTP/1.1 server on loopback: answers the first request with keep-alive, then, after reading
// the second, resets the connection (SO_LINGER 0) as a server that crashed after acting on it would, or
// (stall) keeps it open without answering.
class ResettingServer {
 public:
  explicit ResettingServer(bool stall = false) : stall_(stall) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(listener_, 8);
    socklen_t len = sizeof addr;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ResettingServer() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/submit"; }
  int requests() const { return requests_.load(); }

 private:
  // Reads one request (headers and a Content-Length body); false when the connection ended first.
  static bool ReadRequest(int fd) {
    std::string data;
    char buf[4096];
    std::size_t body_at = std::string::npos, length = 0;
    while (body_at == std::string::npos || data.size() < body_at + length) {
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return false;
      data.append(buf, static_cast<std::size_t>(n));
      if (body_at == std::string::npos && (body_at = data.find("\r\n\r\n")) != std::string::npos) {
        body_at += 4;
        auto cl = data.find("Content-Length: ");
        if (cl != std::string::npos) length = std::stoul(data.substr(cl + 16));
      }
    }
    return true;
  }

  void Serve() {
    for (;;) {
      int fd = accept(listener_, nullptr, nullptr);
      if (fd < 0) return;
      while (ReadRequest(fd)) {
        if (++requests_ == 1) {
          const std::string answer =
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n{}";
          send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
          continue;
        }
        if (stall_) {
          char c;
          recv(fd, &c, 1, 0);  // until the client gives up and closes
          break;
        }
        linger reset{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        break;
      }
      close(fd);
    }
  }

  bool stall_ = false;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::thread thread_;
};

Outcome Post(Transport& t, const std::string& url,
             std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  Request r;
  r.timeout = timeout;
  r.method = Method::kPost;
  r.url = url;
  r.body = R"({"prompt":"once"})";
  r.headers = {{"Content-Type", "application/json"}};
  std::promise<Outcome> p;
  t.Send(r, [&p](Outcome o) { p.set_value(std::move(o)); });
  return p.get_future().get();
}

TEST(ReusedConnection, ABodyIsNeverSentTwiceByLibcurl) {
  ResettingServer server;
  CurlTransportOptions one_loop;
  one_loop.threads = 1;
  auto transport = MakeCurlTransport(one_loop);
  Outcome first = Post(*transport, server.url());
  ASSERT_TRUE(first.response);
  Outcome second = Post(*transport, server.url());  // on the kept-alive connection, which the server resets
  ASSERT_TRUE(second.error) << "status " << second.response->status;
  EXPECT_EQ(second.error->kind, NetworkError::Kind::kConnectionLost) << second.error->message;
  EXPECT_TRUE(second.error->request_sent) << "the server got the body: the outcome is unknown, not unsent";
  // The server counts a request before it resets the connection, and the reset is what ended the call: a
  // body sent again would have been counted before the outcome came back. No sleep is needed to see it.
  EXPECT_EQ(server.requests(), 2) << "libcurl sent the body again on a new connection";
}

// A request on a kept-alive connection has no connect time of its own. When its answer never comes, that
// is a timeout after sending (a submit's outcome is unknown), not a connection that was never made (which
// the retry rule treats as safe to resend: it once made a duplicate job in the chaos run).
TEST(ReusedConnection, ATimeoutAfterSendingIsNotAFailedConnect) {
  ResettingServer server(/*stall=*/true);
  CurlTransportOptions one_loop;
  one_loop.threads = 1;
  auto transport = MakeCurlTransport(one_loop);
  ASSERT_TRUE(Post(*transport, server.url()).response);
  Outcome second = Post(*transport, server.url(), std::chrono::milliseconds(300));
  ASSERT_TRUE(second.error);
  EXPECT_EQ(second.error->kind, NetworkError::Kind::kTimeout) << second.error->message;
  EXPECT_TRUE(second.error->request_sent);
  EXPECT_EQ(server.requests(), 2);
}

}  // namespace
}  // namespace fal::http
