// upload PATH and download URL PATH: fal's storage through fal::Storage, with progress bars.
#include <filesystem>

#include "command_options.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "steps.hpp"
#include "values.hpp"

namespace fal::cli {
namespace {

int UsageError(Context& ctx, const std::string& command, const std::string& message) {
  ctx.console.Err("fal-ltx " + command + ": " + message);
  ctx.console.Err("  see: fal-ltx " + command + " --help");
  return kExitInvalidInput;
}

std::vector<FlagGroup> UploadGroups(CommandOptions& options) {
  return {Bind("Upload", UploadFlags(), options), Bind("Output", QuietFlag(), options)};
}

std::vector<FlagGroup> DownloadGroups(CommandOptions& options) {
  return {Bind("Output", QuietFlag(), options)};
}

int Upload(Context& ctx, const std::vector<std::string>& args) {
  CommandOptions options;
  std::vector<std::string> positional;
  if (fal::Result<void> ok = ParseFlags(args, UploadGroups(options), positional); !ok) {
    return UsageError(ctx, "upload", ok.error().message());
  }
  if (positional.size() != 1) return UsageError(ctx, "upload", "give one file: fal-ltx upload PATH");
  const std::filesystem::path path = std::filesystem::u8path(positional.front());  // UTF-8 on every OS
  if (std::optional<std::string> why = NotAnUploadableFile(positional.front())) {
    if (IsRemote(positional.front())) {
      why = "'" + positional.front() + "' is already a URL: give it to a file flag as it is (--video URL)";
    }
    return UsageError(ctx, "upload", *why);
  }
  Progress progress(ctx.console, Progress::StyleFor(ctx.console, options.quiet));
  fal::UploadOptions upload;
  upload.content_type = options.content_type;
  upload.file_name = options.file_name;
  upload.lifecycle = options.lifecycle;
  upload.on_progress = progress.Transfer("uploading", path.filename().u8string());
  upload.call.cancel = ctx.interrupt.token();
  fal::Result<std::string> url = MakeClient().Storage().UploadFile(path, std::move(upload));
  progress.Clear();
  if (!url) return ReportError(ctx.console, url.error());
  ctx.console.Out(*url);
  return kExitOk;
}

int Download(Context& ctx, const std::vector<std::string>& args) {
  CommandOptions options;
  std::vector<std::string> positional;
  if (fal::Result<void> ok = ParseFlags(args, DownloadGroups(options), positional); !ok) {
    return UsageError(ctx, "download", ok.error().message());
  }
  if (positional.size() != 2)
    return UsageError(ctx, "download", "give a URL and a path: fal-ltx download URL PATH");
  Progress progress(ctx.console, Progress::StyleFor(ctx.console, options.quiet));
  fal::OutputFile file;
  file.url = positional[0];
  fal::Result<std::uint64_t> bytes = SaveVideo(ctx, progress, MakeClient(), file, positional[1]);
  if (!bytes) return ReportError(ctx.console, bytes.error());
  ctx.console.Out(positional[1]);
  return kExitOk;
}

std::string Help(std::string usage, std::string description, std::string example,
                 std::vector<FlagGroup> groups) {
  return "Usage: fal-ltx " + usage + "\n\n" + description + "\n\nExample:\n  " + example + "\n" +
         FormatFlags(groups);
}

}  // namespace

std::vector<Command> FileCommands() {
  return {
      Command{
          "upload", "upload PATH [options]", "upload a file to fal's storage and print its URL",
          [] {
            CommandOptions options;
            return Help(
                "upload PATH [options]",
                "Uploads a local file to fal's storage (in parts when large) and prints its URL, for use\n"
                "as a file field of any request.",
                "fal-ltx upload examples/data/blockout_720p.mp4 --expires-in 1d", UploadGroups(options));
          },
          Upload},
      Command{"download", "download URL PATH [options]", "download a file (an output video) to PATH",
              [] {
                CommandOptions options;
                return Help(
                    "download URL PATH [options]",
                    "Downloads URL (or a data URI) to PATH, replacing it; PATH appears only once complete.",
                    "fal-ltx download https://v3.fal.media/files/.../output.mp4 out/video.mp4",
                    DownloadGroups(options));
              },
              Download},
  };
}

}  // namespace fal::cli
