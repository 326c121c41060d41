#include "command_options.hpp"

#include <nlohmann/json.hpp>

#include "values.hpp"

namespace fal::cli {
namespace {

using Options = CommandOptions;
using Setter = std::function<fal::Result<void>(Options&, std::string_view)>;

fal::Error Invalid(std::string message) {
  return fal::Error(fal::ErrorCode::kInvalidArgument, std::move(message));
}

Flag<Options> Value(std::string name, std::string placeholder, std::string help, Setter set,
                    bool repeatable = false) {
  return Flag<Options>{std::move(name), std::move(placeholder), std::move(help), ValueKind::kRequired,
                       repeatable,      std::move(set)};
}

Flag<Options> Switch(std::string name, std::string help, bool Options::*member) {
  return Flag<Options>{std::move(name),
                       "",
                       std::move(help),
                       ValueKind::kNone,
                       false,
                       [member](Options& o, std::string_view) -> fal::Result<void> {
                         o.*member = true;
                         return {};
                       }};
}

Setter Text(std::string Options::*member) {
  return [member](Options& o, std::string_view v) -> fal::Result<void> {
    o.*member = std::string(v);
    return {};
  };
}

fal::Result<void> SetExtra(Options& o, std::string_view v) {
  const auto eq = v.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return Invalid("'" + std::string(v) +
                   "' is not key=json; e.g. --extra 'new_field=1' or --extra 'name=\"text\"'");
  }
  const std::string json_text(v.substr(eq + 1));
  if (nlohmann::json::parse(json_text, nullptr, false).is_discarded()) {
    return Invalid("the value of " + std::string(v.substr(0, eq)) + " is not JSON ('" + json_text +
                   "'); quote a string as JSON: --extra '" + std::string(v.substr(0, eq)) + "=\"" +
                   json_text + "\"'");
  }
  o.extra.emplace_back(std::string(v.substr(0, eq)), json_text);
  return {};
}

fal::Result<void> SetValidation(Options& o, std::string_view v) {
  if (v == "strict") {
    o.validation = fal::ValidationMode::kStrict;
  } else if (v == "warn") {
    o.validation = fal::ValidationMode::kWarn;
  } else if (v == "off") {
    o.validation = fal::ValidationMode::kOff;
  } else {
    return Invalid("'" + std::string(v) + "' is not one of strict|warn|off");
  }
  return {};
}

fal::Result<void> SetPriority(Options& o, std::string_view v) {
  if (v == "low") {
    o.submit.priority = fal::Priority::kLow;
  } else if (v == "normal") {
    o.submit.priority = fal::Priority::kNormal;
  } else {
    return Invalid("'" + std::string(v) + "' is not one of low|normal");
  }
  return {};
}

fal::Result<void> SetExpiresIn(Options& o, std::string_view v) {
  fal::Result<fal::ObjectLifecycle> lifecycle = fal::ObjectLifecycle::FromPreset(v);
  if (!lifecycle) return lifecycle.error();
  o.lifecycle = *lifecycle;
  o.submit.lifecycle = *lifecycle;
  return {};
}

}  // namespace

fal::WaitOptions CommandOptions::Wait() const {
  fal::WaitOptions w;
  w.mode = poll ? fal::WaitMode::kPolling : fal::WaitMode::kStreaming;
  w.poll_interval = poll_interval;
  w.with_logs = true;
  w.timeout = timeout;
  return w;
}

const std::vector<Flag<Options>>& EndpointFlags() {
  static const std::vector<Flag<Options>> table = {
      Value("endpoint", "ID", "endpoint id, or a command name such as image-to-video",
            Text(&Options::endpoint)),
  };
  return table;
}

const std::vector<Flag<Options>>& RequestFlags() {
  static const std::vector<Flag<Options>> table = {
      Value("extra", "KEY=JSON", "another body field, passed through (--extra 'new_field=1')", SetExtra,
            true),
      Switch("dry-run", "validate and print the exact JSON body; send nothing (exit 0, or 2 with findings)",
             &Options::dry_run),
      Value("validation", "strict|warn|off", "strict (default) refuses invalid input; warn sends it anyway",
            SetValidation),
      Value("max-cost", "USD",
            "refuse when the estimated cost is above USD or cannot be estimated (warn: say so and send)",
            [](Options& o, std::string_view v) -> fal::Result<void> {
              fal::Result<double> usd = ParseUsd(v);
              if (!usd) return usd.error();
              o.max_cost = *usd;
              return {};
            }),
  };
  return table;
}

const std::vector<Flag<Options>>& SubmitFlags() {
  static const std::vector<Flag<Options>> table = {
      Switch("no-wait", "submit, print the request id and exit", &Options::no_wait),
      Value("webhook", "URL", "fal POSTs the result to URL when the job ends",
            [](Options& o, std::string_view v) -> fal::Result<void> {
              o.submit.webhook_url = std::string(v);
              return {};
            }),
      Value("priority", "low|normal", "queue priority", SetPriority),
      Value("hint", "TEXT", "runner hint: jobs with the same hint share a runner when possible",
            [](Options& o, std::string_view v) -> fal::Result<void> {
              o.submit.hint = std::string(v);
              return {};
            }),
      Value("start-timeout", "S", "give up if the job has not started after S seconds",
            [](Options& o, std::string_view v) -> fal::Result<void> {
              fal::Result<std::chrono::milliseconds> d = ParseDuration(v);
              if (!d) return d.error();
              // fal's own floor, checked here to word it as the flag (the library checks it too).
              if (d->count() <= 100) {
                return Invalid("'" + std::string(v) +
                               "' is too short: fal needs more than 0.1 s; give e.g. 30");
              }
              o.submit.start_timeout = *d;
              return {};
            }),
      Value("expires-in", "1h|1d|7d|30d|1y|never|S", "how long fal keeps uploads and generated media",
            SetExpiresIn),
      Value(
          "header", "NAME:VALUE", "an extra HTTP header on the submit",
          [](Options& o, std::string_view v) -> fal::Result<void> {
            auto header = ParseHeader(v);
            if (!header) return header.error();
            if (EqualsNoCase(header->first, "authorization")) {
              return Invalid("Authorization may not be set by hand: the key comes from FAL_KEY");
            }
            o.submit.extra_headers.push_back(std::move(*header));
            return {};
          },
          true),
  };
  return table;
}

const std::vector<Flag<Options>>& WaitFlags() {
  static const std::vector<Flag<Options>> table = {
      Value("timeout", "S", "cancel the job if it has not finished after S seconds (exit 5)",
            [](Options& o, std::string_view v) -> fal::Result<void> {
              fal::Result<std::chrono::milliseconds> d = ParseDuration(v);
              if (!d) return d.error();
              if (d->count() == 0) return Invalid("the timeout must be above zero");
              o.timeout = *d;
              return {};
            }),
      Switch("poll", "poll the status instead of following its event stream", &Options::poll),
      Value("poll-ms", "MS", "with --poll: the pause between status polls (default 500)",
            [](Options& o, std::string_view v) -> fal::Result<void> {
              fal::Result<int> ms = ParseInt(v);
              if (!ms) return ms.error();
              if (*ms < 10) return Invalid("'" + std::string(v) + "' is below 10 ms");
              o.poll_interval = std::chrono::milliseconds(*ms);
              o.poll = true;
              return {};
            }),
      Switch("stream", "follow the status as a server-sent event stream (the default)", &Options::stream),
  };
  return table;
}

const std::vector<Flag<Options>>& OutputFlags() {
  static const std::vector<Flag<Options>> table = {
      Value("out", "PATH", "download the video to PATH (replacing it) and print PATH", Text(&Options::out)),
      Switch("json", "print the output JSON instead of the video URL", &Options::json),
      Switch("quiet", "no progress on stderr", &Options::quiet),
  };
  return table;
}

const std::vector<Flag<Options>>& QuietFlag() {
  static const std::vector<Flag<Options>> table = {
      Switch("quiet", "no progress on stderr", &Options::quiet),
  };
  return table;
}

const std::vector<Flag<Options>>& StatusFlags() {
  static const std::vector<Flag<Options>> table = {
      Switch("logs", "also print the job's log lines", &Options::logs),
      Switch("json", "print the status JSON as fal sent it", &Options::json),
  };
  return table;
}

const std::vector<Flag<Options>>& ResultFlags() {
  static const std::vector<Flag<Options>> table = {
      Switch("wait", "wait for the job to finish first (with progress)", &Options::wait),
  };
  return table;
}

const std::vector<Flag<Options>>& UploadFlags() {
  static const std::vector<Flag<Options>> table = {
      Value("content-type", "TYPE", "the file's content type (default: sniffed from its bytes)",
            Text(&Options::content_type)),
      Value("file-name", "NAME", "the stored file's name (default: the path's file name)",
            Text(&Options::file_name)),
      Value("expires-in", "1h|1d|7d|30d|1y|never|S", "how long fal keeps the file", SetExpiresIn),
  };
  return table;
}

const std::vector<Flag<Options>>& SplitFlags() {
  static const std::vector<Flag<Options>> table = {
      Value("split", "chained|parallel",
            "render a clip longer than the budget in segments, stitched into --out",
            [](Options& o, std::string_view v) -> fal::Result<void> {
              if (v != "chained" && v != "parallel") {
                return Invalid("'" + std::string(v) + "' is not one of chained|parallel");
              }
              o.split = std::string(v);
              return {};
            }),
      Switch("keep-parts", "with --split: keep the segments' files (OUT.parts) after success",
             &Options::keep_parts),
  };
  return table;
}

Flag<Options> PresetFlag(std::string choices, std::string help) {
  return Value("preset", std::move(choices), std::move(help), Text(&Options::preset));
}

}  // namespace fal::cli
