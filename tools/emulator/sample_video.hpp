// The bundled output video (assets/sample_output.mp4, 640x360, 2 s, H.264 + AAC), compiled into the
// executable by cmake/embed_file.cmake so an installed emulator needs no data files. It stands in for
// a generated video whenever the input is not a video uploaded to this emulator.
#pragma once

#include <cstddef>

namespace fal::emulator {

extern const unsigned char kSampleVideoData[];
extern const std::size_t kSampleVideoSize;

}  // namespace fal::emulator
