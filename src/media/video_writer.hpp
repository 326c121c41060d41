#pragma once
// Encodes frames into an MP4 file: the one place falcpp::media encodes video (and the test clips' AAC
// tone). Frames are converted to the encoder's pixel format and the output's size as they come.

#include <cstdint>
#include <memory>
#include <string>

#include "fal/media/media.hpp"
#include "media/ffmpeg.hpp"
#include "media/frame_reader.hpp"

namespace fal::media::internal {

struct VideoFormat {
  int width = 0;
  int height = 0;
  AVRational frame_rate{0, 1};
};

// The AAC track of a test clip.
inline constexpr int kToneSampleRate = 48000;

class VideoWriter {
 public:
  static Result<std::unique_ptr<VideoWriter>> Open(const std::string& path, const VideoFormat& format,
                                                   const EncodeOptions& options, bool with_audio);

  // Encodes one frame (any format and size: it is converted) as the next frame of the output.
  Result<void> WriteVideo(const AVFrame& frame);
  // The audio encoder's frame: fill its samples (planar float, stereo) and pass it to WriteAudio.
  Result<AVFrame*> AudioFrame();
  // Encodes the audio frame AudioFrame() returned, as the next samples of the track.
  Result<void> WriteAudio();
  // The seconds of audio written so far.
  double audio_seconds() const { return static_cast<double>(audio_samples_) / kToneSampleRate; }

  // Flushes the encoders, writes the MP4 index and closes the file; the result describes what was written.
  Result<WrittenClip> Finish();

 private:
  VideoWriter(const std::string& path, const VideoFormat& format);
  Result<void> AddVideoStream(const EncodeOptions& options);
  Result<void> AddAudioStream();
  Result<void> Drain(AVCodecContext& encoder, AVStream& stream);

  std::string path_;
  VideoFormat format_;
  std::unique_ptr<Mp4Output> output_;
  CodecPtr video_encoder_;
  AVStream* video_stream_ = nullptr;
  CodecPtr audio_encoder_;
  AVStream* audio_stream_ = nullptr;
  FrameConverter converter_;
  FramePtr audio_frame_;
  PacketPtr packet_;
  std::int64_t frames_written_ = 0;
  std::int64_t audio_samples_ = 0;
};

}  // namespace fal::media::internal
