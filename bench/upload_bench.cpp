// falcpp-bench upload: one file to fal-emulator (or fal) through fal::Storage, timed from the first request
// to the file URL. Peak RSS shows that a multipart upload streams from disk: it stays near the process's
// baseline plus part_size x parallelism at most, whatever the file size.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "bench_util.hpp"
#include "fal/client.hpp"

namespace fal::bench {
namespace {

constexpr const char* kUsage =
    "falcpp-bench upload --base-url URL --file PATH [--part-mb 10] [--parallel 4] [--threshold-mb 90]\n"
    "                    [--key KEY] [--threads 2]\n"
    "  Uploads PATH (multipart above --threshold-mb) and prints {bytes, seconds, mb_per_s, rss_peak_mb,\n"
    "  sent_seconds (until the last byte went out; the rest is the server finishing, e.g. assembling "
    "parts)}.\n"
    "  --key defaults to FAL_KEY; fal-emulator without --api-key needs none.";

}  // namespace

int RunUpload(int argc, char** argv) {
  const char* env_key = std::getenv("FAL_KEY");
  Flags flags(argc, argv, 2,
              {{"base-url", ""}, {"file", ""}, {"part-mb", "10"}, {"parallel", "4"}, {"threshold-mb", "90"},
               {"key", env_key != nullptr && *env_key != '\0' ? env_key : "none"}, {"threads", "2"}},
              kUsage);
  const std::filesystem::path path = flags.Get("file");
  std::error_code ec;
  const std::uint64_t bytes = std::filesystem::file_size(path, ec);
  if (ec) {
    std::cerr << "falcpp-bench upload: cannot read " << path << ": " << ec.message() << "\n";
    return 2;
  }

  ClientOptions options;
  options.use_environment = false;
  options.base_url = flags.Get("base-url");
  options.engine_threads = static_cast<int>(flags.Int("threads"));
  if (flags.Get("key") != "none") options.credentials = Credentials(flags.Get("key"));
  Client client(options);

  UploadOptions upload;
  upload.part_size = static_cast<std::uint64_t>(flags.Double("part-mb") * 1024 * 1024);
  upload.multipart_threshold = static_cast<std::uint64_t>(flags.Double("threshold-mb") * 1024 * 1024);
  upload.parallelism = static_cast<int>(flags.Int("parallel"));

  // When the last byte went to the transport: for a multipart upload, what follows is the last answers
  // and the complete, where the server assembles the parts (fal-emulator copies them into one file).
  const auto start = std::chrono::steady_clock::now();
  double sent_seconds = 0;
  upload.on_progress = [&](std::uint64_t sent, std::uint64_t total) {
    if (sent == total && sent_seconds == 0) {
      sent_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
  };
  Result<std::string> url = client.Storage().UploadFile(path, upload);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!url) {
    std::cerr << "falcpp-bench upload: " << url.error().ToString() << "\n";
    return 1;
  }
  const double mb = static_cast<double>(bytes) / 1e6;
  PrintLine({{"bench", "upload"},
             {"bytes", bytes},
             {"seconds", seconds},
             {"mb_per_s", mb / seconds},
             {"rss_peak_mb", PeakRssMb()},
             {"sent_seconds", sent_seconds},
             {"part_mb", flags.Double("part-mb")},
             {"parallel", upload.parallelism},
             {"multipart", bytes > upload.multipart_threshold}});
  return 0;
}

}  // namespace fal::bench
