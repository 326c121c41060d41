// A build without falcpp::media: no renderer; outputs are the stored input or the bundled sample.
#include "output_renderer.hpp"

namespace fal::emulator {

bool CanRenderOutputs() { return false; }

struct OutputRenderer::State {};

std::unique_ptr<OutputRenderer> OutputRenderer::Create(FileStore&, std::function<void()>) { return nullptr; }
OutputRenderer::OutputRenderer(std::unique_ptr<State> state) : state_(std::move(state)) {}
OutputRenderer::~OutputRenderer() = default;
void OutputRenderer::Start(const std::shared_ptr<Job>&, RenderPlan) {}
bool OutputRenderer::Ready(const std::string&) const { return true; }
RenderedOutput OutputRenderer::Take(const std::string&) { return {}; }
void OutputRenderer::Forget(const std::string&) {}
void OutputRenderer::Clear() {}
nlohmann::json OutputRenderer::Stats() const { return nlohmann::json::object(); }

}  // namespace fal::emulator
