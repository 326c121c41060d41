// Endpoint ids and the URLs falcpp builds from them (fal/endpoint_id.hpp, src/internal/queue_protocol.hpp,
// url.hpp), checked against libcurl's own URL parser, which is what finally decides where a request goes:
// no URL falcpp builds ever leaves the base URL's scheme, host and port, and PreferServerUrl never picks a
// URL on another host. The input is up to four lines: endpoint id, request id, webhook URL, server URL.
#include <curl/curl.h>
#include <strings.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fal/endpoint_id.hpp"
#include "fuzz_check.hpp"
#include "internal/queue_protocol.hpp"
#include "internal/url.hpp"

namespace {

using namespace fal;
using namespace fal::internal;

struct Origin {
  std::string scheme, host, port;
  bool operator==(const Origin& o) const {
    return strcasecmp(scheme.c_str(), o.scheme.c_str()) == 0 &&
           strcasecmp(host.c_str(), o.host.c_str()) == 0 && port == o.port;
  }
};

// Where libcurl would send a request for `url`; nullopt when libcurl would refuse the URL.
std::optional<Origin> CurlOrigin(const std::string& url) {
  CURLU* h = curl_url();
  std::optional<Origin> out;
  if (curl_url_set(h, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char *scheme = nullptr, *host = nullptr, *port = nullptr;
    if (curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
      out = Origin{scheme, host, port};
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
  }
  curl_url_cleanup(h);
  return out;
}

void ExpectOnBase(const std::string& url, const Origin& base, const char* what) {
  FUZZ_CHECK(url.find_first_of(" \t\r\n") == std::string::npos, what);
  auto origin = CurlOrigin(url);
  FUZZ_CHECK(origin.has_value(), what);
  FUZZ_CHECK(*origin == base, what);
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  while (out.size() < 3) {
    std::size_t nl = text.find('\n');
    if (nl == std::string_view::npos) break;
    out.emplace_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  out.emplace_back(text);
  out.resize(4);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = Lines(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string& id_text = parts[0];
  const std::string& request_id = parts[1];
  const std::string& webhook = parts[2];
  const std::string& server_url = parts[3];

  for (const std::string base_url : {"https://queue.fal.run", "http://127.0.0.1:8080"}) {
    const Origin base = *CurlOrigin(base_url);
    auto id = EndpointId::Parse(id_text);
    if (id) {
      const std::string full = id->Full(), app = id->App();
      FUZZ_CHECK(full.rfind(app, 0) == 0, "the app is not a prefix of the full id");
      for (std::size_t start = 0; start <= full.size();) {
        std::size_t end = full.find('/', start);
        if (end == std::string::npos) end = full.size();
        const std::string segment = full.substr(start, end - start);
        FUZZ_CHECK(!segment.empty() && segment != "." && segment != "..", "an empty or dot segment in an id");
        start = end + 1;
      }
      const std::string submit = SubmitUrl(base_url, *id, webhook);
      ExpectOnBase(submit, base, "a submit URL off the base host");
      FUZZ_CHECK(submit.rfind(base_url + "/" + full, 0) == 0, "a submit URL that is not base/id");
      const std::size_t query = submit.find('?');
      FUZZ_CHECK(query == std::string::npos || submit.substr(query) == "?fal_webhook=" + FormEncode(webhook),
                 "a submit query other than the webhook");
      if (CheckRequestId(request_id)) {
        for (const char* suffix : {"", "/status", "/status/stream", "/cancel"}) {
          const std::string url = RequestUrl(base_url, *id, request_id, suffix);
          ExpectOnBase(url, base, "a request URL off the base host");
          FUZZ_CHECK(url.find('?') == std::string::npos && url.find('#') == std::string::npos,
                     "a query in a path");
          const std::string chosen = PreferServerUrl(base_url, server_url, url);
          FUZZ_CHECK(chosen == url || chosen == server_url, "PreferServerUrl invented a URL");
          if (chosen == server_url && chosen != url) {
            // Taken from the server: it must be on the base host as libcurl sees it.
            auto origin = CurlOrigin(chosen);
            FUZZ_CHECK(!origin || *origin == base, "PreferServerUrl picked a URL on another host");
          }
        }
      }
    }
    // Our origin check and libcurl's agree whenever ours says "same".
    if (auto ours = ParseUrl(server_url); ours) {
      auto base_ours = ParseUrl(base_url);
      if (SameOrigin(*ours, *base_ours)) {
        auto theirs = CurlOrigin(server_url);
        FUZZ_CHECK(!theirs || *theirs == base, "falcpp and libcurl disagree on a URL's host");
      }
      FUZZ_CHECK(StripQuery(server_url).find('?') == std::string::npos, "a query left in a loggable URL");
    }
  }
  return 0;
}
