// Base64 and data URIs: RFC 4648 vectors, round trips at every tail length, and every malformed form with
// the offset and fix its error gives.
#include "fal/data_uri.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

namespace fal {
namespace {

using ::testing::HasSubstr;

std::string RandomBytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded) << plain;
    EXPECT_EQ(Base64Decode(encoded).value(), plain) << encoded;
  }
}

TEST(Base64, AllByteValuesAndAlphabet) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  const std::string encoded = Base64Encode(all);
  EXPECT_EQ(encoded.size(), Base64EncodedSize(256));
  EXPECT_EQ(encoded.substr(0, 8), "AAECAwQF");
  EXPECT_NE(encoded.find('+'), std::string::npos);
  EXPECT_NE(encoded.find('/'), std::string::npos);
  EXPECT_EQ(Base64Decode(encoded).value(), all);
}

TEST(Base64, RoundTripsEveryLengthThroughTheWideLoopAndTheTail) {
  for (std::size_t n = 0; n <= 200; ++n) {
    const std::string bytes = RandomBytes(n, static_cast<unsigned>(n));
    const std::string encoded = Base64Encode(bytes);
    ASSERT_EQ(encoded.size(), Base64EncodedSize(n));
    ASSERT_EQ(Base64Decode(encoded).value(), bytes) << n;
  }
}

struct BadBase64 {
  const char* text;
  const char* expect;  // a piece of the message
};

class Base64Errors : public ::testing::TestWithParam<BadBase64> {};

TEST_P(Base64Errors, AreInvalidArgumentWithOffsetAndFix) {
  auto r = Base64Decode(GetParam().text);
  ASSERT_FALSE(r.ok()) << GetParam().text;
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(r.error().message(), HasSubstr(GetParam().expect)) << r.error().message();
}

INSTANTIATE_TEST_SUITE_P(Cases, Base64Errors,
                         ::testing::Values(BadBase64{"Zm9v!mFy", "'!' at offset 4 is not a base64 character"},
                                           BadBase64{"Zm9v\nYmFy", "a line break (\\n) at offset 4"},
                                           BadBase64{"Zm9v YmE=", "remove whitespace"},
                                           BadBase64{"Zm9v-_Fy", "URL-safe base64"},
                                           BadBase64{"Zm9v%2BFy", "percent-encoded"},
                                           BadBase64{"Zm9", "3 characters long, not a multiple of 4"},
                                           BadBase64{"Zg=", "padding is missing (1 '=' would complete it"},
                                           BadBase64{"Z", "1 characters long"},
                                           BadBase64{"Zg==Zg==", "'=' padding at offset 2 is not at the end"},
                                           BadBase64{"Zm=v", "'=' padding at offset 2 is not at the end"},
                                           BadBase64{"Z===", "'=' padding at offset 1 is not at the end"},
                                           BadBase64{"====", "'=' padding at offset 0"},
                                           BadBase64{"Zm9v\x80mFy", "byte 0x80 at offset 4"}));

TEST(DataUri, EncodeMakesTheStandardForm) {
  EXPECT_EQ(EncodeDataUri("foobar", "text/plain").value(), "data:text/plain;base64,Zm9vYmFy");
  EXPECT_EQ(EncodeDataUri("", "image/png").value(), "data:image/png;base64,");
  EXPECT_EQ(EncodeDataUri("f", "").value(), "data:application/octet-stream;base64,Zg==");
  EXPECT_EQ(EncodeDataUri("f", "text/plain;charset=utf-8").value(),
            "data:text/plain;charset=utf-8;base64,Zg==");
}

TEST(DataUri, EncodeRefusesMediaTypesThatWouldBreakTheUri) {
  for (const char* bad :
       {"image png", "image/png,x", "png", "/png", "image/", "text/plain;charset", "a/b;c=d e"}) {
    auto r = EncodeDataUri("x", bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  }
}

TEST(DataUri, ParseRoundTripsEncode) {
  const std::string bytes = RandomBytes(1000, 7);
  auto uri = ParseDataUri(EncodeDataUri(bytes, "video/mp4").value());
  ASSERT_TRUE(uri.ok()) << uri.error().ToString();
  EXPECT_EQ(uri->media_type, "video/mp4");
  EXPECT_TRUE(uri->base64);
  EXPECT_TRUE(uri->parameters.empty());
  EXPECT_EQ(uri->data, bytes);
}

TEST(DataUri, ParseReadsParametersAndCaseInsensitiveParts) {
  auto uri = ParseDataUri("DATA:Text/Plain;charset=utf-8;BASE64,aGk=");
  ASSERT_TRUE(uri.ok()) << uri.error().ToString();
  EXPECT_EQ(uri->media_type, "text/plain");
  ASSERT_EQ(uri->parameters.size(), 1u);
  EXPECT_EQ(uri->parameters[0], std::make_pair(std::string("charset"), std::string("utf-8")));
  EXPECT_TRUE(uri->base64);
  EXPECT_EQ(uri->data, "hi");
}

TEST(DataUri, EmptyHeaderAndEmptyDataUseRfc2397Defaults) {
  auto uri = ParseDataUri("data:,");
  ASSERT_TRUE(uri.ok()) << uri.error().ToString();
  EXPECT_EQ(uri->media_type, "text/plain");
  ASSERT_EQ(uri->parameters.size(), 1u);
  EXPECT_EQ(uri->parameters[0].second, "US-ASCII");
  EXPECT_FALSE(uri->base64);
  EXPECT_EQ(uri->data, "");

  auto empty64 = ParseDataUri("data:;base64,");
  ASSERT_TRUE(empty64.ok());
  EXPECT_EQ(empty64->media_type, "text/plain");
  EXPECT_TRUE(empty64->base64);
  EXPECT_TRUE(empty64->parameters.empty());
  EXPECT_EQ(empty64->data, "");
}

TEST(DataUri, PercentEncodedFormIsDecoded) {
  auto uri = ParseDataUri("data:text/plain,hello%20world%2C%0A100%25 sure");
  ASSERT_TRUE(uri.ok()) << uri.error().ToString();
  EXPECT_FALSE(uri->base64);
  EXPECT_EQ(uri->data, "hello world,\n100% sure");
}

struct BadUri {
  const char* text;
  const char* expect;
};

class DataUriErrors : public ::testing::TestWithParam<BadUri> {};

TEST_P(DataUriErrors, AreInvalidArgumentSayingWhatAndWhere) {
  auto r = ParseDataUri(GetParam().text);
  ASSERT_FALSE(r.ok()) << GetParam().text;
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(r.error().message(), HasSubstr(GetParam().expect)) << r.error().message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, DataUriErrors,
    ::testing::Values(BadUri{"", "data URI is empty"},
                      BadUri{"https://x/y.png", "does not start with \"data:\""},
                      BadUri{"data:image/png;base64", "has no ',' between its header and its data"},
                      BadUri{"data:png;base64,aGk=", "\"png\" at offset 5 is not of the form type/subtype"},
                      BadUri{"data:image/png;charset;base64,aGk=", "parameter \"charset\" at offset 15"},
                      BadUri{"data:image/png;base64,aGk", "3 characters long"},
                      BadUri{"data:image/png;base64,aG k=", "a space at offset 24"},
                      BadUri{"data:image/png;base64,aGk=aGk=", "'=' padding at offset 25 is not at the end"},
                      BadUri{"data:image/png;base64,aG-_", "URL-safe"},
                      BadUri{"data:image/png;base64,aGk%3D", "percent-encoded"},
                      BadUri{"data:text/plain,50%", "'%' at offset 18 is not followed by two hex digits"},
                      BadUri{"data:text/plain,%zz", "'%' at offset 16"}));

TEST(DataUri, MediaTypeWithASpaceNamesTheOffset) {
  auto r = ParseDataUri("data:image png;base64,aGk=");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message(), HasSubstr("a space at offset 10"));
}

TEST(DataUri, MessagesNeverCopyTheData) {
  const std::string secret = "c2VjcmV0c2VjcmV0c2VjcmV0";  // valid base64 run before the bad byte
  auto r = ParseDataUri("data:image/png;base64," + secret + "!");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message().find(secret), std::string::npos);
}

}  // namespace
}  // namespace fal
