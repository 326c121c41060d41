// The content type of uploads: the sniffing table, the extension table, and their order of precedence.
#include "storage/content_type.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fal::internal {
namespace {

using namespace std::string_literals;

struct Sniff {
  std::string head;
  const char* type;
};

std::string Padded(std::string head) {
  head.resize(64, '\x01');
  return head;
}

std::string Riff(const char* form) { return "RIFF\x24\x00\x00\x00"s + form; }

class SniffTable : public ::testing::TestWithParam<Sniff> {};

TEST_P(SniffTable, RecognisesTheFirstBytes) {
  EXPECT_EQ(SniffContentType(Padded(GetParam().head)), GetParam().type) << GetParam().type;
}

INSTANTIATE_TEST_SUITE_P(
    Signatures, SniffTable,
    ::testing::Values(
        Sniff{"\x00\x00\x00\x20"
              "ftypisom\x00\x00\x02\x00isomiso2mp41"s,
              "video/mp4"},
        Sniff{"\x00\x00\x00\x18"
              "ftypmp42"s,
              "video/mp4"},
        Sniff{"\x00\x00\x00\x14"
              "ftypqt  "s,
              "video/quicktime"},
        Sniff{"\x00\x00\x00\x08"
              "wide"s,
              "video/quicktime"},
        Sniff{"\x00\x00\x00\x1c"
              "ftypM4A "s,
              "audio/mp4"},
        Sniff{"\x00\x00\x00\x1c"
              "ftypavif"s,
              "image/avif"},
        Sniff{"\x00\x00\x00\x18"
              "ftypheic"s,
              "image/heic"},
        Sniff{"\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\xF7\x81\x01\x42\x82\x84webm"s, "video/webm"},
        Sniff{"\x1A\x45\xDF\xA3\xA3\x42\x86\x81\x01\x42\x82\x88matroska"s, "video/x-matroska"},
        Sniff{"\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR"s, "image/png"},
        Sniff{"\xFF\xD8\xFF\xE0\x00\x10JFIF"s, "image/jpeg"}, Sniff{"GIF89a"s, "image/gif"},
        Sniff{"GIF87a"s, "image/gif"}, Sniff{Riff("WEBPVP8 "), "image/webp"},
        Sniff{Riff("WAVEfmt "), "audio/wav"}, Sniff{Riff("AVI LIST"), "video/x-msvideo"},
        Sniff{"ID3\x04\x00"s, "audio/mpeg"}, Sniff{"\xFF\xFB\x90\x64"s, "audio/mpeg"},
        Sniff{"fLaC"s, "audio/flac"}, Sniff{"OggS\x00\x02"s, "audio/ogg"},
        Sniff{"II*\x00\x08\x00"s, "image/tiff"}, Sniff{"glTF\x02\x00\x00\x00"s, "model/gltf-binary"},
        Sniff{"%PDF-1.7"s, "application/pdf"}, Sniff{"PK\x03\x04"s, "application/zip"},
        Sniff{"\x1F\x8B\x08"s, "application/gzip"},
        // safetensors: 8-byte little-endian header length, then the JSON header.
        Sniff{"\x58\x01\x00\x00\x00\x00\x00\x00{\"__metadata__\":{}}"s, "application/octet-stream"}));

TEST(Sniff, UnknownOrShortHeadsGiveNothing) {
  EXPECT_EQ(SniffContentType(""), "");
  EXPECT_EQ(SniffContentType("hello world, plain text"), "");
  EXPECT_EQ(SniffContentType("\x00\x00\x00"s), "");
  EXPECT_EQ(SniffContentType("RIFF"), "");  // the form type is missing
  EXPECT_EQ(SniffContentType("\x00\x00\x00\x20"
                             "ftyp"s),
            "video/mp4");  // brand cut off: still ISO media
}

TEST(Extension, TableIsCaseInsensitiveAndUsesTheLastDot) {
  EXPECT_EQ(ContentTypeForFileName("render.mp4"), "video/mp4");
  EXPECT_EQ(ContentTypeForFileName("dir.v2/Render.MOV"), "video/quicktime");
  EXPECT_EQ(ContentTypeForFileName("a.tar.gz"), "application/gzip");
  EXPECT_EQ(ContentTypeForFileName("style.safetensors"), "application/octet-stream");
  EXPECT_EQ(ContentTypeForFileName("clip.webm"), "video/webm");
  EXPECT_EQ(ContentTypeForFileName("photo.jpeg"), "image/jpeg");
  EXPECT_EQ(ContentTypeForFileName("voice.wav"), "audio/wav");
  EXPECT_EQ(ContentTypeForFileName("noext"), "");
  EXPECT_EQ(ContentTypeForFileName(".hidden"), "");
  EXPECT_EQ(ContentTypeForFileName("x.unknownext"), "");
}

TEST(Extension, DefaultExtensionOfAType) {
  EXPECT_EQ(ExtensionForContentType("video/mp4"), "mp4");
  EXPECT_EQ(ExtensionForContentType("image/jpeg"), "jpg");
  EXPECT_EQ(ExtensionForContentType("Text/Plain; charset=utf-8"), "txt");
  EXPECT_EQ(ExtensionForContentType("application/x-unknown"), "");
  EXPECT_EQ(DefaultFileName("video/quicktime"), "upload.mov");
  EXPECT_EQ(DefaultFileName("application/x-unknown"), "upload.bin");
}

TEST(Choose, CallerThenSniffThenExtensionThenOctetStream) {
  const std::string png = "\x89PNG\r\n\x1A\n"s;
  EXPECT_EQ(ChooseContentType("video/mp4", png, "a.png"), "video/mp4");
  EXPECT_EQ(ChooseContentType("", png, "a.mp4"), "image/png");  // the bytes beat a wrong extension
  EXPECT_EQ(ChooseContentType("", "plain text", "a.mp4"), "video/mp4");
  EXPECT_EQ(ChooseContentType("  ", "plain text", "notes"), "application/octet-stream");
}

}  // namespace
}  // namespace fal::internal
