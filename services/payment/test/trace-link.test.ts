import { describe, expect, it } from "vitest";
import { paymentConfigSchema } from "../src/config";
import { traceLink } from "../src/handlers/trace-link";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

describe("the link from a payment to its trace", () => {
  it("fills the trace id into TRACE_UI_URL, and gives no link without a UI or a valid trace id", () => {
    expect(traceLink("http://jaeger:16686/trace/{traceId}", TRACE_ID)).toBe(`http://jaeger:16686/trace/${TRACE_ID}`);
    expect(traceLink("https://grafana.example/explore?trace={traceId}&from={traceId}", TRACE_ID)).toBe(`https://grafana.example/explore?trace=${TRACE_ID}&from=${TRACE_ID}`);
    expect([traceLink(undefined, TRACE_ID), traceLink("http://jaeger:16686/trace/{traceId}", ""), traceLink("http://jaeger:16686/trace/{traceId}", "0".repeat(32))]).toEqual(["", "", ""]);
  });

  it("accepts only an http(s) URL with a {traceId} placeholder as TRACE_UI_URL", () => {
    const variable = paymentConfigSchema.shape.TRACE_UI_URL;
    expect(variable.safeParse("http://jaeger:16686/trace/{traceId}").success).toBe(true);
    expect(variable.safeParse(undefined).success).toBe(true);
    expect(variable.safeParse("http://jaeger:16686/search").error?.issues[0]?.message).toBe("must contain {traceId} where the trace id goes");
    expect(variable.safeParse("javascript:alert({traceId})").success).toBe(false);
  });
});
