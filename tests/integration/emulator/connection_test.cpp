// Connections: cpp-httplib's polling keep-alive wait and its brotli answers are replaced
// (tools/emulator/httplib_overrides.hpp). A connection idle between two requests still serves the
// second, and nothing is compressed even when the client accepts every encoding.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "emulator_test_util.hpp"

namespace fal::emulator_test {
namespace {

using EmulatorConnectionTest = EmulatorTest;

// Reads one answer with a Content-Length body from a kept-alive connection; empty on error.
std::string ReadOneAnswer(int fd) {
  std::string in;
  char buffer[4096];
  for (;;) {
    const auto head_end = in.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      const auto at = in.find("Content-Length: ");
      const std::size_t length = at == std::string::npos ? 0 : std::stoul(in.substr(at + 16));
      if (in.size() >= head_end + 4 + length) return in;
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 5000) <= 0) return "";
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return "";
    in.append(buffer, static_cast<std::size_t>(n));
  }
}

TEST_F(EmulatorConnectionTest, KeptAliveConnectionsServeAfterIdlingAndAnswersAreUncompressed) {
  EXPECT_EQ(Stats()["httplib_overrides"], true);
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(emulator().port()));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string request =
      "GET /_emulator/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: deflate, gzip, br, zstd\r\n\r\n";
  for (int round = 0; round < 2; ++round) {
    if (round == 1) std::this_thread::sleep_for(std::chrono::milliseconds(50));  // idle between requests
    ASSERT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    const std::string answer = ReadOneAnswer(fd);
    ASSERT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << "round " << round << ": " << answer;
    EXPECT_EQ(answer.find("Content-Encoding"), std::string::npos) << answer;
    EXPECT_EQ(ParseJson(AfterHeaders(answer))["httplib_overrides"], true);
  }
  close(fd);
}

}  // namespace
}  // namespace fal::emulator_test
