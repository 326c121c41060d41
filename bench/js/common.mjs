// Shared by the JS benchmarks: flags, a fetch that sends fal's hosts to fal-emulator, process figures.
import { readFileSync } from "node:fs";

export function flags(defaults) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, "");
    if (!(name in out) || i + 1 >= argv.length) throw new Error(`unknown or incomplete flag ${argv[i]}`);
    out[name] = argv[i + 1];
  }
  for (const [k, v] of Object.entries(out)) if (v === "") throw new Error(`--${k} is required`);
  return out;
}

// @fal-ai/client builds URLs on queue.fal.run and rest.fal.ai; its `fetch` option is the documented way to
// send them elsewhere. `observe` sees every response (for request counts and completion stamps).
export function emulatorFetch(baseUrl, observe) {
  return async (input, init) => {
    const url = (typeof input === "string" ? input : input.url).replace(
      /^https:\/\/(queue\.fal\.run|fal\.run|rest\.fal\.ai|rest\.alpha\.fal\.ai)/, baseUrl);
    const response = await fetch(url, init);
    observe?.(url, response);
    return response;
  };
}

function statusField(field) {
  const line = readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith(field));
  return line ? parseInt(line.slice(field.length).trim(), 10) : 0;
}
export const peakRssMb = () => statusField("VmHWM:") / 1024;
export const threadCount = () => statusField("Threads:");
// CLOCK_MONOTONIC microseconds, the clock fal-emulator stamps completions with.
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

export function percentile(values, p) {
  if (values.length === 0) return 0;
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.round(p * (v.length - 1)))];
}
