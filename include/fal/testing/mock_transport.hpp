#pragma once
/// @file
/// fal::testing::MockTransport: a gmock mock of fal::http::Transport, for tests that want expectations on
/// exactly what is sent. Link falcpp::testing and GTest::gmock.

#include <gmock/gmock.h>

#include "fal/http/transport.hpp"

namespace fal::testing {

/// A gmock mock of http::Transport: set expectations with EXPECT_CALL.
///
/// @par Thread safety
/// As gmock mocks are: expectations set before use, calls from any thread.
class MockTransport : public http::Transport {
 public:
  /// Mocked http::Transport::Send.
  MOCK_METHOD(void, Send, (http::Request request, std::function<void(http::Outcome)> done), (override));
  /// Mocked http::Transport::RunAfter.
  MOCK_METHOD(void, RunAfter,
              (std::chrono::milliseconds delay, CancellationToken cancel, std::function<void()> fn),
              (override));
};

}  // namespace fal::testing
