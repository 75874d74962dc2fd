import { type StoredSpan } from "./span";

/**
 * The last `maxTraces` traces in memory, by trace id. A trace that receives spans moves to the
 * back (Map insertion order), so the oldest-touched trace is dropped first.
 */
export class SpanMemory {
  private readonly traces = new Map<string, StoredSpan[]>();

  constructor(readonly maxTraces: number, readonly maxSpansPerTrace = 10_000) {}

  add(spans: StoredSpan[]): void {
    for (const span of spans) {
      const existing = this.traces.get(span.traceId) ?? [];
      this.traces.delete(span.traceId);
      if (existing.length < this.maxSpansPerTrace) existing.push(span);
      this.traces.set(span.traceId, existing);
    }
    while (this.traces.size > this.maxTraces) {
      const oldest = this.traces.keys().next().value;
      if (oldest === undefined) break;
      this.traces.delete(oldest);
    }
  }

  trace(traceId: string): StoredSpan[] | undefined {
    return this.traces.get(traceId.toLowerCase());
  }

  get size(): number {
    return this.traces.size;
  }
}
