// Webhook deliveries: when a job submitted with ?fal_webhook= completes, the payload fal-protocol.md 3.6
// describes is POSTed there, signed (webhook_signer.hpp), and redelivered with exponential backoff on a
// non-2xx answer or a transport error, a bounded number of times. Only http URLs on loopback hosts are
// delivered: the emulator never reaches outside the machine.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fault_injector.hpp"
#include "journal.hpp"
#include "stats.hpp"
#include "stop_signal.hpp"
#include "time_util.hpp"
#include "webhook_signer.hpp"

namespace fal::emulator {

struct WebhookSettings {
  int attempts = 5;
  std::chrono::milliseconds backoff{1000};
  std::string user_id = "emulator-user";
};

// Splits http://host[:port]/path?query for a loopback host; empty for anything else.
struct LoopbackTarget {
  std::string host;
  int port = 80;
  std::string path_and_query;
};
std::optional<LoopbackTarget> ParseLoopbackUrl(const std::string& url);

class WebhookDispatcher {
 public:
  WebhookDispatcher(WebhookSettings settings, const WebhookSigner& signer, FaultInjector& faults,
                    Stats& stats, Journal* journal, const StopSignal& stop);
  ~WebhookDispatcher();
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void Start();
  void Stop();

  // Queues the delivery of `body` for job `request_id`. Returns false (and sends nothing) when the URL
  // is not an http URL on a loopback host.
  bool Deliver(const std::string& url, const std::string& request_id, std::string body);
  // Drops deliveries not yet made (POST /_emulator/reset).
  void Clear();

 private:
  struct Delivery {
    LoopbackTarget target;
    std::string request_id;
    std::string body;
    int attempt = 0;
    SteadyTime due;
    std::optional<Fault> fault;
  };

  void Loop();
  // One attempt; returns the HTTP status answered, 0 on a transport error.
  int Send(const Delivery& delivery);

  const WebhookSettings settings_;
  const WebhookSigner& signer_;
  std::unique_ptr<WebhookSigner> wrong_signer_;  // for bad-signature faults
  FaultInjector& faults_;
  Stats& stats_;
  Journal* journal_;
  const StopSignal& stop_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Delivery> pending_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fal::emulator
