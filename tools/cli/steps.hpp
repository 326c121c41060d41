// The steps fal-ltx's commands share, each in one place: upload local inputs, wait for a job with
// progress and Ctrl-C, download a video, print an output.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "command_options.hpp"
#include "context.hpp"
#include "fal/client.hpp"
#include "fal/file.hpp"
#include "fal/ltx/common.hpp"
#include "progress.hpp"

namespace fal::cli {

// Uploads every File that is a local path (through fal::Storage, with a progress bar each) and every
// LoRA path that names a local file, replacing them with their URLs. Errors: those of the upload;
// kCancelled on Ctrl-C.
fal::Result<void> UploadLocalInputs(Context& ctx, Progress& progress, const fal::Client& client,
                                    const CommandOptions& options, const std::vector<fal::File*>& files,
                                    std::vector<fal::ltx::LoraInput>* loras);

// In a dry run, LoRA paths that name local files show as "<upload: NAME>", as File placeholders do.
void MarkLocalLoras(std::vector<fal::ltx::LoraInput>* loras);

// Waits for `job` with progress (queue position, log lines). On Ctrl-C it cancels the job on the
// server and returns kCancelled saying so; --timeout gives kDeadlineExceeded (the library cancels).
fal::Result<fal::RawOutput> WaitForJob(Context& ctx, Progress& progress, const fal::JobHandle& job,
                                       const CommandOptions& options);

// Downloads `file` to `path` (replacing it), with a progress bar. Returns the bytes written.
fal::Result<std::uint64_t> SaveVideo(Context& ctx, Progress& progress, const fal::Client& client,
                                     const fal::OutputFile& file, const std::string& path);

// Prints an output the way the options ask: the JSON (--json), else the path (--out), else the
// video URL; and downloads it first with --out. `video` is null when the output has no video.
fal::Result<void> PrintOutput(Context& ctx, Progress& progress, const fal::Client& client,
                              const CommandOptions& options, const std::string& output_json,
                              const fal::OutputFile* video);

// The video of a generic output JSON (`video` with a `url`), for outputs of any endpoint.
std::optional<fal::OutputFile> VideoOfJson(const std::string& output_json);

}  // namespace fal::cli
