#include "steps.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "messages.hpp"
#include "values.hpp"

namespace fal::cli {
namespace {

bool IsLocalLora(const fal::ltx::LoraInput& lora) {
  std::error_code ec;
  return !IsRemote(lora.path) && std::filesystem::is_regular_file(lora.path, ec);
}

fal::Result<std::string> UploadOne(Context& ctx, Progress& progress, const fal::Client& client,
                                   const CommandOptions& options, const fal::File& file,
                                   const std::string& label) {
  fal::UploadOptions upload;
  upload.lifecycle = options.lifecycle;
  upload.on_progress = progress.Transfer("uploading", label);
  upload.call.cancel = ctx.interrupt.token();
  fal::Result<std::string> url = client.Storage().Upload(file, std::move(upload));
  progress.Clear();
  if (url) progress.Message("uploaded " + label + ": " + *url);
  return url;
}

}  // namespace

fal::Result<void> UploadLocalInputs(Context& ctx, Progress& progress, const fal::Client& client,
                                    const CommandOptions& options, const std::vector<fal::File*>& files,
                                    std::vector<fal::ltx::LoraInput>* loras) {
  for (fal::File* file : files) {
    if (!file->NeedsUpload()) continue;
    fal::Result<std::string> url =
        UploadOne(ctx, progress, client, options, *file, file->path().filename().u8string());
    if (!url) return url.error();
    *file = fal::File(std::move(*url));
  }
  if (loras == nullptr) return {};
  for (fal::ltx::LoraInput& lora : *loras) {
    if (!IsLocalLora(lora)) continue;
    const std::filesystem::path path = std::filesystem::u8path(lora.path);
    fal::Result<std::string> url =
        UploadOne(ctx, progress, client, options, fal::File::FromPath(path), path.filename().u8string());
    if (!url) return url.error();
    lora.path = std::move(*url);
  }
  return {};
}

void MarkLocalLoras(std::vector<fal::ltx::LoraInput>* loras) {
  if (loras == nullptr) return;
  for (fal::ltx::LoraInput& lora : *loras) {
    if (IsLocalLora(lora)) lora.path = fal::File::FromPath(lora.path).WireValue();
  }
}

fal::Result<fal::RawOutput> WaitForJob(Context& ctx, Progress& progress, const fal::JobHandle& job,
                                       const CommandOptions& options) {
  fal::WaitOptions wait = options.Wait();
  wait.on_update = [&progress](const fal::JobStatus& s) { progress.JobUpdate(s); };
  wait.cancel = ctx.interrupt.token();
  fal::Result<fal::RawOutput> out = job.Wait(std::move(wait));
  progress.Clear();
  if (out) return out;
  // --timeout is WaitOptions::timeout: the library has already cancelled the job (once) and says how
  // that went. Ctrl-C stops the wait only; the job is cancelled here.
  const bool interrupted = out.error().code() == fal::ErrorCode::kCancelled && ctx.interrupt.interrupted();
  if (!interrupted) return out;
  progress.Message("interrupted: cancelling job " + job.request_id() + " on the server");
  fal::CallOptions call;
  call.timeout = std::chrono::seconds(15);
  fal::Result<fal::CancelOutcome> cancelled = job.Cancel(call);
  const std::string what = cancelled ? "fal says: " + std::string(fal::ToString(*cancelled))
                                     : "the cancel failed: " + CliText(cancelled.error());
  return fal::Error(fal::ErrorCode::kCancelled,
                    "interrupted; cancelled job " + job.request_id() + " (" + what + ")")
      .WithRequestId(job.request_id());
}

fal::Result<std::uint64_t> SaveVideo(Context& ctx, Progress& progress, const fal::Client& client,
                                     const fal::OutputFile& file, const std::string& path) {
  std::error_code ec;
  const std::filesystem::path target = std::filesystem::u8path(path);  // UTF-8 on every OS
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path(), ec);
  fal::DownloadOptions download;
  download.overwrite = true;
  download.on_progress = progress.Transfer("downloading", target.filename().u8string());
  download.call.cancel = ctx.interrupt.token();
  fal::Result<std::uint64_t> bytes = client.Storage().Download(file, target, std::move(download));
  progress.Clear();
  if (bytes) progress.Message("saved " + path + " (" + FormatBytes(*bytes) + ")");
  return bytes;
}

std::optional<fal::OutputFile> VideoOfJson(const std::string& output_json) {
  const nlohmann::json j = nlohmann::json::parse(output_json, nullptr, false);
  if (!j.is_object() || !j.contains("video") || !j["video"].is_object()) return std::nullopt;
  const nlohmann::json& v = j["video"];
  if (!v.contains("url") || !v["url"].is_string()) return std::nullopt;
  fal::OutputFile file;
  file.url = v["url"].get<std::string>();
  if (v.contains("content_type") && v["content_type"].is_string())
    file.content_type = v["content_type"].get<std::string>();
  if (v.contains("file_name") && v["file_name"].is_string())
    file.file_name = v["file_name"].get<std::string>();
  if (v.contains("file_size") && v["file_size"].is_number_integer())
    file.file_size = v["file_size"].get<std::int64_t>();
  return file;
}

fal::Result<void> PrintOutput(Context& ctx, Progress& progress, const fal::Client& client,
                              const CommandOptions& options, const std::string& output_json,
                              const fal::OutputFile* video) {
  if (!options.out.empty()) {
    if (video == nullptr) {
      return fal::Error(fal::ErrorCode::kMalformedResponse,
                        "the output has no video to save to " + options.out);
    }
    fal::Result<std::uint64_t> saved = SaveVideo(ctx, progress, client, *video, options.out);
    if (!saved) return saved.error();
  }
  if (options.json) {
    ctx.console.Out(output_json);
  } else if (!options.out.empty()) {
    ctx.console.Out(options.out);
  } else if (video != nullptr) {
    ctx.console.Out(video->url);
  } else {
    ctx.console.Out(output_json);
  }
  return {};
}

}  // namespace fal::cli
