// The platform layer (src/platform) and the portable helpers that replaced OS calls: HTTP dates without
// strptime/timegm, ASCII case-insensitive names without strcasecmp, and files through the OS's own API
// (wide paths on Windows). Runs on Linux and, in scripts/test-windows.sh, on Windows under Wine.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "internal/ascii.hpp"
#include "internal/http_date.hpp"
#include "platform/event_wait.hpp"
#include "platform/file_io.hpp"
#include "platform/system_info.hpp"

namespace fal {
namespace {

namespace fs = std::filesystem;
using platform::OsError;

TEST(HttpDate, ParsesImfFixdate) {
  EXPECT_EQ(internal::ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(internal::ParseHttpDate("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
  EXPECT_EQ(internal::ParseHttpDate("Tue, 29 Feb 2028 23:59:59 GMT"), 1835481599);
  EXPECT_EQ(internal::ParseHttpDate("Fri, 31 Dec 9999 23:59:59 GMT"), 253402300799);
}

TEST(HttpDate, RejectsOtherForms) {
  for (const char* bad :
       {"", "Sun, 06 Nov 1994 08:49:37 UTC", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
        "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ", "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 29 Feb 2027 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Now 1994 08:49:37 GMT", "Sun, 0x Nov 1994 08:49:37 GMT"}) {
    EXPECT_FALSE(internal::ParseHttpDate(bad).has_value()) << bad;
  }
}

TEST(Ascii, ComparesIgnoringCaseOfAsciiLettersOnly) {
  EXPECT_TRUE(internal::EqualsIgnoringAsciiCase("Content-Type", "content-type"));
  EXPECT_TRUE(internal::EqualsIgnoringAsciiCase("USER", "user"));
  EXPECT_FALSE(internal::EqualsIgnoringAsciiCase("user", "users"));
  EXPECT_FALSE(internal::EqualsIgnoringAsciiCase("a-b", "a_b"));
  EXPECT_FALSE(internal::EqualsIgnoringAsciiCase("\xc3\x84", "\xc3\xa4"));  // Ä and ä: not ASCII
}

TEST(SystemInfo, NamesTheOs) {
  const std::string os = platform::OsName();
#if defined(_WIN32)
  EXPECT_EQ(os, "windows");
#elif defined(__linux__)
  EXPECT_EQ(os, "linux");
#endif
  for (char c : os) EXPECT_FALSE(c >= 'A' && c <= 'Z') << os;
}

TEST(EventLoop, TheEnvironmentPicksThePortableLoop) {
  const char* chosen = std::getenv("FALCPP_EVENT_LOOP");
  if (chosen != nullptr && std::string(chosen) == "portable") {
    EXPECT_EQ(platform::SelectedEventLoop(), platform::EventLoopKind::kPortable);
  }
#if defined(_WIN32)
  EXPECT_EQ(platform::SelectedEventLoop(), platform::EventLoopKind::kPortable);
#endif
}

class FileIo : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("falcpp-platform-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A name outside ASCII round-trips: created, written, synced, renamed and read back under its own name.
TEST_F(FileIo, NonAsciiNamesRoundTrip) {
  const fs::path temp = dir_ / platform::PathFromUtf8("Szene_K\xc3\xb6ln_\xe6\x9d\xb1\xe4\xba\xac.part");
  const fs::path final_path = dir_ / platform::PathFromUtf8("\xe7\xb5\x90\xe6\x9e\x9c.mp4");
  OsError error;
  std::FILE* file = platform::CreateNewFile(temp, error);
  ASSERT_NE(file, nullptr) << error.message;
  ASSERT_EQ(std::fwrite("discarded", 1, 9, file), 9u);
  ASSERT_EQ(std::fflush(file), 0);
  ASSERT_TRUE(platform::TruncateFile(file, error)) << error.message;
  ASSERT_EQ(std::fseek(file, 0, SEEK_SET), 0);
  ASSERT_EQ(std::fwrite("video bytes", 1, 11, file), 11u);
  ASSERT_EQ(std::fflush(file), 0);
  ASSERT_TRUE(platform::SyncFile(file, error)) << error.message;
  ASSERT_EQ(std::fclose(file), 0);
  ASSERT_TRUE(platform::RenameFile(temp, final_path, false, error)) << error.message;

  EXPECT_FALSE(fs::exists(temp));
  EXPECT_EQ(ReadAll(final_path), "video bytes");
  EXPECT_EQ(platform::PathToUtf8(final_path.filename()), "\xe7\xb5\x90\xe6\x9e\x9c.mp4");
  bool listed = false;
  for (const auto& entry : fs::directory_iterator(dir_)) listed = listed || entry.path() == final_path;
  EXPECT_TRUE(listed);
}

TEST_F(FileIo, CreateNewFileRefusesAnExistingFile) {
  const fs::path path = dir_ / "taken";
  std::ofstream(path) << "keep me";
  OsError error;
  EXPECT_EQ(platform::CreateNewFile(path, error), nullptr);
  EXPECT_EQ(error.kind, OsError::Kind::kExists) << error.message;
  EXPECT_FALSE(error.message.empty());
  EXPECT_EQ(ReadAll(path), "keep me");

  EXPECT_EQ(platform::CreateNewFile(dir_ / "no-such-dir" / "x", error), nullptr);
  EXPECT_EQ(error.kind, OsError::Kind::kNotFound) << error.message;
}

TEST_F(FileIo, RenameReplacesOnlyWhenAsked) {
  std::ofstream(dir_ / "new") << "new";
  std::ofstream(dir_ / "old") << "old";
  OsError error;
  EXPECT_FALSE(platform::RenameFile(dir_ / "new", dir_ / "old", false, error));
  EXPECT_EQ(error.kind, OsError::Kind::kExists) << error.message;
  EXPECT_EQ(ReadAll(dir_ / "old"), "old");
  EXPECT_EQ(ReadAll(dir_ / "new"), "new");
  EXPECT_TRUE(platform::RenameFile(dir_ / "new", dir_ / "old", true, error)) << error.message;
  EXPECT_EQ(ReadAll(dir_ / "old"), "new");
  EXPECT_FALSE(fs::exists(dir_ / "new"));
  platform::RemoveFile(dir_ / "old");
  EXPECT_FALSE(fs::exists(dir_ / "old"));
}

TEST_F(FileIo, ReadsAtOffsetsFromSeveralThreads) {
  std::string content;
  for (int i = 0; i < 100000; ++i) content += static_cast<char>('a' + i % 26);
  const fs::path path = dir_ / platform::PathFromUtf8(
                                   "\xc3\xbc"
                                   "ber.bin");
  std::ofstream(path, std::ios::binary) << content;
  OsError error;
  std::unique_ptr<platform::ReadOnlyFile> file = platform::ReadOnlyFile::Open(path, error);
  ASSERT_NE(file, nullptr) << error.message;
  EXPECT_TRUE(file->is_regular());
  EXPECT_EQ(file->size(), content.size());

  std::atomic<int> mismatches{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      for (std::uint64_t at = static_cast<std::uint64_t>(t) * 997; at < content.size(); at += 4099) {
        char buffer[512];
        OsError e;
        const std::int64_t n = file->ReadAt(at, buffer, sizeof buffer, e);
        const std::size_t want = std::min<std::size_t>(sizeof buffer, content.size() - at);
        if (n != static_cast<std::int64_t>(want) || content.compare(at, want, buffer, want) != 0)
          ++mismatches;
      }
    });
  }
  for (auto& r : readers) r.join();
  EXPECT_EQ(mismatches.load(), 0);
  char byte = 0;
  EXPECT_EQ(file->ReadAt(content.size(), &byte, 1, error), 0);  // the end
}

TEST_F(FileIo, OpenSaysWhatIsWrong) {
  OsError error;
  EXPECT_EQ(platform::ReadOnlyFile::Open(dir_ / "missing", error), nullptr);
  EXPECT_EQ(error.kind, OsError::Kind::kNotFound);
  EXPECT_FALSE(error.message.empty());
  std::unique_ptr<platform::ReadOnlyFile> directory = platform::ReadOnlyFile::Open(dir_, error);
  // POSIX opens a directory read-only; either way it is not a regular file.
  if (directory) {
    EXPECT_FALSE(directory->is_regular());
  }
}

}  // namespace
}  // namespace fal
