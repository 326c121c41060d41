// The official JS client uploading a file to fal-emulator's storage, for comparison with falcpp-bench upload.
// node bench/js/upload.mjs --base-url URL --file PATH
import { openAsBlob, statSync } from "node:fs";
import { createFalClient } from "@fal-ai/client";
import { emulatorFetch, flags, peakRssMb } from "./common.mjs";

const f = flags({ "base-url": "", file: "" });
const fal = createFalClient({ credentials: "bench-key", fetch: emulatorFetch(f["base-url"]) });
const bytes = statSync(f.file).size;
// openAsBlob reads from disk lazily: the kindest way to hand the client a large file.
const blob = await openAsBlob(f.file, { type: "video/mp4" });
const start = performance.now();
const url = await fal.storage.upload(blob);
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({
  bench: "upload", client: "@fal-ai/client 1.10.1", bytes, seconds, mb_per_s: bytes / 1e6 / seconds,
  rss_peak_mb: peakRssMb(), url_ok: url.startsWith(f["base-url"]),
}));
