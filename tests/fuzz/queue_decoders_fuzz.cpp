// fal's answers as falcpp decodes them (src/internal/queue_protocol.hpp, error_mapping.hpp): submit,
// status (HTTP and stream events), cancel and result answers, error bodies and network failures, from
// arbitrary bytes. Nothing crashes, a decoded value is consistent, and what goes into a message is bounded.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "internal/error_mapping.hpp"
#include "internal/queue_protocol.hpp"

namespace {

using namespace fal;
using namespace fal::internal;

constexpr int kStatuses[] = {200, 202, 400, 401, 403, 404, 408, 409, 410,
                             413, 422, 429, 499, 500, 502, 503, 504, 520};

// An independent check of UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF.
bool ValidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    unsigned cp = 0;
    std::size_t n = 0;
    if (c < 0x80)
      cp = c, n = 1;
    else if ((c & 0xe0) == 0xc0)
      cp = c & 0x1f, n = 2;
    else if ((c & 0xf0) == 0xe0)
      cp = c & 0x0f, n = 3;
    else if ((c & 0xf8) == 0xf0)
      cp = c & 0x07, n = 4;
    else
      return false;
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n;
  }
  return true;
}

void CheckExcerpt(std::string_view body) {
  for (std::size_t max : {std::size_t{0}, std::size_t{1}, std::size_t{200}}) {
    std::string e = Excerpt(body, max);
    FUZZ_CHECK(e.size() <= max + 3, "an excerpt longer than asked");
    for (unsigned char c : e) FUZZ_CHECK(c >= 0x20 && c != 0x7f, "a control character in an excerpt");
    FUZZ_CHECK(ValidUtf8(e), "an excerpt that is not UTF-8");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const int status = kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])];
  const std::uint8_t flags = data[1];
  std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);

  http::Response response;
  response.status = status;
  response.body = std::string(body);
  if (flags & 1) response.headers.emplace_back("x-fal-request-id", std::string(body.substr(0, flags >> 2)));
  if (flags & 2) response.headers.emplace_back("Retry-After", std::string(body.substr(0, 40)));
  if (flags & 4) response.headers.emplace_back("X-Fal-Request-Timeout-Type", "user");
  if (flags & 8) response.headers.emplace_back("X-Fal-Error-Type", "runner_disconnected");

  if (auto submit = ParseSubmitAnswer(response, "submit")) {
    FUZZ_CHECK(CheckRequestId(submit->request_id).ok(), "a submit answer with an unusable request id");
  } else {
    FUZZ_CHECK(submit.error().code() == ErrorCode::kAmbiguousSubmit,
               "an unreadable 2xx submit that is not ambiguous");
  }
  std::string status_problem;
  if (auto s = ParseStatus(response, "status", &status_problem)) {
    FUZZ_CHECK(
        (s->state == JobState::kUnknown) ==
            (s->raw_state != "IN_QUEUE" && s->raw_state != "IN_PROGRESS" && s->raw_state != "COMPLETED"),
        "a state that does not match its raw string");
    FUZZ_CHECK(status_problem.empty(), "a status answer both usable and not");
  } else {
    FUZZ_CHECK(!status_problem.empty(), "an unusable status answer without a problem");
  }
  (void)ParseStatusJson(body);
  if (auto cancel = ParseCancelAnswer(response, "cancel"); !cancel) {
    FUZZ_CHECK(cancel.error().http_status() == status, "a cancel error without its status");
  }
  if (auto result = ParseResultAnswer(response, "result", "r")) {
    FUZZ_CHECK(ResultAnswerProblem(response).empty(), "an output that is not JSON");
  }

  Error e = ErrorFromResponse(response, "call");
  FUZZ_CHECK(e.http_status() == status, "an error without its HTTP status");
  if (auto ra = e.retry_after()) FUZZ_CHECK(ra->count() >= 0, "a negative Retry-After");
  (void)e.ToString();
  (void)FieldErrorsFromBody(body);
  (void)MalformedResponse(response, "call", "problem").ToString();
  CheckExcerpt(body);

  http::NetworkError net{static_cast<http::NetworkError::Kind>(flags % 8), std::string(body.substr(0, 64)),
                         (flags & 16) != 0};
  for (Operation op : {Operation::kSubmit, Operation::kStatus, Operation::kResult, Operation::kDownload}) {
    Error n = ErrorFromNetwork(net, "call", op);
    if (op == Operation::kSubmit && net.request_sent && net.kind != http::NetworkError::Kind::kRejected) {
      FUZZ_CHECK(n.code() == ErrorCode::kAmbiguousSubmit,
                 "a sent submit without an answer that is not ambiguous");
    }
    Verdict v = Classify(op, http::Outcome::Of(net));
    if (op == Operation::kSubmit) {
      FUZZ_CHECK(v != Verdict::kRetry || !net.request_sent, "a submit resent after it may have reached fal");
    }
  }
  return 0;
}
