#include "options.hpp"

#include <cerrno>
#include <cstdlib>
#include <functional>
#include <map>

namespace fal::emulator {
namespace {

bool ParseInt(const std::string& text, long long min, long long max, long long& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || value < min || value > max) return false;
  out = value;
  return true;
}

}  // namespace

std::string UsageText() {
  return R"(Usage: fal-emulator [options]

A local fal server: queue, storage and webhooks for the LTX-2.3 endpoints, on loopback.
The first line on stdout is "fal-emulator listening on http://HOST:PORT".

  --host HOST               address to listen on (default 127.0.0.1)
  --port PORT               port, 0 picks a free one (default 0)
  --api-key KEY             require "Authorization: Key KEY" on queue and rest routes
  --workers N               jobs in progress at once (default 2)
  --queue-ms MS             least time a job stays IN_QUEUE (default 500)
  --run-ms MS               time a job stays IN_PROGRESS (default 1000)
  --log-every-ms MS         interval of log lines while IN_PROGRESS (default 250)
  --seed S                  seed for ids, file names, output seeds and fault odds (default: random)
  --data-dir DIR            where uploads are kept (default: a temporary directory removed at exit)
  --faults PLAN             fault plan, e.g. "submit:503x2;status:reset@0.05" (see docs/emulator.md)
  --journal FILE            append one JSON line per request to FILE
  --sse-keepalive-ms MS     comment line interval on status streams (default 15000)
  --rv2v-over-budget cap|reject
                            reference-video-to-video/lora above 150 frames at 720p-class sizes:
                            cap the output to 150 frames (default) or answer 422
  --webhook-attempts N      deliveries tried per webhook before giving up (default 5)
  --webhook-backoff-ms MS   first redelivery delay, doubled each time (default 1000)
  --webhook-key FILE        Ed25519 private key (PEM) to sign webhooks (default: generated at start)
  --webhook-user-id ID      X-Fal-Webhook-User-Id value (default emulator-user)
  --max-threads N           most connection threads (default 4096)
  --cdn-token-lifetime-ms MS
                            lifetime of the CDN v3 tokens POST /storage/auth/token mints (default 600000)
  --cdn-token-prefix TEXT   text every CDN token starts with (default emu-cdn-), e.g. a canary to grep for
  --outputs render|copy     output videos: rendered from the input's frames at the requested size,
                            frame count and rate (default when built with falcpp::media), or the
                            input (else the bundled sample) copied as it is (default otherwise)
  --verbose                 log every request on stderr
  --help, --version
)";
}

ParsedOptions ParseOptions(const std::vector<std::string>& args) {
  ParsedOptions parsed;
  Options& o = parsed.options;

  auto int_flag = [&](int& target, long long min, long long max) {
    return [&target, min, max](const std::string& value) {
      long long n = 0;
      if (!ParseInt(value, min, max, n)) return false;
      target = static_cast<int>(n);
      return true;
    };
  };
  auto string_flag = [](std::string& target) {
    return [&target](const std::string& value) {
      target = value;
      return true;
    };
  };

  const std::map<std::string, std::function<bool(const std::string&)>> with_value = {
      {"--host", string_flag(o.host)},
      {"--port", int_flag(o.port, 0, 65535)},
      {"--api-key", string_flag(o.api_key)},
      {"--workers", int_flag(o.workers, 1, 100000)},
      {"--queue-ms", int_flag(o.queue_ms, 0, 86400000)},
      {"--run-ms", int_flag(o.run_ms, 0, 86400000)},
      {"--log-every-ms", int_flag(o.log_every_ms, 1, 86400000)},
      {"--seed",
       [&o](const std::string& value) {
         char* end = nullptr;
         errno = 0;
         const unsigned long long n = std::strtoull(value.c_str(), &end, 10);
         if (value.empty() || value[0] == '-' || errno != 0 || *end != '\0') return false;
         o.seed = n;
         return true;
       }},
      {"--data-dir", string_flag(o.data_dir)},
      {"--faults", string_flag(o.faults)},
      {"--journal", string_flag(o.journal_path)},
      {"--sse-keepalive-ms", int_flag(o.sse_keepalive_ms, 1, 86400000)},
      {"--rv2v-over-budget",
       [&o](const std::string& value) {
         if (value == "cap") {
           o.rv2v_over_budget = OverBudgetPolicy::kCap;
         } else if (value == "reject") {
           o.rv2v_over_budget = OverBudgetPolicy::kReject;
         } else {
           return false;
         }
         return true;
       }},
      {"--outputs",
       [&o](const std::string& value) {
         if (value == "render" && CanRenderOutputs()) {
           o.outputs = OutputMode::kRender;
         } else if (value == "copy") {
           o.outputs = OutputMode::kCopy;
         } else {
           return false;
         }
         return true;
       }},
      {"--webhook-attempts", int_flag(o.webhook_attempts, 1, 1000)},
      {"--webhook-backoff-ms", int_flag(o.webhook_backoff_ms, 0, 86400000)},
      {"--webhook-key", string_flag(o.webhook_key_path)},
      {"--webhook-user-id", string_flag(o.webhook_user_id)},
      {"--max-threads", int_flag(o.max_threads, 8, 100000)},
      {"--cdn-token-lifetime-ms", int_flag(o.cdn_token_lifetime_ms, 1, 86400000)},
      {"--cdn-token-prefix", string_flag(o.cdn_token_prefix)},
  };

  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> value;
    const auto equals = flag.find('=');
    if (flag.rfind("--", 0) == 0 && equals != std::string::npos) {
      value = flag.substr(equals + 1);
      flag = flag.substr(0, equals);
    }
    if (flag == "--help" || flag == "-h") {
      parsed.show_help = true;
      continue;
    }
    if (flag == "--version") {
      parsed.show_version = true;
      continue;
    }
    if (flag == "--verbose") {
      o.verbose = true;
      continue;
    }
    const auto it = with_value.find(flag);
    if (it == with_value.end()) {
      parsed.error = "unknown option '" + flag + "' (try --help)";
      return parsed;
    }
    if (!value) {
      if (i + 1 >= args.size()) {
        parsed.error = "option " + flag + " needs a value";
        return parsed;
      }
      value = args[++i];
    }
    if (!it->second(*value)) {
      parsed.error = "option " + flag + ": invalid value '" + *value + "'";
      return parsed;
    }
  }
  return parsed;
}

}  // namespace fal::emulator
