import { OTLPTraceExporter as GrpcTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { OTLPTraceExporter as ProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { describe, expect, it } from "vitest";
import { otlpTraceExporterFromEnv } from "../src/exporters";

describe("the trace exporter the environment chooses", () => {
  it("is OTLP over http/protobuf by default, the signal's own protocol first, none when told so", () => {
    expect(otlpTraceExporterFromEnv({})).toBeInstanceOf(ProtoTraceExporter);
    expect(otlpTraceExporterFromEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "grpc" })).toBeInstanceOf(GrpcTraceExporter);
    expect(otlpTraceExporterFromEnv({ OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toBeUndefined();
  });

  it("stops the service at start on a protocol no exporter speaks", () => {
    expect(() => otlpTraceExporterFromEnv({ OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "carrier-pigeon" })).toThrow(/OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: unsupported protocol "carrier-pigeon"/);
  });
});
