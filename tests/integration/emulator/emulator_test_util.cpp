#include "emulator_test_util.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#if defined(__SANITIZE_THREAD__)
// The tests' httplib clients and webhook receiver run in Debian's uninstrumented cpp-httplib; see the
// same suppression in tools/emulator/main.cpp.
extern "C" const char* __tsan_default_suppressions() { return "called_from_lib:libcpp-httplib.so\n"; }
#endif

namespace fal::emulator_test {

std::vector<std::string> FastArgs(std::vector<std::string> extra) {
  std::vector<std::string> args = {"--queue-ms",     "20", "--run-ms", "60",
                                   "--log-every-ms", "20", "--seed",   "7"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

json MinimalInput(const std::string& endpoint) {
  if (endpoint == kRenderToReal) return {{"video_url", "https://example.com/render.mp4"}};
  if (endpoint == kReferenceVideo) {
    return {{"prompt", "A street at dusk"},
            {"video_url", "https://example.com/render.mp4"},
            {"loras", json::array({{{"path", "https://example.com/lora.safetensors"}, {"scale", 1}}})}};
  }
  if (endpoint == kImageToVideo)
    return {{"prompt", "A lighthouse"}, {"image_url", "https://example.com/frame.png"}};
  if (endpoint == kImageToVideoLora) {
    return {{"prompt", "A lighthouse"},
            {"image_url", "https://example.com/frame.png"},
            {"loras", json::array({{{"path", "https://example.com/lora.safetensors"}, {"scale", 1}}})}};
  }
  if (endpoint == kExtendVideo)
    return {{"prompt", "It goes on"}, {"video_url", "https://example.com/clip.mp4"}};
  if (endpoint == kExtendVideo22b || endpoint == kExtendVideo22bLora) {
    json input = {{"prompt", "It goes on"}, {"video_url", "https://example.com/clip.mp4"}};
    if (endpoint == kExtendVideo22bLora) input["loras"] = json::array({{{"path", ""}, {"scale", 1}}});
    return input;
  }
  if (endpoint == kDayToNight) return {{"video_url", "https://example.com/street.mp4"}};
  if (endpoint == kImageToVideo22b)
    return {{"prompt", "A lighthouse"}, {"image_url", "https://example.com/frame.png"}};
  if (endpoint == kImageToVideo22bLora || endpoint == kDistilledImageToVideoLora) {
    return {{"prompt", "A lighthouse"},
            {"image_url", "https://example.com/frame.png"},
            {"loras", json::array({{{"path", ""}, {"scale", 1}}})}};
  }
  return {{"prompt", "A cowboy walking"}, {"loras", json::array({{{"path", ""}, {"scale", 1}}})}};
}

std::string AppOf(const std::string& endpoint) {
  return endpoint.rfind(k22bApp, 0) == 0 ? k22bApp : kQualityApp;
}

json ParseJson(const std::string& text) {
  json parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded()) ADD_FAILURE() << "not JSON: " << text.substr(0, 200);
  return parsed;
}

std::string HeaderValue(const httplib::Headers& headers, const std::string& name) {
  const auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::int64_t SteadyNowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void EmulatorTest::SetUp() { Restart(FastArgs()); }

void EmulatorTest::Restart(std::vector<std::string> args) {
  client_.reset();
  emulator_.reset();
  emulator_ = std::make_unique<EmulatorProcess>(std::move(args));
  client_ = std::make_unique<httplib::Client>(emulator_->base_url());
  client_->set_keep_alive(true);
  // Headers and body go out in separate writes; without this, Nagle and delayed ACKs add 40 ms each.
  client_->set_tcp_nodelay(true);
  client_->set_read_timeout(std::chrono::seconds(10));
}

std::string EmulatorTest::StatusPath(const std::string& app, const std::string& id) const {
  return "/" + app + "/requests/" + id + "/status";
}

json EmulatorTest::Submit(const std::string& endpoint, const json& input, const std::string& query,
                          const httplib::Headers& headers) {
  auto res = http().Post("/" + endpoint + query, headers, input.dump(), "application/json");
  if (!res) {
    ADD_FAILURE() << "submit failed: " << httplib::to_string(res.error());
    return json();
  }
  EXPECT_EQ(res->status, 200) << res->body;
  return ParseJson(res->body);
}

json EmulatorTest::WaitCompleted(const std::string& app, const std::string& request_id,
                                 std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = http().Get(StatusPath(app, request_id) + "?logs=1");
    if (res && res->status == 200) return ParseJson(res->body);
    if (!res || res->status != 202) {
      ADD_FAILURE() << "status failed: "
                    << (res ? std::to_string(res->status) + " " + res->body : "no answer");
      return json();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ADD_FAILURE() << "job " << request_id << " did not complete in time";
  return json();
}

std::pair<int, json> EmulatorTest::Run(const std::string& endpoint, const json& input) {
  const json submitted = Submit(endpoint, input);
  const std::string id = submitted.value("request_id", "");
  WaitCompleted(AppOf(endpoint), id);
  auto res = http().Get("/" + AppOf(endpoint) + "/requests/" + id);
  if (!res) return {0, json()};
  return {res->status, ParseJson(res->body)};
}

json EmulatorTest::Stats() {
  auto res = http().Get("/_emulator/stats");
  if (!res) return json();
  return ParseJson(res->body);
}

json EmulatorTest::WaitForStat(const std::string& key, std::uint64_t value,
                               std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  json stats = Stats();
  while (stats[key] != value && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    stats = Stats();
  }
  return stats;
}

RawExchange RawRequest(int port, const std::string& request, std::chrono::milliseconds timeout) {
  RawExchange out;
  const auto start = std::chrono::steady_clock::now();
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return out;
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  const auto deadline = start + timeout;
  char buffer[65536];
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      out.timed_out = true;
      break;
    }
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      out.received.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n == 0) {
      out.eof = true;
    } else if (errno == ECONNRESET) {
      out.reset = true;
    }
    break;
  }
  close(fd);
  out.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  return out;
}

std::string AfterHeaders(const std::string& response) {
  const auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : response.substr(end + 4);
}

std::string Base64Decode(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  int bits = 0;
  unsigned buffer = 0;
  for (char c : text) {
    const int v = value(c);
    if (v < 0) continue;
    buffer = ((buffer << 6) | static_cast<unsigned>(v)) & 0xffffffu;  // at most 24 bits are ever pending
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

WebhookReceiver::WebhookReceiver() {
  server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mutex_);
    received_.push_back({req.headers, req.body, req.target, std::chrono::steady_clock::now()});
    int status = 200;
    if (!statuses_.empty()) {
      status = statuses_.front();
      statuses_.erase(statuses_.begin());
    }
    res.status = status;
    res.set_content("{}", "application/json");
    arrived_.notify_all();
  });
  port_ = server_.bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

WebhookReceiver::~WebhookReceiver() {
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  server_.stop();
  thread_.join();
}

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::AnswerWith(std::vector<int> statuses) {
  std::lock_guard<std::mutex> lock(mutex_);
  statuses_ = std::move(statuses);
}

std::vector<WebhookReceiver::Received> WebhookReceiver::WaitFor(std::size_t count,
                                                                std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  arrived_.wait_for(lock, timeout, [&] { return received_.size() >= count; });
  return received_;
}

}  // namespace fal::emulator_test
