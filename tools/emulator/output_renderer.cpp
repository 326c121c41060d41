#include "output_renderer.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "fal/media/media.hpp"
#include "label.hpp"

namespace fal::emulator {
namespace {

constexpr std::size_t kCachedRenders = 16;

// One render, shared by every job whose plan has the same key.
struct Render {
  std::string key;
  RenderPlan plan;
  bool done = false;
  RenderedOutput output;
};

std::string KeyOf(const RenderPlan& plan) {
  // The blobs' addresses identify the stored files: the cache holds the plan, so they stay alive (and
  // their addresses unique) as long as the key is in use.
  return std::to_string(reinterpret_cast<std::uintptr_t>(plan.source.get())) + "|" +
         std::to_string(reinterpret_cast<std::uintptr_t>(plan.image.get())) + "|" +
         std::to_string(static_cast<int>(plan.size_rule)) + "|" + std::to_string(plan.width) + "x" +
         std::to_string(plan.height) + "|" + std::to_string(plan.short_side) + "|" +
         std::to_string(plan.frames) + "|" + std::to_string(plan.fps_numerator) + "/" +
         std::to_string(plan.fps_denominator) + "|" + plan.label;
}

std::uint8_t Clamp(int value) { return static_cast<std::uint8_t>(std::clamp(value, 0, 255)); }

// A warm, lifted grade, so that a person sees the job ran. The frame code's rows stay as they are:
// tests read the source's frame numbers through the output.
void Grade(media::RgbImage& frame, int first_row) {
  for (std::size_t i = static_cast<std::size_t>(first_row) * frame.width * 3; i < frame.pixels.size();
       i += 3) {
    std::uint8_t* pixel = &frame.pixels[i];
    pixel[0] = Clamp(24 + pixel[0] * 88 / 100);
    pixel[1] = Clamp(12 + pixel[1] * 80 / 100);
    pixel[2] = Clamp(4 + pixel[2] * 66 / 100);
  }
}

// image_url's picture, half and half over the first frame (below the frame code).
void Blend(media::RgbImage& frame, const media::RgbImage& image, int first_row) {
  for (std::size_t i = static_cast<std::size_t>(first_row) * frame.width * 3; i < frame.pixels.size(); ++i) {
    frame.pixels[i] = static_cast<std::uint8_t>((frame.pixels[i] + image.pixels[i]) / 2);
  }
}

}  // namespace

bool CanRenderOutputs() { return true; }

struct OutputRenderer::State {
  State(FileStore& store, std::function<void()> ready) : storage(store), on_ready(std::move(ready)) {}

  void Loop();
  RenderedOutput Run(const RenderPlan& plan);
  void EvictLocked();

  FileStore& storage;
  const std::function<void()> on_ready;
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::shared_ptr<Render>> queue;
  std::map<std::string, std::shared_ptr<Render>> cache;
  std::deque<std::string> cache_order;  // oldest first
  std::unordered_map<std::string, std::shared_ptr<Render>> jobs;
  std::uint64_t renders = 0;
  std::uint64_t reused = 0;
  std::atomic<bool> stopping{false};
  std::thread thread;
};

std::unique_ptr<OutputRenderer> OutputRenderer::Create(FileStore& storage, std::function<void()> on_ready) {
  media::QuietFfmpegLog();  // the encoder's banner on every render would bury the emulator's own notes
  std::unique_ptr<OutputRenderer> renderer(
      new OutputRenderer(std::make_unique<State>(storage, std::move(on_ready))));
  State* state = renderer->state_.get();
  state->thread = std::thread([state] { state->Loop(); });
  return renderer;
}

OutputRenderer::OutputRenderer(std::unique_ptr<State> state) : state_(std::move(state)) {}

OutputRenderer::~OutputRenderer() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  if (state_->thread.joinable()) state_->thread.join();
}

void OutputRenderer::Start(const std::shared_ptr<Job>& job, RenderPlan plan) {
  const std::string key = KeyOf(plan);
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto& render = state_->cache[key];
    if (render) {
      ++state_->reused;
    } else {
      render = std::make_shared<Render>();
      render->key = key;
      render->plan = std::move(plan);
      state_->cache_order.push_back(key);
      state_->queue.push_back(render);
      state_->EvictLocked();
    }
    state_->jobs[job->spec().request_id] = render;
  }
  state_->wake.notify_all();
}

bool OutputRenderer::Ready(const std::string& request_id) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto it = state_->jobs.find(request_id);
  return it == state_->jobs.end() || it->second->done;
}

RenderedOutput OutputRenderer::Take(const std::string& request_id) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto it = state_->jobs.find(request_id);
  if (it == state_->jobs.end() || !it->second->done) return {};
  RenderedOutput output = it->second->output;
  state_->jobs.erase(it);
  return output;
}

void OutputRenderer::Forget(const std::string& request_id) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->jobs.erase(request_id);
}

void OutputRenderer::Clear() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->jobs.clear();
  state_->queue.clear();
  state_->cache.clear();
  state_->cache_order.clear();
}

nlohmann::json OutputRenderer::Stats() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return {{"outputs_rendered", state_->renders}, {"outputs_reused", state_->reused}};
}

void OutputRenderer::State::EvictLocked() {
  // Finished renders beyond the bound go, oldest first; jobs still holding one keep it.
  for (auto it = cache_order.begin(); cache.size() > kCachedRenders && it != cache_order.end();) {
    const auto entry = cache.find(*it);
    if (entry != cache.end() && entry->second->done) {
      cache.erase(entry);
      it = cache_order.erase(it);
    } else {
      ++it;
    }
  }
}

void OutputRenderer::State::Loop() {
  std::unique_lock<std::mutex> lock(mutex);
  while (!stopping) {
    if (queue.empty()) {
      wake.wait(lock, [this] { return stopping || !queue.empty(); });
      continue;
    }
    std::shared_ptr<Render> render = std::move(queue.front());
    queue.pop_front();
    lock.unlock();
    RenderedOutput output = Run(render->plan);
    lock.lock();
    render->output = std::move(output);
    render->done = true;
    ++renders;
    EvictLocked();
    lock.unlock();
    on_ready();
    lock.lock();
  }
}

RenderedOutput OutputRenderer::State::Run(const RenderPlan& plan) {
  RenderedOutput output;
  media::RewriteSpec spec;
  std::optional<PixelSize> source_size;
  std::shared_ptr<const Blob> source;  // held while the render reads it
  if (plan.source) source = storage.AsSingleFile(plan.source);
  if (source) {
    auto clip = media::Probe(source->path);
    if (clip) {
      spec.source = source->path;
      source_size = PixelSize{clip->width, clip->height};
    } else {
      output.notes.push_back("video_url is not a video the emulator can read (" + clip.error().message() +
                             "); the output is a test pattern");
    }
  }
  const PixelSize size = OutputSize(plan, source_size);
  spec.width = size.width;
  spec.height = size.height;
  spec.frame_count = plan.frames;
  spec.frame_rate_numerator = plan.fps_numerator;
  spec.frame_rate_denominator = plan.fps_denominator;
  spec.encode.preset = "ultrafast";  // a stand-in for a render: speed over size
  spec.encode.crf = 23;

  std::optional<media::RgbImage> image;
  if (plan.image) {
    std::shared_ptr<const Blob> file = storage.AsSingleFile(plan.image);
    auto read =
        file ? media::ReadImage(file->path, size.width, size.height)
             : Result<media::RgbImage>(Error(ErrorCode::kUnavailable, "the image could not be copied"));
    if (read) {
      image = std::move(*read);
    } else {
      output.notes.push_back("image_url is not an image the emulator can read (" + read.error().message() +
                             "); the first frame is left as it is");
    }
  }
  const int band = media::FrameCodeRows(size.height);
  const std::string& label = plan.label;
  spec.edit_frame = [this, &image, band, &label](std::int64_t index, media::RgbImage& frame) {
    if (index == 0 && image) Blend(frame, *image, band);
    Grade(frame, band);
    DrawLabel(LabelCanvas{frame.pixels.data(), frame.width, frame.height}, label);
    return !stopping.load();
  };

  const std::string path = storage.NewFilePath("render");
  auto written = media::RewriteClip(path, spec);
  if (!written) {
    output.error = written.error().message();
    return output;
  }
  output.video = FileStore::AdoptFile(path);
  if (!output.video) output.error = "the rendered video " + path + " disappeared";
  output.notes.insert(output.notes.begin(),
                      "Rendered the output video: " + std::to_string(size.width) + "x" +
                          std::to_string(size.height) + ", " + std::to_string(plan.frames) + " frames at " +
                          std::to_string(plan.fps_numerator) + "/" + std::to_string(plan.fps_denominator) +
                          " fps" + (spec.source.empty() ? " (test pattern)" : " (the input's frames)"));
  return output;
}

}  // namespace fal::emulator
