import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OtlpSink } from "../src/otlp-sink";

describe("OTLP/HTTP JSON receiver", () => {
  let sink: OtlpSink;
  beforeAll(async () => {
    sink = await OtlpSink.start();
  });
  afterAll(async () => {
    await sink.stop();
  });

  it("collects exported spans with their service and attributes", async () => {
    const body = {
      resourceSpans: [{
        resource: { attributes: [{ key: "service.name", value: { stringValue: "payment" } }] },
        scopeSpans: [{
          spans: [{
            traceId: "0af7651916cd43dd8448eb211c80319c",
            spanId: "b7ad6b7169203331",
            name: "wallet.payment.v1.PaymentService/TopUp",
            kind: 2,
            attributes: [{ key: "rpc.grpc.status_code", value: { intValue: "0" } }],
            startTimeUnixNano: "1",
            endTimeUnixNano: "2",
          }],
        }],
      }],
    };
    const response = await fetch(sink.endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    const spans = await sink.waitForTrace("0af7651916cd43dd8448eb211c80319c", (collected) => collected.length === 1);
    expect(spans[0]).toMatchObject({ service: "payment", kind: 2, attributes: { "rpc.grpc.status_code": 0 } });
  });

  it("keeps the latest cumulative point of every metric series, per process", async () => {
    const export_ = (pid: number, time: number, completed: number, durations: { count: number; sum: number }) => ({
      resourceMetrics: [{
        resource: { attributes: [{ key: "service.name", value: { stringValue: "payment" } }, { key: "process.pid", value: { intValue: pid } }] },
        scopeMetrics: [{
          metrics: [
            { name: "wallet.payments.finished", unit: "{payment}", sum: { dataPoints: [{ attributes: [{ key: "type", value: { stringValue: "TOP_UP" } }, { key: "state", value: { stringValue: "COMPLETED" } }], asInt: String(completed), timeUnixNano: String(time) }] } },
            { name: "rpc.server.duration", unit: "ms", histogram: { dataPoints: [{ attributes: [{ key: "rpc.method", value: { stringValue: "TopUp" } }], count: String(durations.count), sum: durations.sum, bucketCounts: ["0", String(durations.count)], explicitBounds: [1], timeUnixNano: String(time) }] } },
          ],
        }],
      }],
    });
    const post = (body: unknown) => fetch(sink.metricsEndpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await post(export_(10, 200, 2, { count: 3, sum: 30 }))).status).toBe(200);
    // Out of order: an older export arriving late does not win.
    await post(export_(10, 100, 1, { count: 1, sum: 10 }));
    // A second process (a restart) has series of its own.
    await post(export_(11, 150, 1, { count: 1, sum: 5 }));
    expect(sink.metrics.total("wallet.payments.finished", { type: "TOP_UP", state: "COMPLETED" }, "payment")).toBe(3);
    expect(sink.metrics.total("wallet.payments.finished", { type: "PAY" })).toBe(0);
    expect(sink.metrics.count("rpc.server.duration", { "rpc.method": "TopUp" })).toBe(4);
    expect(sink.metrics.series("rpc.server.duration", {}, "payment").map((series) => series.value).sort((a, b) => a - b)).toEqual([5, 30]);
    expect(sink.exporterEnvironment()).toMatchObject({ OTEL_METRICS_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: sink.metricsEndpoint });
  });
});
