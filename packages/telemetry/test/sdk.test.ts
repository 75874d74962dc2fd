import { createRequire } from "node:module";
import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { finishedSpans, inSpan, shutdownTelemetry, startTelemetry } from "../src";

describe("telemetry bootstrap with the in-memory exporter", () => {
  beforeAll(() => {
    Object.assign(process.env, { OTEL_TRACES_EXPORTER: "none", WALLET_TELEMETRY_MEMORY: "true", OTEL_SERVICE_NAME: "telemetry-test" });
    startTelemetry();
  });
  afterAll(async () => {
    await shutdownTelemetry();
  });

  it("records business steps as child spans, and failures with error.type and ERROR status", async () => {
    await trace.getTracer("test").startActiveSpan("parent", async (parent) => {
      await inSpan("step.ok", { "wallet.payment.id": "pay_1" }, () => Promise.resolve("done"));
      await expect(inSpan("step.fails", {}, () => Promise.reject(new RangeError("boom")))).rejects.toThrow("boom");
      parent.end();
    });
    // The simple processor hands spans to the exporter asynchronously.
    await vi.waitFor(() => expect(finishedSpans().map((span) => span.name).sort()).toEqual(["parent", "step.fails", "step.ok"]));
    const spans = finishedSpans();
    const ok = spans.find((span) => span.name === "step.ok");
    const failed = spans.find((span) => span.name === "step.fails");
    const parent = spans.find((span) => span.name === "parent");
    expect(ok?.attributes["wallet.payment.id"]).toBe("pay_1");
    expect(ok?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(failed?.status.code).toBe(2);
    expect(failed?.attributes["error.type"]).toBe("RangeError");
    expect(parent?.resource.attributes["service.name"]).toBe("telemetry-test");
  });

  it("loads no exporter that is not configured", () => {
    const loaded = Object.keys(createRequire(__filename).cache);
    expect(loaded.filter((path) => /@opentelemetry[/+](exporter-|sdk-node|sdk-logs)/.test(path))).toEqual([]);
    expect(loaded.some((path) => path.includes("instrumentation-grpc"))).toBe(true);
  });
});
