// Text that is not UTF-8 never takes a program down: a caller's body, JSON input, prompt, extra_json, LoRA
// path or header with such bytes is a clear kInvalidArgument (nothing sent) or passes as bytes where HTTP
// allows it; a server answer with such bytes is kMalformedResponse. The policy: docs/errors-and-retries.md.
#include "internal/utf8.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "fake_client.hpp"
#include "fal/json.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "fal/ltx/text_to_video.hpp"
#include "internal/json_text.hpp"

namespace fal {
namespace {

using test::FakeClient;
using ::testing::HasSubstr;

constexpr const char* kSubmitOk = R"({"request_id":"req-1"})";
const std::string kLatin1 = "caf\xE9 cr\xE8me";  // "café crème" in Latin-1: not UTF-8

struct Utf8Case {
  const char* name;
  std::string text;
  std::optional<std::size_t> first_invalid;
};

void PrintTo(const Utf8Case& c, std::ostream* os) { *os << c.name; }

class FirstInvalidUtf8 : public ::testing::TestWithParam<Utf8Case> {};

TEST_P(FirstInvalidUtf8, FindsTheFirstIllFormedByte) {
  EXPECT_EQ(internal::FirstInvalidUtf8(GetParam().text), GetParam().first_invalid);
  // Replacing leaves valid text alone and always gives valid text.
  const std::string replaced = internal::ReplaceInvalidUtf8(GetParam().text);
  EXPECT_FALSE(internal::FirstInvalidUtf8(replaced));
  if (!GetParam().first_invalid) {
    EXPECT_EQ(replaced, GetParam().text);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Utf8, FirstInvalidUtf8,
    ::testing::Values(Utf8Case{"Empty", "", std::nullopt}, Utf8Case{"Ascii", "render.mp4", std::nullopt},
                      Utf8Case{"TwoBytes", "caf\xC3\xA9", std::nullopt},
                      Utf8Case{"ThreeBytes", "\xE2\x82\xAC 5", std::nullopt},
                      Utf8Case{"FourBytes", "\xF0\x9F\x8E\xAC", std::nullopt},
                      Utf8Case{"Latin1", "caf\xE9", 3}, Utf8Case{"LoneContinuation", "a\x80", 1},
                      Utf8Case{"ByteFF", "bad\xFF\xFEname.mp4", 3}, Utf8Case{"OverlongTwo", "\xC0\xAF", 0},
                      Utf8Case{"OverlongThree", "x\xE0\x80\xAF", 1}, Utf8Case{"Surrogate", "\xED\xA0\x80", 0},
                      Utf8Case{"AboveMax", "\xF4\x90\x80\x80", 0}, Utf8Case{"Truncated", "ok\xE2\x82", 2},
                      Utf8Case{"BadContinuation", "\xE2\x28\xA1", 0}),
    [](const ::testing::TestParamInfo<Utf8Case>& info) { return std::string(info.param.name); });

TEST(Utf8, ReplacementMarksEachBadByteAndTheDescriptionNamesIt) {
  EXPECT_EQ(internal::ReplaceInvalidUtf8("a\xFF\xFE"
                                         "b"),
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(internal::DescribeInvalidUtf8(kLatin1, 3), "byte 0xE9 at offset 3 (after \"caf\")");
}

TEST(Utf8, JsonSerialisationNeverThrows) {
  nlohmann::json j = {{"file_name", "bad\xFF\xFEname.mp4"}, {"bad\xC0key", 1}};
  const std::string text = internal::DumpJson(j);
  EXPECT_FALSE(internal::FirstInvalidUtf8(text));
  EXPECT_THAT(text, HasSubstr("bad\xEF\xBF\xBD\xEF\xBF\xBDname.mp4"));
}

TEST(Utf8, AGenericBodyThatIsNotUtf8IsRejectedBeforeSending) {
  FakeClient f;
  auto job = f.client.Submit("fal-ai/flux", "{\"prompt\":\"" + kLatin1 + "\"}");
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(job.error().message(),
              HasSubstr("not valid UTF-8, so nothing was sent: byte 0xE9 at offset 14"));
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(Utf8, AJsonInputWithABadStringOrKeyIsRejectedByName) {
  FakeClient f;
  auto job = SubmitJson(f.client, "fal-ai/flux", {{"prompt", kLatin1}});
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(job.error().message(), HasSubstr("input.prompt is not valid UTF-8: byte 0xE9 at offset 3"));
  auto out = SubscribeJson(f.client, "fal-ai/flux", {{"loras", {{{"p\xFF", "x"}}}}});
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.error().message(), HasSubstr("a key of input.loras.0 is not valid UTF-8"));
  EXPECT_TRUE(f.fake->requests().empty());
}

ltx::RenderToRealInput RenderWithPrompt(std::string prompt) {
  ltx::RenderToRealInput in;
  in.video_url = "https://example.com/render.mp4";
  in.prompt = std::move(prompt);
  return in;
}

TEST(Utf8, ATypedPromptThatIsNotUtf8IsAFieldError) {
  FakeClient f;
  auto job = f.client.Submit(RenderWithPrompt("3DREAL. " + kLatin1));
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(job.error().field_errors().size(), 1u);
  EXPECT_EQ(job.error().field_errors()[0].Path(), "prompt");
  EXPECT_EQ(job.error().field_errors()[0].type, "utf8_invalid");
  EXPECT_THAT(job.error().field_errors()[0].msg, HasSubstr("byte 0xE9 at offset 11"));
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(Utf8, UnderWarnTheTypedBodyIsSentWithReplacementCharacters) {
  FakeClient f;
  f.fake->EnqueueResponse(200, kSubmitOk);
  SubmitOptions o;
  o.validation = ValidationMode::kWarn;
  auto job = f.client.Submit(RenderWithPrompt("3DREAL. " + kLatin1), o);
  ASSERT_TRUE(job.ok()) << job.error().ToString();
  ASSERT_EQ(f.fake->requests().size(), 1u);
  EXPECT_THAT(f.fake->requests()[0].body, HasSubstr("3DREAL. caf\xEF\xBF\xBD cr\xEF\xBF\xBDme"));
}

TEST(Utf8, ExtraJsonThatIsNotUtf8IsNamed) {
  FakeClient f;
  ltx::RenderToRealInput in = RenderWithPrompt("3DREAL. a harbor");
  in.extra_json = "{\"note\":\"" + kLatin1 + "\"}";
  auto job = f.client.Submit(in);
  ASSERT_FALSE(job.ok());
  ASSERT_EQ(job.error().field_errors().size(), 1u);
  EXPECT_EQ(job.error().field_errors()[0].Path(), "extra_json");
  EXPECT_THAT(job.error().field_errors()[0].msg,
              HasSubstr("extra_json is not valid UTF-8: byte 0xE9 at offset 12"));
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(Utf8, ALoraPathThatIsNotUtf8IsNamed) {
  FakeClient f;
  ltx::TextToVideoLoraInput in;
  in.prompt = "a harbor at dawn";
  ltx::LoraInput lora;
  lora.path = "https://example.com/l\xE9gende.safetensors";
  in.loras.push_back(lora);
  auto job = f.client.Submit(in);
  ASSERT_FALSE(job.ok());
  bool named = false;
  for (const FieldError& e : job.error().field_errors())
    named = named || (e.Path() == "loras.0.path" && e.type == "utf8_invalid");
  EXPECT_TRUE(named) << job.error().ToString();
  EXPECT_TRUE(f.fake->requests().empty());
}

TEST(Utf8, AHeaderValueWithLatin1BytesIsSentAsBytes) {
  FakeClient f;
  f.fake->EnqueueResponse(200, kSubmitOk);
  SubmitOptions o;
  o.extra_headers = {{"x-render-node", "n\xE9ud-7"}};
  ASSERT_TRUE(f.client.Submit("fal-ai/flux", "{}", o).ok());
  EXPECT_EQ(http::FindHeader(f.fake->requests().at(0).headers, "x-render-node"), "n\xE9ud-7");
}

TEST(Utf8, AHeaderThatWouldSplitTheRequestIsRejected) {
  FakeClient f;
  SubmitOptions o;
  o.extra_headers = {{"x-note", "a\r\nAuthorization: Key stolen"}};
  auto job = f.client.Submit("fal-ai/flux", "{}", o);
  ASSERT_FALSE(job.ok());
  EXPECT_EQ(job.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(job.error().message(), HasSubstr("x-note to a value with a line break"));
  o.extra_headers = {{"x n\xFF", "1"}};
  auto named = f.client.Submit("fal-ai/flux", "{}", o);
  ASSERT_FALSE(named.ok());
  EXPECT_THAT(named.error().message(), HasSubstr("not a valid HTTP header name"));
  EXPECT_TRUE(f.fake->requests().empty());
}

class ServerAnswer : public ::testing::TestWithParam<int> {};

// Each of the queue's answers, with bytes that are not UTF-8 inside a JSON string.
TEST_P(ServerAnswer, ThatIsNotUtf8IsMalformedOrAnError) {
  FakeClient f;
  const std::string bad =
      "{\"request_id\":\"req-1\",\"status\":\"COMPLETED\",\"detail\":\"" + kLatin1 + "\"}";
  const int status = GetParam();
  f.fake->EnqueueResponse(status, bad, test::FalId());
  auto job = f.client.Submit("fal-ai/flux", "{}");
  ASSERT_FALSE(job.ok());
  const std::string shown = job.error().ToString();  // builds its text without throwing
  EXPECT_FALSE(shown.empty());
  if (status == 200) {  // an accepted submit whose answer is unreadable may have made a job
    EXPECT_EQ(job.error().code(), ErrorCode::kAmbiguousSubmit);
  }
  if (status == 422) {
    EXPECT_EQ(job.error().code(), ErrorCode::kInvalidArgument);
  }
}

INSTANTIATE_TEST_SUITE_P(Utf8, ServerAnswer, ::testing::Values(200, 400, 422));

TEST(Utf8, StatusAndResultAnswersThatAreNotUtf8AreMalformed) {
  FakeClient f;
  auto job = f.client.Job("fal-ai/flux", "req-1");
  ASSERT_TRUE(job.ok());
  const std::string status_body = "{\"status\":\"IN_PROGRESS\",\"logs\":[{\"message\":\"" + kLatin1 + "\"}]}";
  const std::string result_body = "{\"video\":{\"url\":\"https://x/" + kLatin1 + "\"}}";
  f.fake->SetHandler([&](const http::Request& r) {
    const bool status = r.url.find("/status") != std::string::npos;
    return http::Outcome::Of(http::Response{200, test::FalId(), status ? status_body : result_body});
  });
  auto status = job->Status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kMalformedResponse) << status.error().ToString();
  auto raw = job->FetchResult();
  if (raw.ok()) {  // kept as sent; parsing it is what fails
    auto parsed = ParseJson(*raw);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code(), ErrorCode::kMalformedResponse);
  } else {
    EXPECT_EQ(raw.error().code(), ErrorCode::kMalformedResponse) << raw.error().ToString();
  }
}

}  // namespace
}  // namespace fal
