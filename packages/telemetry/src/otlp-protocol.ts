/** The transports an OTLP exporter package exists for. */
export type OtlpProtocol = "grpc" | "http/json" | "http/protobuf";
const PROTOCOLS: readonly string[] = ["grpc", "http/json", "http/protobuf"];

/**
 * The OTLP protocol one signal's exporter uses, or undefined when OTEL_<SIGNAL>_EXPORTER does
 * not name "otlp" (`unsetExporters` when unset). The protocol is OTEL_EXPORTER_OTLP_<SIGNAL>_
 * PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf; an unknown one stops the
 * service at start rather than leaving it without telemetry unnoticed.
 */
export function otlpProtocolFor(env: NodeJS.ProcessEnv, signal: "TRACES" | "METRICS", unsetExporters: string): OtlpProtocol | undefined {
  const exporters = (env[`OTEL_${signal}_EXPORTER`] ?? unsetExporters).split(",").map((name) => name.trim());
  if (!exporters.includes("otlp")) return undefined;
  const protocol = env[`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`] ?? env["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "http/protobuf";
  if (!PROTOCOLS.includes(protocol)) throw new Error(`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL: unsupported protocol "${protocol}"`);
  return protocol as OtlpProtocol;
}
