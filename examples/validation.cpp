// Validation before anything is paid for: a request with mistakes, checked locally. DryRun shows every
// finding and the exact body; a Strict submit refuses it without uploading or sending anything.
//
//   ./example_validation          (no key or network needed)
#include <fal/client.hpp>
#include <fal/ltx/frame_budget.hpp>
#include <fal/ltx/render_to_real.hpp>
#include <iostream>

int main() {
  fal::Client client;

  fal::ltx::RenderToRealInput input;
  input.video_url = "https://example.com/blockout.mp4";
  input.prompt =
      "A cargo ship in a busy harbor at dawn.";  // the trigger is added: "3DREAL. A cargo ship ..."
  input.num_frames = 200;                        // over the 720p budget (145 frames), and not 8k+1
  input.guidance_scale = 0.5;                    // below the minimum of 1
  input.detail_refine_strength = 0.5;            // ignored without enable_detail_refine

  fal::PreparedRequest prepared = client.DryRun(input);
  std::cout << "endpoint: " << prepared.endpoint_id << "\nbody: " << prepared.body << "\n\nfindings:\n";
  for (const fal::Finding& f : prepared.report.findings) {
    std::cout << (f.severity == fal::Severity::kError ? "  error   " : "  warning ") << f.error.Path() << " ["
              << f.error.type << "]: " << f.error.msg << "\n";
  }

  // A Strict submit (the default) fails locally with every error, in fal's 422 shape.
  auto job = client.Submit(input);
  if (!job) {
    std::cout << "\nsubmit refused: " << fal::ToString(job.error().code()) << ", "
              << job.error().field_errors().size() << " field errors"
              << (fal::ltx::IsFrameBudgetRejection(job.error()) ? " (a frame budget rejection)" : "") << "\n";
  }

  // Fixed: 480p allows up to 361 frames.
  input.resolution = fal::ltx::RenderResolution::k480p;
  input.num_frames = 193;
  input.guidance_scale = 1.5;
  input.detail_refine_strength.reset();
  const fal::ValidationReport fixed = client.DryRun(input).report;
  std::cout << "after the fixes: " << (fixed.findings.empty() ? "no findings" : fixed.ToString()) << "\n";
  return fixed.HasErrors() || job ? 1 : 0;
}
