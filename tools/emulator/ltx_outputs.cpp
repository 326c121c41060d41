#include "ltx_outputs.hpp"

namespace fal::emulator {
namespace {

using nlohmann::json;

bool FlagOr(const json& input, const char* name, bool fallback) {
  if (input.contains(name) && input[name].is_boolean()) return input[name].get<bool>();
  return fallback;
}

std::string StringOr(const json& input, const char* name, const std::string& fallback) {
  if (input.contains(name) && input[name].is_string()) return input[name].get<std::string>();
  return fallback;
}

double NumberOr(const json& input, const char* name, double fallback) {
  if (input.contains(name) && input[name].is_number()) return input[name].get<double>();
  return fallback;
}

// The 22b endpoints answer a VideoFile with its width, height, fps, frame count and duration.
bool IsVideoFile22b(EndpointKind kind) {
  for (const Endpoint& endpoint : AllEndpoints()) {
    if (endpoint.kind == kind) return Is22b(endpoint);
  }
  return false;
}

std::string AppendSentence(std::string prompt) {
  while (!prompt.empty() && (prompt.back() == ' ' || prompt.back() == '\n' || prompt.back() == '\t')) {
    prompt.pop_back();
  }
  if (!prompt.empty()) prompt += ' ';
  return prompt + kExpansionSentence;
}

// The metadata a 22b VideoFile carries, from the request: its size (an unset video_size is `fallback`, and
// `auto` is kAssumedAutoSize), frames, fps and duration.
void Add22bVideoMetadata(json& file, const json& input, const json& fallback) {
  const auto size =
      ResolveSize(input.contains("video_size") ? input["video_size"] : fallback, kAssumedAutoSize);
  const int frames = static_cast<int>(NumberOr(input, "num_frames", 121));
  const double fps = NumberOr(input, "fps", 24);
  file["width"] = size ? size->width : kAssumedAutoSize.width;
  file["height"] = size ? size->height : kAssumedAutoSize.height;
  file["fps"] = fps;
  file["num_frames"] = frames;
  file["duration"] = frames / fps;
}

}  // namespace

std::string FinalPrompt(EndpointKind kind, const json& input) {
  if (kind == EndpointKind::kIcLoraEffect) return StringOr(input, "prompt", "");  // no prompt expansion
  if (kind == EndpointKind::kRenderToReal) {
    std::string prompt = StringOr(input, "prompt", "3DREAL. ");
    if (prompt.rfind(kRealTrigger, 0) != 0) prompt = std::string(kRealTrigger) + ". " + prompt;
    if (FlagOr(input, "enable_prompt_expansion", false)) prompt = AppendSentence(prompt);
    return prompt;
  }
  std::string prompt = StringOr(input, "prompt", "");
  if (FlagOr(input, "enable_prompt_expansion", true)) prompt = AppendSentence(prompt);
  return prompt;
}

std::optional<std::string> SourceVideoUrl(EndpointKind kind, const json& input) {
  switch (kind) {
    case EndpointKind::kRenderToReal:
    case EndpointKind::kReferenceVideoToVideoLora:
    case EndpointKind::kReferenceVideoToVideo:
    case EndpointKind::kExtendVideo:
    case EndpointKind::kExtendVideoLora:
    case EndpointKind::kExtendVideo22b:
    case EndpointKind::kExtendVideo22bLora:
    case EndpointKind::kIcLoraEffect:
      break;
    default:
      return std::nullopt;
  }
  if (!input.contains("video_url") || !input["video_url"].is_string()) return std::nullopt;
  return input["video_url"].get<std::string>();
}

json BuildLtxOutput(EndpointKind kind, const json& input, const OutputVideo& video, std::int64_t seed) {
  json file = {{"url", video.url},
               {"content_type", "video/mp4"},
               {"file_name", video.file_name},
               {"file_size", video.file_size}};
  if (IsVideoFile22b(kind)) {
    // Text-to-video's size defaults to landscape_16_9; the image- and video-driven 22b endpoints default to
    // auto, taken as the emulator's assumed auto size.
    const bool text = kind == EndpointKind::kTextToVideo22bLora || kind == EndpointKind::kTextToVideo22b ||
                      kind == EndpointKind::kDistilledTextToVideo22bLora;
    Add22bVideoMetadata(file, input, text ? json("landscape_16_9") : json("auto"));
  }
  return json{{"video", std::move(file)}, {"seed", seed}, {"prompt", FinalPrompt(kind, input)}};
}

}  // namespace fal::emulator
