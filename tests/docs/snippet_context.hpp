// What the partial C++ blocks of the docs may use without showing it: every public header, and the
// stand-ins for the reader's own code that the blocks call (your UI, your key vault, your shot list).
// The blocks are compiled, not run (tests/docs/extract_snippets.py).
#pragma once

#include <chrono>
#include <cstdint>
#include <fal/batch.hpp>
#include <fal/cancellation.hpp>
#include <fal/client.hpp>
#include <fal/client_options.hpp>
#include <fal/credentials.hpp>
#include <fal/data_uri.hpp>
#include <fal/endpoint.hpp>
#include <fal/endpoint_id.hpp>
#include <fal/error.hpp>
#include <fal/file.hpp>
#include <fal/job.hpp>
#include <fal/json.hpp>
#include <fal/logging.hpp>
#include <fal/ltx/describe.hpp>
#include <fal/ltx/distilled.hpp>
#include <fal/ltx/extend_video.hpp>
#include <fal/ltx/frame_budget.hpp>
#include <fal/ltx/ic_lora_effects.hpp>
#include <fal/ltx/image_to_video.hpp>
#include <fal/ltx/image_to_video_22b.hpp>
#include <fal/ltx/presets.hpp>
#include <fal/ltx/quality_text_to_video.hpp>
#include <fal/ltx/reference_video_to_video.hpp>
#include <fal/ltx/render_to_real.hpp>
#include <fal/ltx/text_to_video.hpp>
#include <fal/ltx/trigger.hpp>
#include <fal/queue.hpp>
#include <fal/result.hpp>
#include <fal/storage.hpp>
#include <fal/typed_job.hpp>
#include <fal/validation.hpp>
#include <fal/version.hpp>
#include <fal/webhooks.hpp>
#include <functional>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace doc_snippets {

inline std::string LoadKeyFromMyVault() { return "key-id:key-secret"; }
inline void ShowBar(std::uint64_t, std::uint64_t) {}
inline void SaveSomewhere(const std::string&) {}
inline void WaitForEscapeKey() {}
inline std::vector<fal::ltx::RenderToRealInput> LoadShots() { return {}; }

// A UI toolkit's "run this on the UI thread".
struct Ui {
  void Post(std::function<void()>) const {}
};
inline std::function<void()> ShowError(const fal::Error&) {
  return [] {};
}
inline std::function<void()> ShowVideo(const std::string&) {
  return [] {};
}

}  // namespace doc_snippets
