/* eslint-disable @typescript-eslint/no-require-imports -- only the exporter in use is loaded (see otlpTraceExporterFromEnv) */
import type * as GrpcTraceExporters from "@opentelemetry/exporter-trace-otlp-grpc";
import type * as HttpJsonTraceExporters from "@opentelemetry/exporter-trace-otlp-http";
import type * as HttpProtoTraceExporters from "@opentelemetry/exporter-trace-otlp-proto";
import { type SpanExporter } from "@opentelemetry/sdk-trace-base";

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
  const exporters = (env["OTEL_TRACES_EXPORTER"] ?? "otlp").split(",").map((name) => name.trim());
  if (!exporters.includes("otlp")) return undefined;
  const protocol = env["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] ?? env["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "http/protobuf";
  switch (protocol) {
    case "grpc":
      return new (require("@opentelemetry/exporter-trace-otlp-grpc") as typeof GrpcTraceExporters).OTLPTraceExporter();
    case "http/json":
      return new (require("@opentelemetry/exporter-trace-otlp-http") as typeof HttpJsonTraceExporters).OTLPTraceExporter();
    case "http/protobuf":
      return new (require("@opentelemetry/exporter-trace-otlp-proto") as typeof HttpProtoTraceExporters).OTLPTraceExporter();
    default:
      throw new Error(`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: unsupported protocol "${protocol}"`);
  }
}
