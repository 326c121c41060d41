// MuxAudio: the video's frames untouched, another file's audio under them, trimmed to the video.
extern "C" {
#include <libavformat/avformat.h>
}

#include <filesystem>

#include "unit/media/media_test_util.hpp"

namespace fal::test {
namespace {

// The audio of a file as FFmpeg itself reads it: where its packets start and end, in seconds.
struct AudioTrack {
  bool present = false;
  double start_seconds = 0;
  double end_seconds = 0;
  std::string codec;
};

AudioTrack ReadAudioTrack(const std::string& path) {
  AudioTrack track;
  AVFormatContext* input = nullptr;
  if (avformat_open_input(&input, path.c_str(), nullptr, nullptr) < 0) return track;
  if (avformat_find_stream_info(input, nullptr) >= 0) {
    const int index = av_find_best_stream(input, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    if (index >= 0) {
      const AVStream* stream = input->streams[index];
      track.present = true;
      track.codec = avcodec_get_name(stream->codecpar->codec_id);
      AVPacket* packet = av_packet_alloc();
      bool first = true;
      while (av_read_frame(input, packet) >= 0) {
        if (packet->stream_index == index) {
          const double start = static_cast<double>(packet->pts) * av_q2d(stream->time_base);
          if (first) track.start_seconds = start;
          first = false;
          track.end_seconds = start + static_cast<double>(packet->duration) * av_q2d(stream->time_base);
        }
        av_packet_unref(packet);
      }
      av_packet_free(&packet);
    }
  }
  avformat_close_input(&input);
  return track;
}

TEST(MediaMux, PutsTheOtherFilesAudioUnderTheVideoTrimmed) {
  ScratchDir dir;
  const std::string video = MakeClip(dir, "video.mp4", Spec(36));                  // 1.5 s, no audio
  const std::string sound = MakeClip(dir, "sound.mp4", Spec(96, 320, 180, true));  // 4 s with audio
  const std::string out = (dir / "muxed.mp4").string();
  auto muxed = media::MuxAudio(video, sound, out);
  ASSERT_TRUE(muxed.ok()) << muxed.error().message();
  EXPECT_TRUE(muxed->stream_copied);
  EXPECT_TRUE(muxed->clip.has_audio);

  auto clip = media::Probe(out);
  ASSERT_TRUE(clip.ok()) << clip.error().message();
  EXPECT_EQ(clip->frame_count, 36);
  EXPECT_TRUE(clip->has_audio);
  EXPECT_EQ(FrameNumbersOf(out), Numbers(0, 35));
  const AudioTrack audio = ReadAudioTrack(out);
  ASSERT_TRUE(audio.present);
  EXPECT_EQ(audio.codec, "aac");
  // Trimmed to the video's 1.5 s: the last packet may start just before the end (one AAC frame is
  // 1024 samples, 21.3 ms at 48 kHz).
  EXPECT_GT(audio.end_seconds, 1.5 - 0.0214);
  EXPECT_LT(audio.end_seconds, 1.5 + 0.0214);
  EXPECT_LT(audio.start_seconds, 0.03);
}

TEST(MediaMux, ShorterAudioIsKeptWhole) {
  ScratchDir dir;
  const std::string video = MakeClip(dir, "video.mp4", Spec(48));
  const std::string sound = MakeClip(dir, "sound.mp4", Spec(24, 320, 180, true));  // 1 s of audio
  const std::string out = (dir / "muxed.mp4").string();
  ASSERT_TRUE(media::MuxAudio(video, sound, out).ok());
  const AudioTrack audio = ReadAudioTrack(out);
  ASSERT_TRUE(audio.present);
  EXPECT_NEAR(audio.end_seconds, ReadAudioTrack(sound).end_seconds, 1e-6);
  EXPECT_EQ(FrameNumbersOf(out), Numbers(0, 47));
}

TEST(MediaMux, AudioSourceWithoutAudioIsAnError) {
  ScratchDir dir;
  const std::string video = MakeClip(dir, "video.mp4", Spec(12));
  const std::string silent = MakeClip(dir, "silent.mp4", Spec(12));
  const std::string out = (dir / "muxed.mp4").string();
  auto muxed = media::MuxAudio(video, silent, out);
  ASSERT_FALSE(muxed.ok());
  EXPECT_EQ(muxed.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(muxed.error().message().find("has no audio track"), std::string::npos) << muxed.error().message();
  EXPECT_NE(muxed.error().message().find(silent), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace fal::test
