// falcpp::testing from a user's point of view: a client on the fake transport, no network.
#include <fal/client.hpp>
#include <fal/testing/fake_transport.hpp>
#include <iostream>

int main() {
  auto fake = std::make_shared<fal::testing::FakeTransport>();
  fake->EnqueueResponse(200, R"({"request_id":"req-1","status":"IN_QUEUE"})");
  fal::ClientOptions options;
  options.transport = fake;
  options.use_environment = false;
  options.credentials = fal::Credentials("test-key");
  fal::Client client(options);
  auto job =
      client.Submit("fal-ai/ltx-2.3-quality/render-to-real", R"({"video_url":"https://x.test/v.mp4"})");
  if (!job || job->request_id() != "req-1") {
    std::cerr << (job ? "wrong request id" : job.error().ToString()) << "\n";
    return 1;
  }
  std::cout << "fake transport saw " << fake->requests().size() << " request(s)\n";
}
