import { type StoredSpan } from "./span";

/** A span in the Jaeger query API's JSON (GET /api/traces/{traceId}). */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: "CHILD_OF"; traceID: string; spanID: string }[];
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: JaegerTag[];
  logs: [];
  processID: string;
  warnings: null;
}
export interface JaegerTag { key: string; type: "string" | "int64" | "float64" | "bool"; value: string | number | boolean }
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
  warnings: null;
}

const KIND_NAMES = ["unspecified", "internal", "server", "client", "producer", "consumer"];
const STATUS_NAMES = ["UNSET", "OK", "ERROR"];

/** The spans of one trace as Jaeger's query service answers them, so clients work with both. */
export function toJaegerTrace(traceId: string, spans: StoredSpan[]): JaegerTrace {
  const processes: JaegerTrace["processes"] = {};
  const processOf = new Map<string, string>();
  for (const span of spans) {
    if (processOf.has(span.service)) continue;
    const id = `p${processOf.size + 1}`;
    processOf.set(span.service, id);
    processes[id] = { serviceName: span.service, tags: [] };
  }
  return {
    traceID: traceId,
    spans: spans.map((span) => ({
      traceID: span.traceId,
      spanID: span.spanId,
      operationName: span.name,
      references: span.parentSpanId ? [{ refType: "CHILD_OF", traceID: span.traceId, spanID: span.parentSpanId }] : [],
      startTime: Number(span.startNanos / 1000n),
      duration: Number((span.endNanos - span.startNanos) / 1000n),
      tags: [
        ...Object.entries(span.attributes).map(([key, value]) => tag(key, value)),
        tag("span.kind", KIND_NAMES[span.kind] ?? "unspecified"),
        ...(span.statusCode !== 0 ? [tag("otel.status_code", STATUS_NAMES[span.statusCode] ?? "UNSET")] : []),
        ...(span.statusMessage ? [tag("otel.status_description", span.statusMessage)] : []),
        ...(span.statusCode === 2 ? [tag("error", true)] : []),
      ],
      logs: [],
      processID: processOf.get(span.service) ?? "p1",
      warnings: null,
    })),
    processes,
    warnings: null,
  };
}

function tag(key: string, value: string | number | boolean): JaegerTag {
  const type = typeof value === "boolean" ? "bool" : typeof value === "number" ? (Number.isInteger(value) ? "int64" : "float64") : "string";
  return { key, type, value };
}
