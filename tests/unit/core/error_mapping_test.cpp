#include "internal/error_mapping.hpp"

#include <gtest/gtest.h>

namespace fal::internal {
namespace {

http::Response R(int status, std::string body, http::Headers h = {}) {
  return http::Response{status, std::move(h), std::move(body)};
}

TEST(ErrorFromResponse, DetailListBecomesFieldErrors) {
  Error e = ErrorFromResponse(
      R(422,
        R"({"detail":[{"loc":["body","num_frames"],"msg":"too many","type":"less_than_equal","ctx":{"le":481}},)"
        R"({"loc":["body","loras",0,"scale"],"msg":"bad","type":"value_error"}]})",
        {{"x-fal-request-id", "abc"}}),
      "submit to fal-ai/x");
  EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.http_status(), 422);
  EXPECT_EQ(e.request_id(), "abc");
  ASSERT_EQ(e.field_errors().size(), 2u);
  EXPECT_EQ(e.field_errors()[0], (FieldError{{"body", "num_frames"}, "too many", "less_than_equal"}));
  EXPECT_EQ(e.field_errors()[1].loc, (std::vector<std::string>{"body", "loras", "0", "scale"}));
  EXPECT_EQ(e.field_errors()[1].Path(), "loras.0.scale");
  EXPECT_NE(e.message().find("fix the fields"), std::string::npos);
}

TEST(ErrorFromResponse, StringDetailIsOneBodyFieldError) {
  Error e = ErrorFromResponse(R(422, R"({"detail":"Prompt must be non-empty"})"), "submit");
  ASSERT_EQ(e.field_errors().size(), 1u);
  EXPECT_EQ(e.field_errors()[0], (FieldError{{"body"}, "Prompt must be non-empty", "value_error"}));
  EXPECT_NE(e.message().find("Prompt must be non-empty"), std::string::npos);
}

// fal's 401 and 404 carry a string detail too; it is the message, not a field's problem.
TEST(ErrorFromResponse, AStringDetailOfA401Or404IsNoFieldError) {
  Error e = ErrorFromResponse(R(401, R"({"detail":"No user found for Key ID and Secret"})"), "submit");
  EXPECT_EQ(e.code(), ErrorCode::kUnauthenticated);
  EXPECT_TRUE(e.field_errors().empty());
  EXPECT_EQ(e.ToString().find("value_error"), std::string::npos) << e.ToString();
  EXPECT_EQ(e.advice(), Advice::kSetCredentials);
  EXPECT_EQ(e.summary(), "submit failed with HTTP 401: No user found for Key ID and Secret");
  EXPECT_EQ(e.message(), e.summary() + "; " + std::string(AdviceText(Advice::kSetCredentials)));

  Error missing = ErrorFromResponse(R(404, R"({"detail":"Request not found"})"), "status");
  EXPECT_TRUE(missing.field_errors().empty());
  EXPECT_EQ(missing.advice(), Advice::kCheckRequestId);
  Error unknown_app =
      ErrorFromResponse(R(404, R"({"detail":"Application not found"})"), "submit", Advice::kCheckEndpointId);
  EXPECT_EQ(unknown_app.advice(), Advice::kCheckEndpointId);
  EXPECT_EQ(unknown_app.message().find("request id"), std::string::npos) << "a submit has no request id yet";
}

TEST(ErrorAdvice, SummaryIsTheMessageWithoutItsFix) {
  Error plain(ErrorCode::kInternal, "something broke");
  EXPECT_EQ(plain.advice(), Advice::kNone);
  EXPECT_EQ(plain.summary(), "something broke");
  Error advised =
      Error(ErrorCode::kInvalidArgument, "the path is a directory").WithAdvice(Advice::kGiveRegularFile);
  EXPECT_EQ(advised.summary(), "the path is a directory");
  EXPECT_EQ(advised.message(),
            "the path is a directory; " + std::string(AdviceText(Advice::kGiveRegularFile)));
  advised.WithAdvice(Advice::kCheckFileUrl);  // replaced, not appended twice
  EXPECT_EQ(advised.message(), "the path is a directory; " + std::string(AdviceText(Advice::kCheckFileUrl)));
  for (int a = 1; a <= static_cast<int>(Advice::kSetOnce); ++a) {
    EXPECT_FALSE(AdviceText(static_cast<Advice>(a)).empty()) << "advice " << a << " has a C++ wording";
  }
}

TEST(ErrorFromResponse, RequestErrorShapeWithErrorType) {
  Error e = ErrorFromResponse(
      R(503, R"({"detail":"Runner disconnected","error_type":"runner_disconnected"})"), "status");
  EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(e.error_type(), "runner_disconnected");
  EXPECT_TRUE(e.field_errors().empty());
  EXPECT_NE(e.message().find("Runner disconnected"), std::string::npos);
}

TEST(ErrorFromResponse, ErrorTypeHeaderIsTheFallback) {
  Error e =
      ErrorFromResponse(R(504, R"({"detail":"timed out"})", {{"X-Fal-Error-Type", "request_timeout"}}), "x");
  EXPECT_EQ(e.error_type(), "request_timeout");
  Error body_wins = ErrorFromResponse(
      R(504, R"({"detail":"t","error_type":"startup_timeout"})", {{"X-Fal-Error-Type", "h"}}), "x");
  EXPECT_EQ(body_wins.error_type(), "startup_timeout");
}

TEST(ErrorFromResponse, UserStartTimeoutIsDeadlineExceeded) {
  Error e = ErrorFromResponse(R(504, "{}", {{"X-Fal-Request-Timeout-Type", "user"}}), "submit");
  EXPECT_EQ(e.code(), ErrorCode::kDeadlineExceeded);
  EXPECT_NE(e.message().find("start timeout"), std::string::npos);
  // Header values compare as the retry rule compares them: without regard to case.
  Error upper = ErrorFromResponse(R(504, "{}", {{"X-Fal-Request-Timeout-Type", "User"}}), "submit");
  EXPECT_EQ(upper.code(), ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(
      Classify(Operation::kStatus, http::Outcome::Of(R(504, "{}", {{"x-fal-request-timeout-type", "USER"}}))),
      Verdict::kFinal);
}

TEST(ErrorFromResponse, HtmlFromAProxyGivesStatusAndExcerpt) {
  std::string html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>" + std::string(5000, 'x') +
                     "</body></html>";
  Error e = ErrorFromResponse(R(502, html), "status of fal-ai/x request r");
  EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(e.http_status(), 502);
  EXPECT_NE(e.message().find("<title>502 Bad Gateway</title>"), std::string::npos);
  EXPECT_LT(e.message().size(), 600u);
}

TEST(ErrorFromResponse, GarbageBodiesNeverCrash) {
  for (std::string body :
       {std::string("{"), std::string("[1,2]"), std::string("null"), std::string("\x01\x02\xff", 3),
        std::string(R"({"detail":5})"), std::string(R"({"detail":[1,"x",null]})")}) {
    Error e = ErrorFromResponse(R(500, body), "x");
    EXPECT_EQ(e.code(), ErrorCode::kUnavailable) << body;
  }
}

TEST(ErrorFromResponse, RetryAfterIsKept) {
  Error e = ErrorFromResponse(R(429, "{}", {{"Retry-After", "3"}}), "x");
  EXPECT_EQ(e.code(), ErrorCode::kRateLimited);
  ASSERT_TRUE(e.retry_after());
  EXPECT_EQ(*e.retry_after(), std::chrono::milliseconds(3000));
}

struct CodeCase {
  int status;
  ErrorCode code;
};
class StatusCodes : public ::testing::TestWithParam<CodeCase> {};
TEST_P(StatusCodes, MapToActionableCodes) {
  EXPECT_EQ(ErrorFromResponse(R(GetParam().status, ""), "x").code(), GetParam().code);
}
INSTANTIATE_TEST_SUITE_P(
    Table, StatusCodes,
    ::testing::Values(CodeCase{400, ErrorCode::kInvalidArgument}, CodeCase{401, ErrorCode::kUnauthenticated},
                      CodeCase{403, ErrorCode::kPermissionDenied}, CodeCase{404, ErrorCode::kNotFound},
                      CodeCase{408, ErrorCode::kDeadlineExceeded}, CodeCase{422, ErrorCode::kInvalidArgument},
                      CodeCase{429, ErrorCode::kRateLimited}, CodeCase{499, ErrorCode::kCancelled},
                      CodeCase{500, ErrorCode::kUnavailable}, CodeCase{503, ErrorCode::kUnavailable}));

TEST(ErrorFromNetwork, SubmitAfterSendIsAmbiguous) {
  using Kind = http::NetworkError::Kind;
  Error e =
      ErrorFromNetwork({Kind::kConnectionLost, "reset", true}, "submit to fal-ai/x", Operation::kSubmit);
  EXPECT_EQ(e.code(), ErrorCode::kAmbiguousSubmit);
  EXPECT_NE(e.message().find("may have created the job"), std::string::npos);
  EXPECT_EQ(ErrorFromNetwork({Kind::kCancelled, "", true}, "submit", Operation::kSubmit).code(),
            ErrorCode::kAmbiguousSubmit);
  EXPECT_EQ(ErrorFromNetwork({Kind::kConnectFailed, "refused", false}, "submit", Operation::kSubmit).code(),
            ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorFromNetwork({Kind::kConnectionLost, "reset", true}, "status", Operation::kStatus).code(),
            ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorFromNetwork({Kind::kTimeout, "slow", true}, "status", Operation::kStatus).code(),
            ErrorCode::kDeadlineExceeded);
  EXPECT_EQ(ErrorFromNetwork({Kind::kCancelled, "", false}, "status", Operation::kStatus).code(),
            ErrorCode::kCancelled);
}

TEST(Excerpt, OneLineOfValidUtf8) {
  EXPECT_EQ(Excerpt("caf\xc3\xa9\r\n\t \xff x\x01y"), "caf\xc3\xa9 ? xy");
  EXPECT_EQ(Excerpt("\xed\xa0\x80 \xc0\xaf"), "??? ??");  // a surrogate and an overlong '/' are not UTF-8
  EXPECT_EQ(Excerpt("ab\xe2\x9c\x93", 3), "ab...");       // never cut inside a character
  EXPECT_EQ(Excerpt("abc   ", 3), "abc");
  EXPECT_EQ(Excerpt(std::string(300, 'x')).size(), 203u);
}

}  // namespace
}  // namespace fal::internal
