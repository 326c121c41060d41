// A small text label drawn into an RGB picture (fal-emulator marks its rendered outputs with the
// endpoint that made them), with a built-in 5x7 font: no font files, no text library.
#pragma once

#include <string>

namespace fal::emulator {

// An RGB picture: 3 bytes a pixel, rows top to bottom, no padding.
struct LabelCanvas {
  unsigned char* pixels;
  int width;
  int height;
};

// Draws `text` (A-Z, 0-9, '-', '.'; others as spaces) white on a dark box in the bottom-left corner,
// scaled with the picture (one font pixel per 240 rows).
void DrawLabel(LabelCanvas canvas, const std::string& text);

}  // namespace fal::emulator
