// fal-ltx batch MANIFEST --state FILE: a JSON-lines manifest of jobs run through falcpp's job journal, so
// that the run can be stopped at any moment (Ctrl-C, SIGKILL, a reboot) and started again with the same
// arguments without paying for any job twice. The manifest is read and validated whole before anything is
// sent; the journal (the state file) applies the restart rules (docs/batches.md).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "batch_plan.hpp"
#include "batch_report.hpp"
#include "command_options.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "fal/job_journal.hpp"
#include "fal/journaled_batch.hpp"
#include "steps.hpp"
#include "values.hpp"

namespace fal::cli {
namespace {

using nlohmann::json;

struct BatchCliOptions {
  std::string state;
  std::string out_dir;
  int concurrency = 8;
  std::optional<double> max_cost;
  bool resubmit_ambiguous = false;
  CommandOptions common;  // --poll-ms, --stream, --timeout, --quiet
};

fal::Error Invalid(std::string message) {
  return fal::Error(fal::ErrorCode::kInvalidArgument, std::move(message));
}

const std::vector<Flag<BatchCliOptions>>& BatchFlags() {
  using O = BatchCliOptions;
  static const std::vector<Flag<O>> table = {
      {"state", "FILE", "the job journal (SQLite; made if missing); run again with it to resume",
       ValueKind::kRequired, false,
       [](O& o, std::string_view v) -> fal::Result<void> {
         o.state = std::string(v);
         return {};
       }},
      {"out-dir", "DIR", "download each video to DIR/ID.mp4", ValueKind::kRequired, false,
       [](O& o, std::string_view v) -> fal::Result<void> {
         o.out_dir = std::string(v);
         return {};
       }},
      {"concurrency", "N", "jobs this process runs at once (default 8)", ValueKind::kRequired, false,
       [](O& o, std::string_view v) -> fal::Result<void> {
         fal::Result<int> n = ParseInt(v);
         if (!n) return n.error();
         if (*n < 1 || *n > 1000) return Invalid("give 1..1000");
         o.concurrency = *n;
         return {};
       }},
      {"max-cost", "USD", "refuse to start when the manifest's estimated cost is above USD",
       ValueKind::kRequired, false,
       [](O& o, std::string_view v) -> fal::Result<void> {
         fal::Result<double> usd = ParseUsd(v);
         if (!usd) return usd.error();
         o.max_cost = *usd;
         return {};
       }},
      {"resubmit-ambiguous", "",
       "submit again the jobs whose submit was never answered (a job may be paid twice)", ValueKind::kNone,
       false,
       [](O& o, std::string_view) -> fal::Result<void> {
         o.resubmit_ambiguous = true;
         return {};
       }},
  };
  return table;
}

std::vector<FlagGroup> Groups(BatchCliOptions& options) {
  return {Bind("Batch", BatchFlags(), options), Bind("Wait", WaitFlags(), options.common),
          Bind("Output", QuietFlag(), options.common)};
}

std::string Help() {
  BatchCliOptions options;
  return "Usage: fal-ltx batch MANIFEST --state FILE [--out-dir DIR] [--concurrency N] [--max-cost USD]\n"
         "                    [--resubmit-ambiguous]\n\n"
         "Runs every job of MANIFEST, a JSON-lines file with one job per line:\n"
         "  {\"id\": \"shot_010\", \"endpoint\": \"render-to-real\", \"input\": {\"video_url\": "
         "\"shots/010.mp4\"}}\n"
         "endpoint is a command name or an endpoint id; input holds the endpoint's fields by their JSON "
         "names\n"
         "(local paths in file fields are uploaded; relative ones are taken from the manifest's directory). "
         "The\n"
         "whole manifest is validated before anything is sent. Every job is recorded in the --state file, so "
         "the\n"
         "same command run again after Ctrl-C or a crash skips finished jobs, resumes the waits of submitted "
         "ones\n"
         "and never submits a job twice. A job whose submit was sent but never answered is reported as "
         "ambiguous\n"
         "(it may exist on fal) and is not submitted again without --resubmit-ambiguous. Several fal-ltx "
         "batch\n"
         "processes may share one --state file. The report is JSON on stdout and a table on stderr.\n\n"
         "Example:\n  fal-ltx batch shots.jsonl --state shots.state --out-dir out --concurrency 16\n" +
         FormatFlags(Groups(options));
}

int UsageError(Context& ctx, const std::string& message) {
  ctx.console.Err("fal-ltx batch: " + message);
  ctx.console.Err("  see: fal-ltx batch --help");
  return kExitInvalidInput;
}

struct ManifestJob {
  int line = 0;
  std::string id;
  BatchJobPlan plan;
};

// Reads and plans every line; every finding names its line. Nothing is sent.
std::vector<ManifestJob> ReadManifest(const std::filesystem::path& path, std::vector<std::string>& findings,
                                      std::vector<std::string>& warnings) {
  std::vector<ManifestJob> jobs;
  std::ifstream in(path);
  if (!in) {
    findings.push_back(path.string() + ": cannot be read: give the path of a JSON-lines manifest");
    return jobs;
  }
  const std::filesystem::path base = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::map<std::string, int> lines_of_ids;
  int number = 0;
  for (std::string text; std::getline(in, text);) {
    ++number;
    const std::string where = "line " + std::to_string(number);
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    const json line = json::parse(text, nullptr, false);
    if (!line.is_object()) {
      findings.push_back(where + ": not a JSON object (one job per line: {\"id\", \"endpoint\", \"input\"})");
      continue;
    }
    for (const auto& [key, value] : line.items()) {
      if (key != "id" && key != "endpoint" && key != "input") {
        findings.push_back(where + ": unknown key '" + key + "' (a line has id, endpoint and input)");
      }
    }
    if (line.contains("id") && (!line["id"].is_string() || line["id"].get<std::string>().empty())) {
      findings.push_back(where + ": id must be a non-empty string");
      continue;
    }
    if (!line.contains("endpoint") || !line["endpoint"].is_string()) {
      findings.push_back(where +
                         ": endpoint is missing (a command name such as render-to-real, or an endpoint id)");
      continue;
    }
    if (!line.contains("input") || !line["input"].is_object()) {
      findings.push_back(where + ": input is missing or not a JSON object");
      continue;
    }
    ManifestJob job;
    job.line = number;
    job.plan = PlanBatchJob(line["endpoint"].get<std::string>(), line["input"], base);
    job.id = line.contains("id") ? line["id"].get<std::string>()
                                 : fal::JobJournal::KeyFor(job.plan.endpoint, job.plan.intent_body);
    const std::string named = where + " (" + job.id + ")";
    for (const std::string& f : job.plan.findings) findings.push_back(named + ": " + f);
    for (const std::string& w : job.plan.warnings) warnings.push_back(named + ": " + w);
    if (const auto [it, added] = lines_of_ids.emplace(job.id, number); !added) {
      findings.push_back(where + ": id '" + job.id + "' is also on line " + std::to_string(it->second) +
                         ": ids must be unique");
    }
    jobs.push_back(std::move(job));
  }
  if (jobs.empty() && findings.empty()) findings.push_back(path.string() + ": no jobs in the manifest");
  return jobs;
}

// --max-cost: every job's estimate must be known (each unknown one is named) and their sum within the
// limit (fal::ltx::CheckCostLimit, the rule a request and a split run use too).
std::optional<std::string> CostFinding(const std::vector<ManifestJob>& jobs, double max_cost,
                                       std::vector<std::string>& findings) {
  std::vector<fal::ltx::CostEstimate> costs;
  for (const ManifestJob& job : jobs) {
    if (!job.plan.cost.known) {
      findings.push_back("line " + std::to_string(job.line) + " (" + job.id +
                         "): the cost cannot be estimated (" + job.plan.cost.note +
                         "); --max-cost needs every job's cost");
    }
    costs.push_back(job.plan.cost);
  }
  if (!findings.empty()) return std::nullopt;
  const std::optional<fal::FieldError> over =
      fal::ltx::CheckCostLimit(fal::ltx::SumCosts(costs), max_cost,
                               "the manifest's " + std::to_string(jobs.size()) + " jobs", "--max-cost");
  return over ? std::optional<std::string>(over->msg) : std::nullopt;
}

// A file name for a job id: characters other than letters, digits, '.', '-' and '_' become '_'.
std::string FileNameFor(const std::string& id) {
  std::string name = id;
  for (char& c : name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-' || c == '_';
    if (!plain) c = '_';
  }
  return name;
}

int Run(Context& ctx, const std::vector<std::string>& args) {
  BatchCliOptions options;
  std::vector<std::string> positional;
  if (fal::Result<void> ok = ParseFlags(args, Groups(options), positional); !ok) {
    return UsageError(ctx, ok.error().message());
  }
  if (positional.size() != 1) {
    return UsageError(ctx, positional.empty() ? "give the manifest: fal-ltx batch MANIFEST --state FILE"
                                              : "unexpected argument '" + positional[1] + "'");
  }
  if (options.state.empty())
    return UsageError(ctx, "--state FILE is required (the journal that makes a rerun resume)");

  std::vector<std::string> findings, warnings;
  std::vector<ManifestJob> manifest = ReadManifest(positional.front(), findings, warnings);
  if (!options.out_dir.empty()) {
    std::map<std::string, const ManifestJob*> files;
    for (const ManifestJob& job : manifest) {
      const auto [it, added] = files.emplace(FileNameFor(job.id), &job);
      if (!added) {
        findings.push_back("line " + std::to_string(job.line) + " (" + job.id + "): its video would be " +
                           it->first + ".mp4, as for line " + std::to_string(it->second->line) + " (" +
                           it->second->id + "): give ids that differ in letters, digits, '.', '-' or '_'");
      }
    }
  }
  std::optional<std::string> over_budget;
  if (options.max_cost && findings.empty()) over_budget = CostFinding(manifest, *options.max_cost, findings);
  for (const std::string& w : warnings) ctx.console.Err("warning: " + w);
  if (!findings.empty() || over_budget) {
    ctx.console.Err("fal-ltx batch: " + positional.front() + " was not run; nothing was sent:");
    for (const std::string& f : findings) ctx.console.Err("  " + f);
    if (over_budget) ctx.console.Err("  " + *over_budget);
    return kExitInvalidInput;
  }

  fal::JournalOptions journal_options;
  journal_options.resubmit_ambiguous = options.resubmit_ambiguous;
  fal::Result<fal::JobJournal> journal = fal::JobJournal::Open(options.state, journal_options);
  if (!journal) return ReportError(ctx.console, journal.error());

  const fal::Client client = MakeClient();
  Progress transfers(ctx.console, Progress::Style::kQuiet);  // per-file bars would drown the batch's line
  BatchProgress progress(ctx.console, options.common.quiet, manifest.size());
  std::vector<fal::JournaledJob> jobs;
  std::map<std::string, fal::ltx::CostEstimate> costs;
  for (ManifestJob& m : manifest) {
    fal::JournaledJob job{m.id, m.plan.endpoint, m.plan.intent_body, m.plan.files, {}};
    job.prepare = [&ctx, &transfers, &client, prepare = m.plan.prepare] {
      return prepare(ctx, transfers, client);
    };
    costs[m.id] = m.plan.cost;
    jobs.push_back(std::move(job));
  }
  fal::JournaledBatchOptions run;
  run.max_in_flight = static_cast<std::size_t>(options.concurrency);
  run.wait = options.common.Wait();
  run.cancel = ctx.interrupt.token();
  run.on_change = [&progress](const fal::JournalRecord& r) { progress.Update(r); };
  if (!options.out_dir.empty()) {
    run.finish = [&](const fal::JournalRecord& r) -> fal::Result<std::string> {
      std::optional<fal::OutputFile> video = VideoOfJson(r.output_json);
      if (!video)
        return fal::Error(fal::ErrorCode::kMalformedResponse, "the output of " + r.id + " has no video");
      const std::string path =
          (std::filesystem::path(options.out_dir) / (FileNameFor(r.id) + ".mp4")).string();
      fal::Result<std::uint64_t> saved = SaveVideo(ctx, transfers, client, *video, path);
      if (!saved) return saved.error();
      return path;
    };
  }
  progress.Start();
  fal::Result<fal::JournaledBatchReport> report =
      fal::RunJournaledBatch(client, *journal, std::move(jobs), run);
  progress.Finish();
  if (!report) return ReportError(ctx.console, report.error());
  PrintBatchReport(ctx.console, *report, costs);
  if (ctx.interrupt.interrupted()) {
    std::size_t on_fal = 0;
    for (const fal::JournalRecord& r : report->jobs) on_fal += r.state == fal::JournalState::kSubmitted;
    ctx.console.Err("interrupted: no more jobs were started; " + std::to_string(on_fal) +
                    " submitted job(s) keep running on fal (their request ids are in " + options.state +
                    "); run the same command again to pick up where it stopped");
  }
  return BatchExitCode(*report, ctx.interrupt.interrupted());
}

}  // namespace

std::vector<Command> BatchCommands() {
  return {Command{"batch", "batch MANIFEST --state FILE",
                  "run a JSON-lines manifest of jobs; a rerun resumes, never paying twice", Help, Run}};
}

}  // namespace fal::cli
