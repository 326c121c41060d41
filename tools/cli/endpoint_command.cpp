#include "endpoint_command.hpp"

#include <nlohmann/json.hpp>
#include <type_traits>

#include "clip_probe.hpp"
#include "command_options.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "fal/ltx/image_to_video.hpp"
#include "fal/ltx/reference_video_to_video.hpp"
#include "fal/ltx/render_to_real.hpp"
#include "fal/ltx/text_to_video.hpp"
#include "fal/prepare.hpp"
#include "fal/validation.hpp"
#include "job_memory.hpp"
#include "messages.hpp"
#include "split_command.hpp"
#include "steps.hpp"

namespace fal::cli {
namespace {

template <class Input>
std::vector<FlagGroup> Groups(const EndpointSpec<Input>& spec, Input& input, CommandOptions& options) {
  FlagGroup request = Bind("Request", EndpointFlags(), options);
  if (!spec.preset_choices.empty()) {
    request.flags.push_back(
        Bind("", std::vector<Flag<CommandOptions>>{PresetFlag(spec.preset_choices, spec.preset_help)},
             options)
            .flags.front());
  }
  for (BoundFlag& f : Bind("", RequestFlags(), options).flags) request.flags.push_back(std::move(f));
  std::vector<FlagGroup> groups = {
      Bind(std::string("Fields of ") + fal::EndpointTraits<Input>::kEndpointId, spec.fields, input),
      std::move(request), Bind("Submit", SubmitFlags(), options), Bind("Wait", WaitFlags(), options),
      Bind("Output", OutputFlags(), options)};
  if constexpr (std::is_same_v<Input, fal::ltx::RenderToRealInput>) {
    groups.push_back(Bind("Long clips", SplitFlags(), options));
  }
  return groups;
}

// --extra pairs as the JSON object text the input's extra_json takes (each value was checked as JSON).
std::string ExtraJson(const std::vector<std::pair<std::string, std::string>>& extra) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, value] : extra)
    object[key] = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A finding as one line of stderr: "warning: num_frames: ...".
std::string FindingLine(const std::string& label, const fal::FieldError& f) {
  return label + ": " + f.Path() + ": " + CliText(f);
}

// What to run later for a job submitted with --no-wait: its endpoint is remembered too (job_memory.hpp),
// but --endpoint makes the command work on another machine as well.
std::string FollowUp(const std::string& command, const std::string& request_id, const std::string& endpoint) {
  const std::string by_name = ResolveEndpoint(command) == endpoint ? command : endpoint;
  return "fal-ltx result " + request_id + " --endpoint " + by_name + " --wait --out video.mp4";
}

int UsageError(Context& ctx, const std::string& command, const fal::Error& error) {
  ctx.console.Err("fal-ltx " + command + ": " + error.message());
  ctx.console.Err("  see: fal-ltx " + command + " --help");
  return kExitInvalidInput;
}

}  // namespace

template <class Input>
std::string EndpointHelp(const EndpointSpec<Input>& spec) {
  Input input{};
  CommandOptions options;
  return "Usage: fal-ltx " + spec.command + " [options]\n\n" + spec.description + "\n\nExample:\n  " +
         spec.example + "\n" + FormatFlags(Groups(spec, input, options));
}

template <class Input>
int RunEndpointCommand(Context& ctx, const EndpointSpec<Input>& spec, const std::vector<std::string>& args) {
  using Traits = fal::EndpointTraits<Input>;
  Input input{};
  CommandOptions options;
  std::vector<std::string> positional;
  if (fal::Result<void> ok = ParseFlags(args, Groups(spec, input, options), positional); !ok) {
    return UsageError(ctx, spec.command, ok.error());
  }
  if (!positional.empty()) {
    return UsageError(
        ctx, spec.command,
        fal::Error(fal::ErrorCode::kInvalidArgument, "unexpected argument '" + positional.front() + "'"));
  }
  if (!options.out.empty() && options.no_wait) {
    return UsageError(
        ctx, spec.command,
        fal::Error(fal::ErrorCode::kInvalidArgument,
                   "--out needs the finished job; drop --no-wait, or later run the command --no-wait "
                   "prints: fal-ltx result ID --endpoint ENDPOINT --wait --out PATH"));
  }
  if (!options.preset.empty()) {
    if (fal::Result<void> ok = spec.apply_preset(input, options.preset); !ok) {
      return UsageError(ctx, spec.command,
                        fal::Error(fal::ErrorCode::kInvalidArgument, "--preset: " + ok.error().message()));
    }
  }
  if (!options.extra.empty()) input.extra_json = ExtraJson(options.extra);
  if constexpr (std::is_same_v<Input, fal::ltx::RenderToRealInput>) {
    if (!options.split.empty()) return RunSplitCommand(ctx, input, options);
  }
  if (options.keep_parts) {
    return UsageError(ctx, spec.command,
                      fal::Error(fal::ErrorCode::kInvalidArgument,
                                 "--keep-parts applies to split runs: add --split chained|parallel"));
  }
  const std::string endpoint =
      options.endpoint.empty() ? Traits::kEndpointId : ResolveEndpoint(options.endpoint);

  // The library's preparation (the steps a typed Client::Submit takes): finalize, read and fit the local
  // clip, validate, estimate the cost and check --max-cost; the mode decides what blocks.
  fal::PrepareSettings settings;
  settings.validation = options.validation;
  settings.clip_probe = CliClipProbe();
  settings.max_cost_usd = options.max_cost;
  settings.max_cost_name = "--max-cost";
  settings.endpoint_id = endpoint;
  fal::PreparedInput<Input> prepared = fal::PrepareInput(input, settings);
  input = std::move(prepared.input);
  const fal::ValidationReport& report = prepared.report;
  const fal::Result<void> verdict = fal::ApplyValidationMode(report, options.validation);
  if (options.dry_run) {
    Input shown = input;
    MarkLocalLoras(spec.loras != nullptr ? spec.loras(shown) : nullptr);
    ctx.console.Err("endpoint: " + endpoint);
    for (const fal::Finding& f : report.findings)
      ctx.console.Err(FindingLine(f.severity == fal::Severity::kError ? "error" : "warning", f.error));
    ctx.console.Err(CostLine(prepared.cost));
    ctx.console.Out(Traits::ToJson(shown));
    return verdict ? kExitOk : kExitInvalidInput;
  }
  for (const fal::FieldError& w : report.Warnings()) ctx.console.Err(FindingLine("warning", w));
  if (!verdict) return ReportError(ctx.console, verdict.error());
  if (options.validation == fal::ValidationMode::kWarn) {
    for (const fal::FieldError& e : report.Errors()) ctx.console.Err(FindingLine("warning (sent anyway)", e));
  }

  Progress progress(ctx.console, Progress::StyleFor(ctx.console, options.quiet));
  progress.Message(spec.command + ": " + CostLine(prepared.cost));
  const fal::Client client = MakeClient();
  if (fal::Result<void> ok = UploadLocalInputs(ctx, progress, client, options, Traits::Files(input),
                                               spec.loras != nullptr ? spec.loras(input) : nullptr);
      !ok) {
    return ReportError(ctx.console, ok.error());
  }
  fal::SubmitOptions submit = options.submit;
  submit.call.cancel = ctx.interrupt.token();
  fal::Result<fal::JobHandle> job = client.Submit(endpoint, Traits::ToJson(input), std::move(submit));
  if (!job) return ReportError(ctx.console, job.error());
  RememberJob(job->request_id(), endpoint);
  if (options.no_wait) {
    ctx.console.Out(options.json
                        ? nlohmann::json{{"request_id", job->request_id()}, {"endpoint", endpoint}}.dump()
                        : job->request_id());
    if (!options.quiet) {
      ctx.console.Err("submitted; collect the video with: " +
                      FollowUp(spec.command, job->request_id(), endpoint));
    }
    return kExitOk;
  }
  progress.Message("submitted " + endpoint + ": request " + job->request_id());

  fal::Result<fal::RawOutput> raw = WaitForJob(ctx, progress, *job, options);
  if (!raw) return ReportError(ctx.console, raw.error());
  fal::Result<typename Traits::Output> output = Traits::ParseOutput(raw->json);
  if (!output) return ReportError(ctx.console, fal::Error(output.error()).WithRequestId(raw->request_id));
  const fal::OutputFile& video = output->video;
  if (fal::Result<void> ok = PrintOutput(ctx, progress, client, options, raw->json, &video); !ok) {
    return ReportError(ctx.console, ok.error());
  }
  return kExitOk;
}

#define FALCPP_CLI_INSTANTIATE(Input)                                          \
  template int RunEndpointCommand<Input>(Context&, const EndpointSpec<Input>&, \
                                         const std::vector<std::string>&);     \
  template std::string EndpointHelp<Input>(const EndpointSpec<Input>&);
FALCPP_CLI_FOR_EACH_INPUT(FALCPP_CLI_INSTANTIATE)
#undef FALCPP_CLI_INSTANTIATE

}  // namespace fal::cli
