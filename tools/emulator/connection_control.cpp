#include "connection_control.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

namespace fal::emulator {
namespace {

int PortOf(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  return -1;
}

std::string HostOf(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (address.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(address).sin_addr, text, sizeof text);
  } else if (address.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr, text, sizeof text);
  }
  return text;
}

// Walks /proc/self/fd for the TCP socket whose ends match the connection.
int FindSocket(const ConnectionId& connection) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return -1;
  int found = -1;
  while (dirent* entry = readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (*end != '\0' || fd == dirfd(dir)) continue;
    sockaddr_storage local{};
    sockaddr_storage peer{};
    socklen_t local_size = sizeof local;
    socklen_t peer_size = sizeof peer;
    if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &local_size) != 0) continue;
    if (PortOf(local) != connection.local_port) continue;
    if (getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0) continue;
    if (PortOf(peer) != connection.remote_port || HostOf(peer) != connection.remote_addr) continue;
    found = static_cast<int>(fd);
    break;
  }
  closedir(dir);
  return found;
}

}  // namespace

int FindConnectionSocket(const ConnectionId& connection) { return FindSocket(connection); }

bool ResetConnection(const ConnectionId& connection) {
  const int fd = FindSocket(connection);
  if (fd < 0) return false;
  linger abort_on_close{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
  const int placeholder = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (placeholder < 0) {
    shutdown(fd, SHUT_RDWR);
    return true;
  }
  // dup2 closes the socket (the last reference, so with linger 0 the kernel sends RST) and leaves fd
  // valid, pointing at /dev/null, for httplib to close later.
  dup2(placeholder, fd);
  close(placeholder);
  return true;
}

bool CloseConnection(const ConnectionId& connection) {
  const int fd = FindSocket(connection);
  if (fd < 0) return false;
  shutdown(fd, SHUT_RDWR);
  return true;
}

}  // namespace fal::emulator
