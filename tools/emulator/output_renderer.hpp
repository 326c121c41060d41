// Renders jobs' output videos (output_plan.hpp) with falcpp::media, on a thread of its own so that
// neither the HTTP threads nor the scheduler wait on an encoder. A job whose run time is over stays
// IN_PROGRESS until its video is ready. Identical plans (the same stored input, size, frames, rate and
// image) share one render: a benchmark of a thousand identical jobs encodes once.
// In a build without falcpp::media, Create() answers nullptr and outputs are copied as before.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "job.hpp"
#include "options.hpp"
#include "output_plan.hpp"
#include "storage.hpp"

namespace fal::emulator {

struct RenderedOutput {
  std::shared_ptr<const Blob> video;  // nullptr: rendering failed (error says why), or never started
  std::string error;
  std::vector<std::string> notes;  // log lines for the job: what was rendered, what was not usable
};

class OutputRenderer {
 public:
  // nullptr when this build has no falcpp::media. `on_ready` runs (on the render thread) whenever a
  // render finishes.
  static std::unique_ptr<OutputRenderer> Create(FileStore& storage, std::function<void()> on_ready);
  ~OutputRenderer();
  OutputRenderer(const OutputRenderer&) = delete;
  OutputRenderer& operator=(const OutputRenderer&) = delete;

  // Starts (or joins) the render of the job's output.
  void Start(const std::shared_ptr<Job>& job, RenderPlan plan);
  // Whether the job's output is finished; true for a job that was never started.
  bool Ready(const std::string& request_id) const;
  // The job's finished output, and forgets the job; an empty video for a job that was never started.
  RenderedOutput Take(const std::string& request_id);
  // Forgets a job that ended without its output (cancelled, failed, timed out).
  void Forget(const std::string& request_id);
  // Forgets every job and cached render (POST /_emulator/reset).
  void Clear();

  // For /_emulator/stats: renders encoded, and jobs that reused a render.
  nlohmann::json Stats() const;

 private:
  struct State;
  explicit OutputRenderer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace fal::emulator
