// Storage: initiate, signed upload URLs, single and multipart uploads, Range downloads, and the count
// of Authorization headers sent to storage routes (which must stay 0 for a well-behaved client).
#include "emulator_test_util.hpp"

namespace fal::emulator_test {
namespace {

class EmulatorStorageTest : public EmulatorTest {
 protected:
  json Initiate(const std::string& content_type, const std::string& file_name, bool multipart = false) {
    auto res = http().Post(std::string("/storage/upload/") + (multipart ? "initiate-multipart" : "initiate") +
                               "?storage_type=fal-cdn-v3",
                           json{{"content_type", content_type}, {"file_name", file_name}}.dump(),
                           "application/json");
    EXPECT_TRUE(res && res->status == 200);
    return res ? ParseJson(res->body) : json();
  }
  std::string Path(const std::string& url) { return url.substr(base().size()); }
  // {upload path}/{suffix}{query}, the way the JS client builds part and complete URLs.
  std::string Beside(const std::string& upload_url, const std::string& suffix) {
    const std::string path = Path(upload_url);
    const auto query = path.find('?');
    return path.substr(0, query) + "/" + suffix + path.substr(query);
  }
  std::string Upload(const std::string& bytes, const std::string& content_type = "application/octet-stream") {
    const json ticket = Initiate(content_type, "data.bin");
    auto put = http().Put(Path(ticket["upload_url"]), bytes, content_type);
    EXPECT_EQ(put->status, 200);
    return ticket["file_url"];
  }
};

std::string Pattern(std::size_t size, char seed) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>(seed + i * 7 % 251);
  return bytes;
}

TEST_F(EmulatorStorageTest, InitiateAnswersASignedUploadUrlAndAFileUrl) {
  const json ticket = Initiate("image/png", "frame 1.png");
  const std::string upload_url = ticket["upload_url"];
  EXPECT_EQ(upload_url.rfind(base() + "/uploads/", 0), 0u);
  EXPECT_NE(upload_url.find("X-Emulator-Signature="), std::string::npos);
  EXPECT_NE(upload_url.find("X-Emulator-Expires="), std::string::npos);
  const std::string file_url = ticket["file_url"];
  EXPECT_EQ(file_url.rfind(base() + "/files/", 0), 0u);
  EXPECT_NE(file_url.find("frame%201.png"), std::string::npos);
  // Nothing is there until the bytes arrive.
  EXPECT_EQ(http().Get(Path(file_url))->status, 404);
}

TEST_F(EmulatorStorageTest, SingleUploadRoundTrip) {
  const std::string bytes = Pattern(300000, 3);
  const json ticket = Initiate("image/png", "frame.png");
  auto put = http().Put(Path(ticket["upload_url"]), bytes, "image/png");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 200);
  auto get = http().Get(Path(ticket["file_url"]));
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, bytes);
  EXPECT_EQ(get->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(get->get_header_value("Accept-Ranges"), "bytes");
  const json stats = Stats();
  EXPECT_EQ(stats["bytes_uploaded"], bytes.size());
  EXPECT_EQ(stats["requests"]["initiate"], 1);
  EXPECT_EQ(stats["requests"]["upload"], 1);
  EXPECT_EQ(stats["requests"]["file"], 1);
  EXPECT_EQ(stats["authorization_on_storage"], 0);
}

TEST_F(EmulatorStorageTest, UploadUrlsNeedTheirSignature) {
  const json ticket = Initiate("text/plain", "a.txt");
  const std::string path = Path(ticket["upload_url"]);
  const std::string bare = path.substr(0, path.find('?'));
  auto missing = http().Put(bare, "x", "text/plain");
  EXPECT_EQ(missing->status, 403);
  std::string tampered = path;
  tampered[tampered.size() - 1] = tampered.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(http().Put(tampered, "x", "text/plain")->status, 403);
  EXPECT_EQ(http().Put("/uploads/unknown" + path.substr(path.find('?')), "x", "text/plain")->status, 404);
  EXPECT_EQ(http().Put(path, "x", "text/plain")->status, 200);
}

TEST_F(EmulatorStorageTest, AnEmptyFileUploads) {
  const std::string url = Upload("");
  auto get = http().Get(Path(url));
  EXPECT_EQ(get->status, 200);
  EXPECT_TRUE(get->body.empty());
}

TEST_F(EmulatorStorageTest, MultipartAssemblesPartsInOrderWhateverOrderTheyArrive) {
  const json ticket = Initiate("video/mp4", "big.mp4", true);
  const std::string upload_url = ticket["upload_url"];
  const std::vector<std::string> parts = {Pattern(100000, 1), Pattern(100000, 2), Pattern(1234, 3)};
  json list = json::array();
  for (int n : {3, 1, 2}) {
    auto put = http().Put(Beside(upload_url, std::to_string(n)), parts[n - 1], "application/octet-stream");
    ASSERT_EQ(put->status, 200) << put->body;
    const json answer = ParseJson(put->body);
    EXPECT_EQ(answer["partNumber"], n);
    EXPECT_EQ(put->get_header_value("ETag"), "\"" + answer["etag"].get<std::string>() + "\"");
    list.push_back({{"partNumber", n}, {"etag", answer["etag"]}});  // completion order, as Python sends
  }
  auto complete =
      http().Post(Beside(upload_url, "complete"), json{{"parts", list}}.dump(), "application/json");
  ASSERT_EQ(complete->status, 200) << complete->body;
  EXPECT_EQ(ParseJson(complete->body)["file_url"], ticket["file_url"]);
  auto get = http().Get(Path(ticket["file_url"]));
  EXPECT_EQ(get->body, parts[0] + parts[1] + parts[2]);
  EXPECT_EQ(get->get_header_value("Content-Type"), "video/mp4");
  // A retried complete (the first answer lost) succeeds again.
  EXPECT_EQ(
      http().Post(Beside(upload_url, "complete"), json{{"parts", list}}.dump(), "application/json")->status,
      200);
  const json stats = Stats();
  EXPECT_EQ(stats["requests"]["part"], 3);
  EXPECT_EQ(stats["requests"]["complete"], 2);
}

// A completed multipart file is served from its parts, never copied into one: whole, in ranges that
// start, end or lie inside any part or span several, and as a job's source, it must equal the parts
// joined. The first part is larger than one read of a download (256 KiB), the second a single byte.
TEST_F(EmulatorStorageTest, AMultipartFileIsServedFromItsPartsByteForByte) {
  const json ticket = Initiate("video/mp4", "parts.mp4", true);
  const std::string upload_url = ticket["upload_url"];
  const std::vector<std::string> parts = {Pattern(300000, 1), Pattern(1, 2), Pattern(70000, 3)};
  json list = json::array();
  for (int n = 1; n <= 3; ++n) {
    auto put = http().Put(Beside(upload_url, std::to_string(n)), parts[n - 1], "application/octet-stream");
    ASSERT_EQ(put->status, 200) << put->body;
    list.push_back({{"partNumber", n}, {"etag", ParseJson(put->body)["etag"]}});
  }
  ASSERT_EQ(
      http().Post(Beside(upload_url, "complete"), json{{"parts", list}}.dump(), "application/json")->status,
      200);
  const std::string whole = parts[0] + parts[1] + parts[2];
  const std::string path = Path(ticket["file_url"]);
  EXPECT_EQ(http().Get(path)->body, whole);
  EXPECT_EQ(http().Head(path)->get_header_value("Content-Length"), std::to_string(whole.size()));
  const std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges = {
      {0, 9},           {299990, 300010}, {300000, 300000}, {300001, 300001},
      {299999, 300001}, {123, 369999},    {262143, 262145}, {369999, 369999}};
  for (const auto& [first, last] : ranges) {
    const std::string range = "bytes=" + std::to_string(first) + "-" + std::to_string(last);
    auto res = http().Get(path, {{"Range", range}});
    ASSERT_EQ(res->status, 206) << range;
    EXPECT_EQ(res->body, whole.substr(first, last - first + 1)) << range;
  }
  EXPECT_EQ(http().Get(path, {{"Range", "bytes=-70001"}})->body, whole.substr(whole.size() - 70001));
  EXPECT_EQ(http().Get(path, {{"Range", "bytes=300000-"}})->body, whole.substr(300000));

  // As the source of a render-to-real job, inline (sync_mode reads the whole file at once).
  json input = MinimalInput(kRenderToReal);
  input["video_url"] = ticket["file_url"];
  input["sync_mode"] = true;
  const auto [status, output] = Run(kRenderToReal, input);
  ASSERT_EQ(status, 200) << output.dump();
  const std::string url = output["video"]["url"];
  const std::string prefix = "data:video/mp4;base64,";
  ASSERT_EQ(url.rfind(prefix, 0), 0u);
  EXPECT_EQ(Base64Decode(url.substr(prefix.size())), whole);
}

TEST_F(EmulatorStorageTest, MultipartRejectsMissingUnknownMismatchedAndDuplicateParts) {
  const json ticket = Initiate("video/mp4", "big.mp4", true);
  const std::string upload_url = ticket["upload_url"];
  std::map<int, std::string> etags;
  for (int n : {1, 2, 3}) {
    auto put = http().Put(Beside(upload_url, std::to_string(n)), Pattern(1000, static_cast<char>(n)),
                          "application/octet-stream");
    etags[n] = ParseJson(put->body)["etag"];
  }
  auto complete = [&](const json& parts) {
    auto res = http().Post(Beside(upload_url, "complete"), json{{"parts", parts}}.dump(), "application/json");
    return std::make_pair(res->status, ParseJson(res->body).value("detail", std::string()));
  };
  auto part = [&](int n, const std::string& etag) { return json{{"partNumber", n}, {"etag", etag}}; };

  auto gap = complete({part(1, etags[1]), part(3, etags[3])});
  EXPECT_EQ(gap.first, 400);
  EXPECT_NE(gap.second.find("Part 2 is missing"), std::string::npos) << gap.second;
  auto never = complete({part(1, etags[1]), part(2, etags[2]), part(3, etags[3]), part(4, "x")});
  EXPECT_EQ(never.first, 400);
  EXPECT_NE(never.second.find("never uploaded"), std::string::npos) << never.second;
  auto mismatch = complete({part(1, etags[1]), part(2, etags[1]), part(3, etags[3])});
  EXPECT_EQ(mismatch.first, 400);
  EXPECT_NE(mismatch.second.find("etag of part 2"), std::string::npos) << mismatch.second;
  auto twice = complete({part(1, etags[1]), part(1, etags[1])});
  EXPECT_EQ(twice.first, 400);
  EXPECT_EQ(complete(json::array()).first, 400);
  EXPECT_EQ(http().Post(Beside(upload_url, "complete"), "not json", "application/json")->status, 400);
  // Quoted etags (as the ETag header carries them) are accepted.
  auto quoted = complete({part(1, "\"" + etags[1] + "\""), part(2, etags[2]), part(3, etags[3])});
  EXPECT_EQ(quoted.first, 200) << quoted.second;
}

TEST_F(EmulatorStorageTest, ARetriedPartGetsANewEtagAndReplacesTheOldBytes) {
  const json ticket = Initiate("application/octet-stream", "f.bin", true);
  const std::string upload_url = ticket["upload_url"];
  const std::string old_etag =
      ParseJson(http().Put(Beside(upload_url, "1"), "old", "application/octet-stream")->body)["etag"];
  const std::string new_etag =
      ParseJson(http().Put(Beside(upload_url, "1"), "new!", "application/octet-stream")->body)["etag"];
  EXPECT_NE(old_etag, new_etag);
  EXPECT_EQ(http()
                .Post(Beside(upload_url, "complete"),
                      json{{"parts", {{{"partNumber", 1}, {"etag", old_etag}}}}}.dump(), "application/json")
                ->status,
            400);
  EXPECT_EQ(http()
                .Post(Beside(upload_url, "complete"),
                      json{{"parts", {{{"partNumber", 1}, {"etag", new_etag}}}}}.dump(), "application/json")
                ->status,
            200);
  EXPECT_EQ(http().Get(Path(ticket["file_url"]))->body, "new!");
}

TEST_F(EmulatorStorageTest, SingleAndMultipartUrlsAreNotInterchangeable) {
  const json single = Initiate("text/plain", "a.txt");
  EXPECT_EQ(http().Put(Beside(single["upload_url"], "1"), "x", "text/plain")->status, 400);
  const json multi = Initiate("text/plain", "b.txt", true);
  EXPECT_EQ(http().Put(Path(multi["upload_url"]), "x", "text/plain")->status, 400);
}

TEST_F(EmulatorStorageTest, RangeDownloads) {
  const std::string bytes = Pattern(10000, 9);
  const std::string path = Path(Upload(bytes));
  auto first = http().Get(path, {{"Range", "bytes=0-9"}});
  EXPECT_EQ(first->status, 206);
  EXPECT_EQ(first->body, bytes.substr(0, 10));
  EXPECT_EQ(first->get_header_value("Content-Range"), "bytes 0-9/10000");
  auto from = http().Get(path, {{"Range", "bytes=9990-"}});
  EXPECT_EQ(from->status, 206);
  EXPECT_EQ(from->body, bytes.substr(9990));
  auto suffix = http().Get(path, {{"Range", "bytes=-5"}});
  EXPECT_EQ(suffix->status, 206);
  EXPECT_EQ(suffix->body, bytes.substr(9995));
  auto middle = http().Get(path, {{"Range", "bytes=5000-5999"}});
  EXPECT_EQ(middle->body, bytes.substr(5000, 1000));
  auto head = http().Head(path);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->get_header_value("Content-Length"), "10000");
  EXPECT_TRUE(head->body.empty());
}

TEST_F(EmulatorStorageTest, RangesReachingPastTheEndAreClampedOrRefused) {
  const std::string bytes = Pattern(10000, 8);
  const std::string path = Path(Upload(bytes));
  auto past_end = http().Get(path, {{"Range", "bytes=9000-20000"}});
  EXPECT_EQ(past_end->status, 206);
  EXPECT_EQ(past_end->get_header_value("Content-Range"), "bytes 9000-9999/10000");
  EXPECT_EQ(past_end->get_header_value("Content-Length"), "1000");
  EXPECT_EQ(past_end->body, bytes.substr(9000));
  auto long_suffix = http().Get(path, {{"Range", "bytes=-20000"}});
  EXPECT_EQ(long_suffix->status, 206);
  EXPECT_EQ(long_suffix->body, bytes);
  auto last_byte = http().Get(path, {{"Range", "bytes=9999-"}});
  EXPECT_EQ(last_byte->body, bytes.substr(9999));
  for (const char* unsatisfiable : {"bytes=10000-", "bytes=20000-30000", "bytes=-0"}) {
    auto res = http().Get(path, {{"Range", unsatisfiable}});
    EXPECT_EQ(res->status, 416) << unsatisfiable;
    EXPECT_EQ(res->get_header_value("Content-Range"), "bytes */10000") << unsatisfiable;
    EXPECT_TRUE(res->body.empty());
  }
  // Several ranges: the server may ignore Range and send the whole body, which it does.
  auto several = http().Get(path, {{"Range", "bytes=0-3,10-13"}});
  EXPECT_EQ(several->status, 200);
  EXPECT_EQ(several->body, bytes);
  // The connection is still usable after all that.
  EXPECT_EQ(http().Get(path)->body, bytes);
}

TEST_F(EmulatorStorageTest, ResumingADownloadWithRangesRebuildsTheFile) {
  const std::string bytes = Pattern(123457, 4);
  const std::string path = Path(Upload(bytes));
  std::string rebuilt;
  while (rebuilt.size() < bytes.size()) {
    const std::size_t end = std::min(bytes.size(), rebuilt.size() + 40000) - 1;
    auto res =
        http().Get(path, {{"Range", "bytes=" + std::to_string(rebuilt.size()) + "-" + std::to_string(end)}});
    ASSERT_EQ(res->status, 206);
    rebuilt += res->body;
  }
  EXPECT_EQ(rebuilt, bytes);
}

TEST_F(EmulatorStorageTest, AuthorizationSentToStorageRoutesIsCounted) {
  const json ticket = Initiate("text/plain", "a.txt");
  httplib::Headers with_key = {{"Authorization", "Key should-not-be-here"}};
  EXPECT_EQ(http().Put(Path(ticket["upload_url"]), with_key, "abc", "text/plain")->status, 200);
  EXPECT_EQ(http().Get(Path(ticket["file_url"]), with_key)->status, 200);
  EXPECT_EQ(http().Get(Path(ticket["file_url"]))->status, 200);
  // Initiate is on the rest host: Authorization belongs there and is not counted.
  Initiate("text/plain", "b.txt");
  http().Post("/storage/upload/initiate", with_key, "{}", "application/json");
  EXPECT_EQ(Stats()["authorization_on_storage"], 2);
}

TEST_F(EmulatorStorageTest, MultipartFormBodiesAreRefused) {
  const json ticket = Initiate("text/plain", "a.txt");
  httplib::MultipartFormDataItems items = {{"file", "abc", "a.txt", "text/plain"}};
  auto res = http().Put(Path(ticket["upload_url"]), items);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
}

TEST_F(EmulatorStorageTest, LargeUploadStreamsToDiskAndBack) {
  const std::string bytes = Pattern(48 << 20, 5);  // 48 MiB
  const json ticket = Initiate("application/octet-stream", "large.bin");
  auto put = http().Put(Path(ticket["upload_url"]), bytes, "application/octet-stream");
  ASSERT_EQ(put->status, 200);
  auto head = http().Head(Path(ticket["file_url"]));
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(bytes.size()));
  auto tail = http().Get(Path(ticket["file_url"]), {{"Range", "bytes=-1000"}});
  EXPECT_EQ(tail->body, bytes.substr(bytes.size() - 1000));
  EXPECT_TRUE(http().Get(Path(ticket["file_url"]))->body == bytes);  // every byte, in order
  // The connection that carried the big body is still in step for the next request.
  EXPECT_EQ(http().Get("/_emulator/health")->status, 200);
  EXPECT_EQ(Stats()["bytes_uploaded"], bytes.size());
}

TEST_F(EmulatorStorageTest, BodiesAroundTheDirectReadThresholdArriveIntact) {
  // Large bodies are read straight from the socket after httplib's first piece; sizes around the
  // threshold and httplib's 4 KiB pieces must all arrive whole, on one keep-alive connection.
  for (std::size_t size :
       {std::size_t{4095}, std::size_t{4096}, std::size_t{4097}, std::size_t{(1 << 20) - 1},
        std::size_t{1 << 20}, std::size_t{(1 << 20) + 1}, std::size_t{3 << 20}}) {
    SCOPED_TRACE(size);
    const std::string bytes = Pattern(size, static_cast<char>(size % 97));
    const std::string url = Upload(bytes);
    EXPECT_TRUE(http().Get(Path(url))->body == bytes);
    const json ticket = Initiate("application/octet-stream", "p.bin", true);
    auto part = http().Put(Beside(ticket["upload_url"], "1"), bytes, "application/octet-stream");
    ASSERT_EQ(part->status, 200);
    const json list = {{{"partNumber", 1}, {"etag", ParseJson(part->body)["etag"]}}};
    ASSERT_EQ(
        http()
            .Post(Beside(ticket["upload_url"], "complete"), json{{"parts", list}}.dump(), "application/json")
            ->status,
        200);
    EXPECT_TRUE(http().Get(Path(ticket["file_url"]))->body == bytes);
  }
}

TEST_F(EmulatorStorageTest, AClientThatStopsMidBodyLeavesNoFile) {
  const json ticket = Initiate("application/octet-stream", "cut.bin");
  const std::string path = Path(ticket["upload_url"]);
  // Announce 8 MiB, send 2 MiB, then close.
  const std::string head = "PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 8388608\r\n\r\n";
  const RawExchange raw =
      RawRequest(emulator().port(), head + std::string(2 << 20, 'x'), std::chrono::milliseconds(300));
  EXPECT_TRUE(raw.received.empty());
  EXPECT_EQ(http().Get(Path(ticket["file_url"]))->status, 404);
}

TEST_F(EmulatorStorageTest, JwksIsServedWithoutAuthorization) {
  Restart(FastArgs({"--api-key", "secret"}));
  auto res = http().Get("/.well-known/jwks.json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const json jwks = ParseJson(res->body);
  ASSERT_EQ(jwks["keys"].size(), 1u);
  EXPECT_EQ(jwks["keys"][0]["kty"], "OKP");
  EXPECT_EQ(jwks["keys"][0]["crv"], "Ed25519");
  EXPECT_EQ(Base64Decode(jwks["keys"][0]["x"]).size(), 32u);
}

}  // namespace
}  // namespace fal::emulator_test
