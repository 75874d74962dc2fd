import { metrics } from "@opentelemetry/api";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { afterEach, describe, expect, it } from "vitest";
import { businessCounter, durationHistogram } from "../src";
import { metricReadersFromEnv, prometheusPort } from "../src/metric-readers";

describe("metric helpers", () => {
  afterEach(() => {
    metrics.disable();
  });

  it("count into the provider registered when they are used, even if made before it", async () => {
    // Made at module load in a service, i.e. before any provider exists.
    const payments = businessCounter("wallet.test.payments", "payments by state");
    const durations = durationHistogram("wallet.test.duration", "a duration");
    payments.add({ state: "LOST" });

    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    payments.add({ state: "COMPLETED" });
    payments.add({ state: "COMPLETED" });
    payments.add({ state: "FAILED" }, 3);
    durations.record(12, { "rpc.method": "TopUp" });
    await reader.forceFlush();

    const exported = exporter.getMetrics().flatMap((batch) => batch.scopeMetrics.flatMap((scope) => scope.metrics));
    const counter = exported.find((metric) => metric.descriptor.name === "wallet.test.payments");
    expect(counter?.dataPoints.map((point) => [point.attributes["state"], point.value])).toEqual([["COMPLETED", 2], ["FAILED", 3]]);
    const histogram = exported.find((metric) => metric.descriptor.name === "wallet.test.duration");
    expect(histogram?.descriptor.unit).toBe("ms");
    expect(histogram?.dataPoints[0]?.value).toMatchObject({ count: 1, sum: 12 });
    await reader.shutdown();
  });
});

describe("metric readers from the environment", () => {
  it("pushes OTLP only when asked or when an endpoint is configured, and serves Prometheus on METRICS_PORT", async () => {
    expect(metricReadersFromEnv({})).toEqual([]);
    expect(metricReadersFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_METRICS_EXPORTER: "none" })).toEqual([]);
    const pushing = metricReadersFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_METRIC_EXPORT_INTERVAL: "250" });
    expect(pushing.map((reader) => reader.constructor.name)).toEqual(["PeriodicExportingMetricReader"]);
    expect(() => metricReadersFromEnv({ OTEL_METRICS_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "carrier-pigeon" })).toThrow(/unsupported protocol/);

    expect([prometheusPort({ METRICS_PORT: "9464" }), prometheusPort({ METRICS_PORT: "http" }), prometheusPort({ METRICS_PORT: "70000" }), prometheusPort({})]).toEqual([9464, undefined, undefined, undefined]);
    const [prometheus] = metricReadersFromEnv({ METRICS_PORT: "0", OTEL_METRICS_EXPORTER: "none" });
    expect(prometheus).toBeUndefined();
    for (const reader of pushing) await reader.shutdown().catch(() => undefined);
  });
});
