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
});
