import { type OtlpAttribute, otlpAttributes } from "@wallet/trace-store";
import { createServer, type Server } from "node:http";
import { MetricStore, type OtlpMetrics } from "./otlp-metrics";

/** A span as the platform exported it over OTLP, flattened for assertions. */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  statusCode: number;
  startNanos: bigint;
  endNanos: bigint;
  /** The spans of other traces this one links to. */
  links: { traceId: string; spanId: string }[];
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  attributes?: OtlpAttribute[];
  status?: { code?: number };
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  links?: { traceId: string; spanId: string }[];
}
interface OtlpTraces {
  resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

/** How often the processes under test push their metrics (ms): short, so tests wait little. */
const METRIC_EXPORT_INTERVAL_MS = 500;

/**
 * An OTLP/HTTP (JSON) receiver of traces and metrics: the processes under test export their
 * spans and metrics here with their real SDK, batch processor and periodic metric reader, over a
 * real socket, and tests read what arrived.
 */
export class OtlpSink {
  readonly spans: CollectedSpan[] = [];
  readonly metrics = new MetricStore();
  private constructor(private readonly server: Server, readonly endpoint: string, readonly metricsEndpoint: string) {}

  static async start(): Promise<OtlpSink> {
    const holder: { sink?: OtlpSink } = {};
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        try {
          const body = (): unknown => JSON.parse(Buffer.concat(chunks).toString("utf8"));
          if (request.url === "/v1/traces") holder.sink?.ingest(body() as OtlpTraces);
          if (request.url === "/v1/metrics") holder.sink?.metrics.ingest(body() as OtlpMetrics);
        } catch {
          response.writeHead(400).end();
          return;
        }
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("sink did not bind");
    holder.sink = new OtlpSink(server, `http://127.0.0.1:${address.port}/v1/traces`, `http://127.0.0.1:${address.port}/v1/metrics`);
    return holder.sink;
  }

  /** Environment that points a process's OpenTelemetry SDK at this sink, flushing quickly. */
  exporterEnvironment(): Record<string, string> {
    return {
      OTEL_TRACES_EXPORTER: "otlp",
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: this.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: "100",
      OTEL_METRICS_EXPORTER: "otlp",
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http/json",
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: this.metricsEndpoint,
      OTEL_METRIC_EXPORT_INTERVAL: String(METRIC_EXPORT_INTERVAL_MS),
    };
  }

  /** Waits until the metrics received satisfy a condition (they are pushed periodically). */
  async waitForMetrics(done: (metrics: MetricStore) => boolean, timeoutMs = 10_000): Promise<MetricStore> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !done(this.metrics)) await new Promise((resolve) => setTimeout(resolve, 100));
    return this.metrics;
  }

  trace(traceId: string): CollectedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  /** Waits until the spans of a trace satisfy a condition (exports are batched). */
  async waitForTrace(traceId: string, done: (spans: CollectedSpan[]) => boolean, timeoutMs = 10_000): Promise<CollectedSpan[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const spans = this.trace(traceId);
      if (done(spans)) return spans;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.trace(traceId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private ingest(body: OtlpTraces): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const resource = otlpAttributes(resourceSpans.resource?.attributes);
      const service = String(resource["service.name"] ?? "");
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ?? "",
            name: span.name,
            kind: span.kind ?? 0,
            attributes: otlpAttributes(span.attributes),
            statusCode: span.status?.code ?? 0,
            startNanos: BigInt(span.startTimeUnixNano ?? 0),
            endNanos: BigInt(span.endTimeUnixNano ?? 0),
            links: (span.links ?? []).map((link) => ({ traceId: link.traceId, spanId: link.spanId })),
          });
        }
      }
    }
  }
}
