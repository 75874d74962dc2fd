import { context, trace, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JaegerTrace, TraceStore } from "../src";

describe("trace store: OTLP/HTTP in, Jaeger query API out", () => {
  let store: TraceStore;
  beforeAll(async () => {
    store = await TraceStore.start({ maxTraces: 3 });
  });
  afterAll(async () => {
    await store.stop();
  });

  for (const [protocol, makeExporter] of [
    ["http/protobuf", (url: string) => new ProtobufExporter({ url })],
    ["http/json", (url: string) => new JsonExporter({ url })],
  ] as const) {
    it(`keeps a trace exported over ${protocol} by the real OpenTelemetry exporter and serves its span tree`, async () => {
      const provider = tracerProvider("payment", makeExporter(`${store.url}/v1/traces`));
      const traceId = await exportParentAndChild(provider.getTracer("test"));
      await provider.shutdown();

      const response = await fetch(`${store.url}/api/traces/${traceId}`);
      expect(response.status).toBe(200);
      const { data } = (await response.json()) as { data: JaegerTrace[] };
      const stored = data[0]!;
      expect(stored.traceID).toBe(traceId);
      const parent = stored.spans.find((span) => span.operationName === "TopUp")!;
      const child = stored.spans.find((span) => span.operationName === "Debit")!;
      expect(child.references).toEqual([{ refType: "CHILD_OF", traceID: traceId, spanID: parent.spanID }]);
      expect(parent.references).toEqual([]);
      expect(stored.processes[parent.processID]?.serviceName).toBe("payment");
      expect(child.tags).toContainEqual({ key: "otel.status_code", type: "string", value: "ERROR" });
      expect(child.tags).toContainEqual({ key: "wallet.amount.minor_units", type: "int64", value: 5000 });
      expect(parent.duration).toBeGreaterThanOrEqual(child.duration);
    });
  }

  it("answers 404 in Jaeger's shape for an unknown trace and 400 for a body that is not OTLP", async () => {
    const missing = await fetch(`${store.url}/api/traces/${"ab".repeat(16)}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { errors: { code: number }[] }).errors[0]?.code).toBe(404);
    const garbage = await fetch(`${store.url}/v1/traces`, { method: "POST", headers: { "content-type": "application/x-protobuf" }, body: Buffer.from([0xff, 0xff, 0xff]) });
    expect(garbage.status).toBe(400);
  });

  it("keeps only the newest traces", async () => {
    const provider = tracerProvider("account", new JsonExporter({ url: `${store.url}/v1/traces` }));
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) ids.push(await exportParentAndChild(provider.getTracer("test")));
    await provider.shutdown();
    expect(store.memory.size).toBe(3);
    expect((await fetch(`${store.url}/api/traces/${ids[0]}`)).status).toBe(404);
    expect((await fetch(`${store.url}/api/traces/${ids[4]}`)).status).toBe(200);
  });
});

function tracerProvider(service: string, exporter: SpanExporter): BasicTracerProvider {
  return new BasicTracerProvider({ resource: resourceFromAttributes({ "service.name": service }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
}

async function exportParentAndChild(tracer: Tracer): Promise<string> {
  // No context manager is registered here, so the parent is passed explicitly.
  const parent = tracer.startSpan("TopUp");
  const child = tracer.startSpan("Debit", {}, trace.setSpan(context.active(), parent));
  child.setAttribute("wallet.amount.minor_units", 5000);
  child.setStatus({ code: 2, message: "bank unavailable" });
  await new Promise((resolve) => setTimeout(resolve, 5));
  child.end();
  parent.end();
  return parent.spanContext().traceId;
}
