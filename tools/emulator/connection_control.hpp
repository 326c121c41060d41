// Connection-level faults. cpp-httplib does not hand its socket to request handlers, so these find
// the connection's descriptor by its addresses (only on the fault path; normal requests never pay).
#pragma once

#include <httplib.h>

#include <string>

namespace fal::emulator {

// Identifies the TCP connection a request arrived on; copyable so body providers can keep it.
struct ConnectionId {
  std::string remote_addr;
  int remote_port = -1;
  int local_port = -1;

  static ConnectionId Of(const httplib::Request& req) {
    return {req.remote_addr, req.remote_port, req.local_port};
  }
};

// The connection's socket descriptor, or -1. Valid while the request is being handled.
int FindConnectionSocket(const ConnectionId& connection);

// Resets the connection (RST): SO_LINGER 0 and the descriptor swapped for /dev/null, so the socket is
// aborted at once while httplib's later reads and writes fail harmlessly and it closes /dev/null.
bool ResetConnection(const ConnectionId& connection);

// Ends the connection cleanly (FIN) in both directions: the client sees a short body.
bool CloseConnection(const ConnectionId& connection);

}  // namespace fal::emulator
