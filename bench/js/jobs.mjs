// The official JS client running falcpp-bench's `jobs` workload: N render-to-real jobs, at most C at once.
// node bench/js/jobs.mjs --base-url URL [--n 1000] [--concurrency 1000] [--mode streaming|polling] [--poll-ms 250]
import { createFalClient } from "@fal-ai/client";
import { emulatorFetch, flags, monotonicMicros, peakRssMb, percentile, threadCount } from "./common.mjs";

const f = flags({ "base-url": "", n: "1000", concurrency: "1000", mode: "streaming", "poll-ms": "250" });
const n = Number(f.n);
let requests = 0;
const completedAt = new Map();  // request id -> emulator completion stamp (us)
const noticedAt = new Map();    // request id -> when the client reported COMPLETED (us)
const fal = createFalClient({
  credentials: "bench-key",
  fetch: emulatorFetch(f["base-url"], (url, response) => {
    requests++;
    const stamp = response.headers.get("x-emulator-completed-at-us");
    const id = /\/requests\/([^/?]+)/.exec(url)?.[1];
    if (stamp && id && !completedAt.has(id)) completedAt.set(id, Number(stamp));
  }),
});

let threadsPeak = threadCount();
const sampler = setInterval(() => { threadsPeak = Math.max(threadsPeak, threadCount()); }, 5);
const input = { video_url: "https://example.com/blockout.mp4", resolution: "480p" };
let next = 0, completed = 0, failed = 0;
async function worker() {
  while (next < n) {
    next++;
    try {
      await fal.subscribe("fal-ai/ltx-2.3-quality/render-to-real", {
        input,
        mode: f.mode,
        pollInterval: Number(f["poll-ms"]),
        onQueueUpdate: (s) => {
          if (s.status !== "COMPLETED") return;
          noticedAt.set(s.request_id, monotonicMicros());
          if (s.emulator_completed_at_us && !completedAt.has(s.request_id)) completedAt.set(s.request_id, s.emulator_completed_at_us);
        },
      });
      completed++;
    } catch (e) {
      failed++;
    }
  }
}
const start = performance.now();
await Promise.all(Array.from({ length: Math.min(Number(f.concurrency), n) }, worker));
const wallS = (performance.now() - start) / 1000;
clearInterval(sampler);
const notice = [];
for (const [id, at] of noticedAt) if (completedAt.has(id)) notice.push((at - completedAt.get(id)) / 1000);
console.log(JSON.stringify({
  bench: "jobs", client: "@fal-ai/client 1.10.1", mode: f.mode, n, concurrency: Number(f.concurrency),
  poll_ms: Number(f["poll-ms"]), completed, failed, wall_s: wallS, jobs_per_s: completed / wallS,
  notice_samples: notice.length, notice_p50_ms: percentile(notice, 0.5), notice_p99_ms: percentile(notice, 0.99),
  requests_per_job: requests / n, threads_peak: threadsPeak, rss_peak_mb: peakRssMb(),
}));
