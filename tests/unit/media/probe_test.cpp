// Probe on clips written by the tests, and on files that are not videos or were cut short.
extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
}

#include <filesystem>

#include "unit/media/media_test_util.hpp"

namespace fal::test {
namespace {

// FFmpeg's own log lines (encoder banners, the demuxer's complaints about the broken files here) would
// bury the test output; the library leaves FFmpeg's log level, a process-wide setting, to the program.
const bool kQuietFfmpeg = (av_log_set_level(AV_LOG_FATAL), true);

TEST(MediaProbe, ReadsAGeneratedClipExactly) {
  ScratchDir dir;
  const std::string path = MakeClip(dir, "clip.mp4", Spec(48));
  auto clip = media::Probe(path);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->width, 320);
  EXPECT_EQ(clip->height, 180);
  EXPECT_EQ(clip->frame_count, 48);
  EXPECT_EQ(clip->frame_rate_numerator, 24);
  EXPECT_EQ(clip->frame_rate_denominator, 1);
  EXPECT_NEAR(clip->duration_seconds, 2.0, 1e-3);
  EXPECT_EQ(clip->video_codec, "h264");
  EXPECT_FALSE(clip->has_audio);
}

TEST(MediaProbe, ReadsAFractionalRateAndAudio) {
  ScratchDir dir;
  media::TestClipSpec spec;
  spec.width = 256;
  spec.height = 144;
  spec.frame_count = 31;
  spec.frame_rate_numerator = 30000;
  spec.frame_rate_denominator = 1001;
  spec.with_audio = true;
  const std::string path = MakeClip(dir, "ntsc.mp4", spec);
  auto clip = media::Probe(path);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->width, 256);
  EXPECT_EQ(clip->height, 144);
  EXPECT_EQ(clip->frame_count, 31);
  EXPECT_EQ(clip->frame_rate_numerator, 30000);
  EXPECT_EQ(clip->frame_rate_denominator, 1001);
  EXPECT_NEAR(clip->duration_seconds, 31 * 1001 / 30000.0, 1e-3);
  EXPECT_TRUE(clip->has_audio);
}

TEST(MediaProbe, WhatAWriteReturnsIsWhatProbeReads) {
  ScratchDir dir;
  const std::string path = (dir / "clip.mp4").string();
  auto written = media::WriteTestClip(path, Spec(20, 320, 180, true));
  ASSERT_TRUE(written.ok()) << written.error().message();
  auto clip = media::Probe(path);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(written->clip.width, clip->width);
  EXPECT_EQ(written->clip.height, clip->height);
  EXPECT_EQ(written->clip.frame_count, clip->frame_count);
  EXPECT_EQ(written->clip.frame_rate_numerator, clip->frame_rate_numerator);
  EXPECT_EQ(written->clip.frame_rate_denominator, clip->frame_rate_denominator);
  EXPECT_NEAR(written->clip.duration_seconds, clip->duration_seconds, 1e-3);
  EXPECT_EQ(written->clip.video_codec, clip->video_codec);
  EXPECT_EQ(written->clip.has_audio, clip->has_audio);
  EXPECT_FALSE(written->stream_copied);
}

TEST(MediaProbe, IsAClipProbe) {
  ClipProbe probe = media::Probe;
  ScratchDir dir;
  auto clip = probe(MakeClip(dir, "clip.mp4", Spec(9)));
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->frame_count, 9);
}

TEST(MediaProbe, AMissingFileSaysSo) {
  ScratchDir dir;
  const std::string path = (dir / "nothing-here.mp4").string();
  auto clip = media::Probe(path);
  ASSERT_FALSE(clip.ok());
  EXPECT_EQ(clip.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(clip.error().message().find(path), std::string::npos) << clip.error().message();
  EXPECT_NE(clip.error().message().find("no such file"), std::string::npos) << clip.error().message();
}

TEST(MediaProbe, ADirectoryIsNotAVideo) {
  ScratchDir dir;
  auto clip = media::Probe(dir.path().string());
  ASSERT_FALSE(clip.ok());
  EXPECT_EQ(clip.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(clip.error().message().find("not a regular file"), std::string::npos) << clip.error().message();
}

TEST(MediaProbe, GarbageIsNotAVideo) {
  ScratchDir dir;
  for (const std::string& bytes :
       {std::string(), std::string("just some text, not a video\n"), std::string(4096, '\x7f')}) {
    const std::string path = dir.Write("garbage.mp4", bytes).string();
    auto clip = media::Probe(path);
    ASSERT_FALSE(clip.ok()) << "size " << bytes.size();
    EXPECT_EQ(clip.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(clip.error().message().find(path), std::string::npos) << clip.error().message();
  }
}

TEST(MediaProbe, AnImageIsNotAVideo) {
  ScratchDir dir;
  const std::string clip_path = MakeClip(dir, "clip.mp4", Spec(3));
  const std::string png = (dir / "frame.png").string();
  ASSERT_TRUE(media::ExtractFrame(clip_path, 0, png).ok());
  auto clip = media::Probe(png);
  ASSERT_FALSE(clip.ok());
  EXPECT_EQ(clip.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(clip.error().message().find("an image"), std::string::npos) << clip.error().message();
}

// Copies an MP4 with its index (moov) moved to the front, as web-ready files are written: a download cut
// short then still opens, and only the index says frames are missing.
bool RemuxFastStart(const std::string& from, const std::string& to) {
  AVFormatContext* input = nullptr;
  if (avformat_open_input(&input, from.c_str(), nullptr, nullptr) < 0) return false;
  AVFormatContext* output = nullptr;
  bool ok = avformat_find_stream_info(input, nullptr) >= 0 &&
            avformat_alloc_output_context2(&output, nullptr, "mp4", to.c_str()) >= 0;
  for (unsigned i = 0; ok && i < input->nb_streams; ++i) {
    AVStream* stream = avformat_new_stream(output, nullptr);
    ok = stream != nullptr && avcodec_parameters_copy(stream->codecpar, input->streams[i]->codecpar) >= 0;
    if (ok) stream->codecpar->codec_tag = 0;
    if (ok) stream->time_base = input->streams[i]->time_base;
  }
  AVDictionary* options = nullptr;
  av_dict_set(&options, "movflags", "+faststart", 0);
  ok = ok && avio_open(&output->pb, to.c_str(), AVIO_FLAG_WRITE) >= 0 &&
       avformat_write_header(output, &options) >= 0;
  AVPacket* packet = av_packet_alloc();
  while (ok && av_read_frame(input, packet) >= 0) {
    av_packet_rescale_ts(packet, input->streams[packet->stream_index]->time_base,
                         output->streams[packet->stream_index]->time_base);
    packet->pos = -1;
    ok = av_interleaved_write_frame(output, packet) >= 0;
    av_packet_unref(packet);
  }
  ok = ok && av_write_trailer(output) >= 0;
  av_packet_free(&packet);
  av_dict_free(&options);
  if (output != nullptr && output->pb != nullptr) avio_closep(&output->pb);
  avformat_free_context(output);
  avformat_close_input(&input);
  return ok;
}

TEST(MediaProbe, ATruncatedClipIsAnError) {
  // Written as FFmpeg writes by default, the index last: a cut anywhere loses the index or frames.
  ScratchDir dir;
  const std::string whole = ReadAll(MakeClip(dir, "clip.mp4", Spec(24, 320, 180, true)));
  ASSERT_GT(whole.size(), 1000u);
  // Every cut from 1% to 99% of the file (the last bytes are metadata only: a file without them is whole).
  for (int percent = 1; percent <= 99; ++percent) {
    const std::size_t size = whole.size() * static_cast<std::size_t>(percent) / 100;
    const std::string path = dir.Write("cut.mp4", whole.substr(0, size)).string();
    auto clip = media::Probe(path);
    ASSERT_FALSE(clip.ok()) << "a clip cut to " << size << " of " << whole.size() << " bytes";
    EXPECT_EQ(clip.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(clip.error().message().find(path), std::string::npos) << clip.error().message();
  }
}

TEST(MediaProbe, ATruncatedClipWithItsIndexFirstIsAnError) {
  ScratchDir dir;
  const std::string fast = (dir / "fast.mp4").string();
  ASSERT_TRUE(RemuxFastStart(MakeClip(dir, "clip.mp4", Spec(24, 320, 180, true)), fast));
  auto complete = media::Probe(fast);
  ASSERT_TRUE(complete.ok()) << complete.error().message();
  EXPECT_EQ(complete->frame_count, 24);
  const std::string whole = ReadAll(fast);
  for (int percent = 1; percent <= 99; ++percent) {
    const std::size_t size = whole.size() * static_cast<std::size_t>(percent) / 100;
    const std::string path = dir.Write("cut.mp4", whole.substr(0, size)).string();
    auto clip = media::Probe(path);
    ASSERT_FALSE(clip.ok()) << "a clip cut to " << size << " of " << whole.size() << " bytes";
    EXPECT_EQ(clip.error().code(), ErrorCode::kInvalidArgument);
    // Cut inside the index itself, the video stream may be gone altogether.
    const std::string& message = clip.error().message();
    EXPECT_TRUE(message.find("truncated") != std::string::npos ||
                message.find("has no video stream") != std::string::npos)
        << size << ": " << message;
    EXPECT_NE(clip.error().message().find(path), std::string::npos) << clip.error().message();
  }
}

}  // namespace
}  // namespace fal::test
