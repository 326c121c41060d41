#include "messages.hpp"

namespace fal::cli {
namespace {

using fal::Advice;

std::string Join(std::string summary, fal::Advice advice) {
  const std::string_view fix = CliAdvice(advice);
  return fix.empty() ? summary : summary + "; " + std::string(fix);
}

}  // namespace

std::string_view CliAdvice(Advice advice) {
  switch (advice) {
    case Advice::kNone:
      return "";
    case Advice::kSetCredentials:
      return "set FAL_KEY to a valid fal API key (https://fal.ai/dashboard/keys), or FAL_KEY_ID and "
             "FAL_KEY_SECRET";
    case Advice::kCredentialsNotHeader:
      return "the key comes from FAL_KEY, not --header";
    case Advice::kCheckRequestId:
      return "check the request id and --endpoint (the endpoint the job was submitted to)";
    case Advice::kCheckEndpointId:
      return "check the endpoint id given to --endpoint";
    case Advice::kCheckFileUrl:
      return "check the URL";
    case Advice::kCheckBeforeResubmit:
      return "no request id came back, so look for the job in your fal dashboard's request list (or at your "
             "--webhook, if you gave one) before running the command again";
    case Advice::kLongerStartTimeout:
      return "raise --start-timeout, or submit again later";
    case Advice::kGiveFileOrUrl:
      return "give a local file (it is uploaded), an https:// URL or a data: URI";
    case Advice::kPathLooksLikeUrl:
      return "give an https:// URL, or the local path itself";
    case Advice::kGiveRegularFile:
      return "give a regular file";
    case Advice::kWarnModeForNewValue:
      return "use one of them, or --validation warn to send a value fal added after this fal-ltx release";
    case Advice::kAddTrigger:
      return "start --prompt with \"3DREAL. \"";
    case Advice::kFixBaseUrl:
      return "set FAL_BASE_URL to an absolute URL such as http://127.0.0.1:8080 (a fal-emulator), or unset "
             "it "
             "to use fal";
    case Advice::kWaitForCompletion:
      return "add --wait to wait for it, or run the command again later";
    case Advice::kAllowOverwrite:
      return "choose another path";
    case Advice::kRaiseWaitTimeout:
      return "raise --timeout to wait longer";
    case Advice::kSetOnce:
      return "give it once: as its flag or with --extra, not both";
  }
  return "";
}

std::string CliText(const fal::FieldError& finding) { return Join(finding.Summary(), finding.advice); }

std::string CliText(const fal::Error& error) {
  std::string text = Join(error.summary(), error.advice());
  // A validation headline quotes its finding: reword it in place.
  for (const fal::FieldError& f : error.field_errors()) {
    if (f.advice == Advice::kNone) continue;
    if (const auto at = text.find(f.msg); at != std::string::npos) text.replace(at, f.msg.size(), CliText(f));
  }
  return text;
}

}  // namespace fal::cli
