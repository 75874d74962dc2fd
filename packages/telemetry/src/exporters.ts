import { OTLPTraceExporter as GrpcTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { OTLPTraceExporter as HttpJsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as HttpProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { type SpanExporter } from "@opentelemetry/sdk-trace-base";

/**
 * The OTLP trace exporter chosen by the standard variables: OTEL_TRACES_EXPORTER ("otlp" or
 * "none") and OTEL_EXPORTER_OTLP_TRACES_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL ("grpc",
 * "http/protobuf" or "http/json"). Endpoints, headers and timeouts are read by the exporter
 * itself from OTEL_EXPORTER_OTLP_*.
 */
export function otlpTraceExporterFromEnv(env: NodeJS.ProcessEnv = process.env): SpanExporter | undefined {
  const exporters = (env["OTEL_TRACES_EXPORTER"] ?? "otlp").split(",").map((name) => name.trim());
  if (!exporters.includes("otlp")) return undefined;
  const protocol = env["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] ?? env["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "http/protobuf";
  switch (protocol) {
    case "grpc":
      return new GrpcTraceExporter();
    case "http/json":
      return new HttpJsonTraceExporter();
    case "http/protobuf":
      return new HttpProtoTraceExporter();
    default:
      throw new Error(`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: unsupported protocol "${protocol}"`);
  }
}
