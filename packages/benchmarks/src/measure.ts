import { readFileSync } from "node:fs";

export interface LoadResult {
  operations: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The most common failure messages, with their counts. */
  failureReasons: Record<string, number>;
  /** Every successful call's latency, sorted. */
  latenciesMs: number[];
}

/** Thrown by an operation when its worker has nothing left to do. */
export class StopWorker extends Error {}

/**
 * Runs `operation` from `concurrency` workers for `seconds`, timing each call. Failures are
 * counted apart and excluded from the latencies.
 */
export async function load(concurrency: number, seconds: number, operation: (worker: number, sequence: number) => Promise<unknown>): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const reasons = new Map<string, number>();
  let sequence = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      try {
        await operation(worker, sequence++);
        latencies.push(performance.now() - begin);
      } catch (error) {
        if (error instanceof StopWorker) break;
        failures += 1;
        const reason = error instanceof Error ? error.message.slice(0, 120) : String(error);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  return resultOf(latencies, failures, elapsed, reasons);
}

/** Several runs of the same load as one (the phases of one mode in an alternating run). */
export function combine(results: LoadResult[]): LoadResult {
  const reasons = new Map<string, number>();
  for (const result of results) for (const [reason, count] of Object.entries(result.failureReasons)) reasons.set(reason, (reasons.get(reason) ?? 0) + count);
  return resultOf(
    results.flatMap((result) => result.latenciesMs),
    results.reduce((sum, result) => sum + result.failures, 0),
    results.reduce((sum, result) => sum + result.seconds, 0),
    reasons,
  );
}

function resultOf(latencies: number[], failures: number, seconds: number, reasons: Map<string, number>): LoadResult {
  latencies.sort((left, right) => left - right);
  const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { operations: latencies.length, failures, seconds, perSecond: latencies.length / seconds, p50Ms: quantile(0.5), p99Ms: quantile(0.99),
    failureReasons: Object.fromEntries([...reasons].sort((left, right) => right[1] - left[1]).slice(0, 5)),
    latenciesMs: latencies,
  };
}

/**
 * Samples a process's resident memory while a load runs: `stop()` gives the highest RSS seen
 * during the sampling, and the process's lifetime high-water mark (the kernel's VmHWM), which
 * also covers what happened before (start-up, sign-ins hashing passwords).
 */
export function rssSampler(pid: number, intervalMs = 100) {
  let peakKb = 0;
  const read = (field: "VmRSS" | "VmHWM") => {
    try {
      const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      return match ? Number(match[1]) : 0;
    } catch {
      return 0;
    }
  };
  const sample = () => {
    peakKb = Math.max(peakKb, read("VmRSS"));
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop(): { peakMb: number; lifetimePeakMb: number } {
      clearInterval(timer);
      sample();
      return { peakMb: Number((peakKb / 1024).toFixed(1)), lifetimePeakMb: Number((read("VmHWM") / 1024).toFixed(1)) };
    },
  };
}

export function format(result: LoadResult): string {
  const failures = result.failures > 0 ? `; failures: ${JSON.stringify(result.failureReasons)}` : "";
  return `${result.perSecond.toFixed(0)}/s over ${result.seconds.toFixed(1)} s (${result.operations} ok, ${result.failures} failed), p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms${failures}`;
}
