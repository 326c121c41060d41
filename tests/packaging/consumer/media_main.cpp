// A user's program on falcpp::media: writes a small test clip into the directory it is given and probes
// it. Prints "falcpp::media: WxH, N frames" or the error.
#include <cstdio>
#include <fal/media/media.hpp>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const std::string path = std::string(argv[1]) + "/consumer_clip.mp4";
  fal::media::QuietFfmpegLog();
  fal::media::TestClipSpec spec;
  spec.frame_count = 5;
  auto written = fal::media::WriteTestClip(path, spec);
  if (!written) return std::fprintf(stderr, "%s\n", written.error().message().c_str()), 1;
  auto clip = fal::media::Probe(path);
  if (!clip) return std::fprintf(stderr, "%s\n", clip.error().message().c_str()), 1;
  std::printf("falcpp::media: %dx%d, %lld frames\n", clip->width, clip->height,
              static_cast<long long>(clip->frame_count));
  return clip->frame_count == 5 ? 0 : 1;
}
