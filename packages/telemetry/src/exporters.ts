/* eslint-disable @typescript-eslint/no-require-imports -- only the exporter in use is loaded (see otlpTraceExporterFromEnv) */
import type * as GrpcTraceExporters from "@opentelemetry/exporter-trace-otlp-grpc";
import type * as HttpJsonTraceExporters from "@opentelemetry/exporter-trace-otlp-http";
import type * as HttpProtoTraceExporters from "@opentelemetry/exporter-trace-otlp-proto";
import { type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { type OtlpProtocol, otlpProtocolFor } from "./otlp-protocol";

/**
 * The OTLP trace exporter chosen by the standard variables: OTEL_TRACES_EXPORTER ("otlp" or
 * "none") and OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL ("grpc",
 * "http/protobuf" or "http/json"). Endpoints, headers and timeouts are read by the exporter
 * itself from OTEL_EXPORTER_OTLP_*.
 *
 * Only the chosen exporter's package is loaded: each brings its own transport and serialiser
 * modules, which would otherwise sit in every service's memory unused.
 */
export function otlpTraceExporterFromEnv(env: NodeJS.ProcessEnv = process.env): SpanExporter | undefined {
  const protocol = otlpProtocolFor(env, "TRACES", "otlp");
  if (!protocol) return undefined;
  const exporterFor: Record<OtlpProtocol, () => SpanExporter> = {
    "grpc": () => new (require("@opentelemetry/exporter-trace-otlp-grpc") as typeof GrpcTraceExporters).OTLPTraceExporter(),
    "http/json": () => new (require("@opentelemetry/exporter-trace-otlp-http") as typeof HttpJsonTraceExporters).OTLPTraceExporter(),
    "http/protobuf": () => new (require("@opentelemetry/exporter-trace-otlp-proto") as typeof HttpProtoTraceExporters).OTLPTraceExporter(),
  };
  return exporterFor[protocol]();
}
