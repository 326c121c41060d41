// fal-ltx batch: one manifest line made into a job. The line's "input" object is applied through the same
// field table as the endpoint's command (endpoint_tables.cpp; each key is a flag: num_frames is
// --num-frames, video_url is --video), then finalized and validated by the library as a typed submit is.
// Nothing is uploaded or sent here: `prepare` does the uploads when the job runs.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "context.hpp"
#include "endpoint_command.hpp"
#include "fal/client.hpp"
#include "fal/ltx/cost.hpp"
#include "progress.hpp"

namespace fal::cli {

struct BatchJobPlan {
  std::string endpoint;               // the endpoint id
  std::string intent_body;            // the body with local files as "<upload: NAME>" placeholders
  std::vector<std::string> files;     // the local files it uploads
  std::vector<std::string> findings;  // errors: the job cannot be sent (each "path: message")
  std::vector<std::string> warnings;
  fal::ltx::CostEstimate cost;
  // Uploads the local files and returns the body to send (blocking; Ctrl-C cancels the uploads).
  std::function<fal::Result<std::string>(Context&, Progress&, const fal::Client&)> prepare;
};

// Plans a job for the endpoint `endpoint` (an id or a command name) from its manifest input. Relative
// local paths are taken from `base_dir` (the manifest's directory). Findings, not errors: the caller lists
// every finding of every line.
BatchJobPlan PlanBatchJob(const std::string& endpoint, const nlohmann::json& input,
                          const std::filesystem::path& base_dir);

// The template behind PlanBatchJob for one endpoint's spec (batch_plan.cpp).
template <class Input>
BatchJobPlan PlanTypedJob(const EndpointSpec<Input>& spec, const nlohmann::json& input,
                          const std::filesystem::path& base_dir);

}  // namespace fal::cli
