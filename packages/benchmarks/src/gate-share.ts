import { type CollectedSpan } from "@wallet/testing";

const SERVER = 2;
const millis = (span: CollectedSpan) => Number(span.endNanos - span.startNanos) / 1e6;

export interface GateShare {
  traces: number;
  /** Median of (time in the gate / the transfer's time), per transfer. */
  shareP50: number;
  gateMsP50: number;
  transferMsP50: number;
  /** p50 of the transfers against p50 of the same transfers minus their gate time. */
  addsToP50: number;
  /** Round trips to identity's Authorize per transfer (cached service decisions make none). */
  authorizeCallsPerTransfer: number;
}

/**
 * The gate's share of a transfer, read from the spans of its trace: every `gate.authorize`
 * span (in payment, and in the services payment calls) against payment's server span.
 */
export function gateShare(traces: CollectedSpan[][]): GateShare {
  const rows = traces.flatMap((spans) => {
    const transfer = spans.find((span) => span.service === "payment" && span.kind === SERVER && span.name.endsWith("/Transfer"));
    if (!transfer) return [];
    const gateMs = spans.filter((span) => span.name === "gate.authorize").reduce((sum, span) => sum + millis(span), 0);
    const authorizeCalls = spans.filter((span) => span.service === "identity" && span.kind === SERVER && span.name.endsWith("/Authorize")).length;
    return [{ transferMs: millis(transfer), gateMs, authorizeCalls }];
  });
  const median = (values: number[]) => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)] ?? 0;
  const transferMsP50 = median(rows.map((row) => row.transferMs));
  return {
    traces: rows.length,
    shareP50: median(rows.map((row) => row.gateMs / row.transferMs)),
    gateMsP50: median(rows.map((row) => row.gateMs)),
    transferMsP50,
    addsToP50: transferMsP50 / median(rows.map((row) => row.transferMs - row.gateMs)) - 1,
    authorizeCallsPerTransfer: rows.reduce((sum, row) => sum + row.authorizeCalls, 0) / Math.max(rows.length, 1),
  };
}

/** One trace as an indented tree of spans with their durations, for reading where time goes. */
export function spanTree(spans: CollectedSpan[]): string {
  const byParent = new Map<string, CollectedSpan[]>();
  for (const span of spans) byParent.set(span.parentSpanId, [...(byParent.get(span.parentSpanId) ?? []), span]);
  const ids = new Set(spans.map((span) => span.spanId));
  const roots = spans.filter((span) => !ids.has(span.parentSpanId));
  const start = spans.reduce((earliest, span) => (span.startNanos < earliest ? span.startNanos : earliest), roots[0]?.startNanos ?? 0n);
  const lines: string[] = [];
  const walk = (span: CollectedSpan, depth: number) => {
    const offset = Number(span.startNanos - start) / 1e6;
    lines.push(`${"  ".repeat(depth)}${span.service} ${span.name} +${offset.toFixed(1)} ms ${millis(span).toFixed(1)} ms`);
    for (const child of (byParent.get(span.spanId) ?? []).sort((left, right) => Number(left.startNanos - right.startNanos))) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return lines.join("\n");
}
