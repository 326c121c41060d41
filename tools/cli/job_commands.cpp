// status ID, result ID and cancel ID: the jobs of any endpoint, by request id. Without --endpoint, the
// endpoint fal-ltx remembers submitting the job to (job_memory.hpp), else render-to-real; fal addresses
// these calls to the endpoint's app (owner/alias), so that default also serves the other ltx-2.3-quality
// endpoints, and text-to-video jobs submitted elsewhere need --endpoint text-to-video.
#include "command_options.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "job_memory.hpp"
#include "messages.hpp"
#include "steps.hpp"

namespace fal::cli {
namespace {

using Groups = std::vector<FlagGroup>;

struct JobCommandSpec {
  std::string name;
  std::string summary;
  std::string description;
  std::string example;
  // The option tables beyond --endpoint.
  std::vector<const std::vector<Flag<CommandOptions>>*> tables;
  std::vector<std::string> titles;
  int (*run)(Context&, const fal::JobHandle&, CommandOptions&);
};

Groups GroupsFor(const JobCommandSpec& spec, CommandOptions& options) {
  Groups groups = {Bind("Job", EndpointFlags(), options)};
  for (std::size_t i = 0; i < spec.tables.size(); ++i)
    groups.push_back(Bind(spec.titles[i], *spec.tables[i], options));
  return groups;
}

std::string HelpFor(const JobCommandSpec& spec) {
  CommandOptions options;
  return "Usage: fal-ltx " + spec.name + " ID [options]\n\n" + spec.description + "\n\nExample:\n  " +
         spec.example + "\n" + FormatFlags(GroupsFor(spec, options));
}

int Run(Context& ctx, const JobCommandSpec& spec, const std::vector<std::string>& args) {
  CommandOptions options;
  std::vector<std::string> positional;
  fal::Result<void> ok = ParseFlags(args, GroupsFor(spec, options), positional);
  if (ok && positional.size() != 1) {
    ok = fal::Error(fal::ErrorCode::kInvalidArgument,
                    positional.empty() ? "give the request id: fal-ltx " + spec.name + " ID"
                                       : "unexpected argument '" + positional[1] + "'");
  }
  if (!ok) {
    ctx.console.Err("fal-ltx " + spec.name + ": " + ok.error().message());
    ctx.console.Err("  see: fal-ltx " + spec.name + " --help");
    return kExitInvalidInput;
  }
  // --endpoint, else the endpoint this machine's fal-ltx submitted the job to, else the default.
  const std::string endpoint = !options.endpoint.empty()
                                   ? ResolveEndpoint(options.endpoint)
                                   : RememberedEndpoint(positional.front()).value_or(DefaultJobEndpoint());
  fal::Result<fal::JobHandle> job = MakeClient().Job(endpoint, positional.front());
  if (!job) return ReportError(ctx.console, job.error());
  return spec.run(ctx, *job, options);
}

int Status(Context& ctx, const fal::JobHandle& job, CommandOptions& options) {
  fal::CallOptions call;
  call.cancel = ctx.interrupt.token();
  fal::Result<fal::JobStatus> status =
      job.Status(options.logs ? fal::Logs::kInclude : fal::Logs::kOmit, call);
  if (!status) return ReportError(ctx.console, status.error());
  if (options.json) {
    ctx.console.Out(status->raw_json);
    return kExitOk;
  }
  if (options.logs) {
    for (const fal::LogEntry& line : status->logs) ctx.console.Out("log: " + line.message);
  }
  std::string text = status->raw_state;
  if (status->queue_position) text += " (position " + std::to_string(*status->queue_position) + ")";
  if (status->failed()) {
    text +=
        ": failed: " + status->error + (status->error_type.empty() ? "" : " (" + status->error_type + ")");
  }
  ctx.console.Out(text);
  return kExitOk;
}

int ResultOf(Context& ctx, const fal::JobHandle& job, CommandOptions& options) {
  Progress progress(ctx.console, Progress::StyleFor(ctx.console, options.quiet));
  fal::Result<fal::RawOutput> raw = fal::Error(fal::ErrorCode::kInternal, "not fetched");
  if (options.wait) {
    raw = WaitForJob(ctx, progress, job, options);
  } else {
    fal::CallOptions call;
    call.cancel = ctx.interrupt.token();
    raw = job.FetchResult(call);
  }
  if (!raw) return ReportError(ctx.console, raw.error());  // not finished yet: exit 6, "add --wait"
  const std::optional<fal::OutputFile> video = VideoOfJson(raw->json);
  if (fal::Result<void> ok =
          PrintOutput(ctx, progress, MakeClient(), options, raw->json, video ? &*video : nullptr);
      !ok) {
    return ReportError(ctx.console, ok.error());
  }
  return kExitOk;
}

int Cancel(Context& ctx, const fal::JobHandle& job, CommandOptions&) {
  fal::CallOptions call;
  call.cancel = ctx.interrupt.token();
  fal::Result<fal::CancelOutcome> outcome = job.Cancel(call);
  if (!outcome) return ReportError(ctx.console, outcome.error());
  switch (*outcome) {
    case fal::CancelOutcome::kCancellationRequested:
      ctx.console.Out("cancellation requested");
      return kExitOk;
    case fal::CancelOutcome::kAlreadyCompleted:
      ctx.console.Out("already completed");
      return kExitOk;
    case fal::CancelOutcome::kNotFound:
      break;
  }
  ctx.console.Err("fal-ltx: no job " + job.request_id() + " on " + job.endpoint().Full() + "; " +
                  std::string(CliAdvice(fal::Advice::kCheckRequestId)));
  return kExitApiError;
}

const std::vector<JobCommandSpec>& Specs() {
  static const auto* specs = new std::vector<JobCommandSpec>{
      {"status",
       "a job's state, queue position and logs",
       "Prints a job's state: IN_QUEUE (position N), IN_PROGRESS or COMPLETED (with the error if it failed).",
       "fal-ltx status 3f2a9c1e-... --endpoint render-to-real --logs",
       {&StatusFlags()},
       {"Output"},
       Status},
      {"result",
       "a finished job's output (video URL, JSON or the downloaded file)",
       "Prints a finished job's video URL (or its JSON with --json), and downloads the video with --out.\n"
       "With --wait it first waits for the job, showing its progress; without it, a job that has not\n"
       "finished exits with 6.",
       "fal-ltx result 3f2a9c1e-... --wait --out out/video.mp4",
       {&ResultFlags(), &WaitFlags(), &OutputFlags()},
       {"Result", "Wait", "Output"},
       ResultOf},
      {"cancel",
       "cancel a queued or running job",
       "Asks fal to cancel a job. Prints \"cancellation requested\" or \"already completed\"; an unknown\n"
       "request id exits with 3.",
       "fal-ltx cancel 3f2a9c1e-... --endpoint image-to-video",
       {},
       {},
       Cancel},
  };
  return *specs;
}

}  // namespace

std::vector<Command> JobCommands() {
  std::vector<Command> commands;
  for (const JobCommandSpec& spec : Specs()) {
    commands.push_back(Command{
        spec.name, spec.name + " ID [options]", spec.summary, [&spec] { return HelpFor(spec); },
        [&spec](Context& ctx, const std::vector<std::string>& args) { return Run(ctx, spec, args); }});
  }
  return commands;
}

}  // namespace fal::cli
