/* eslint-disable @typescript-eslint/no-require-imports -- only the exporters in use are loaded, as for traces (exporters.ts) */
import type * as GrpcMetricExporters from "@opentelemetry/exporter-metrics-otlp-grpc";
import type * as HttpJsonMetricExporters from "@opentelemetry/exporter-metrics-otlp-http";
import type * as HttpProtoMetricExporters from "@opentelemetry/exporter-metrics-otlp-proto";
import type * as PrometheusExporters from "@opentelemetry/exporter-prometheus";
import { type IMetricReader, type PushMetricExporter, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { type OtlpProtocol, otlpProtocolFor } from "./otlp-protocol";

/**
 * The metric readers chosen by the environment:
 * - OTLP push, when OTEL_METRICS_EXPORTER names "otlp" (unset, it defaults to "otlp" only when an
 *   OTLP endpoint is configured: nobody should retry a default endpoint no collector listens
 *   on, as `npm run up` without a collector would): the protocol from OTEL_EXPORTER_OTLP_METRICS_PROTOCOL / OTEL_EXPORTER_OTLP_PROTOCOL,
 *   every OTEL_METRIC_EXPORT_INTERVAL ms (default 60 s) with OTEL_METRIC_EXPORT_TIMEOUT;
 *   endpoints and headers are read by the exporter itself from OTEL_EXPORTER_OTLP_*;
 * - a Prometheus scrape endpoint (`/metrics`) on METRICS_PORT (and METRICS_HOST), when set.
 * Cumulative temporality throughout, so OTLP and Prometheus show the same totals.
 */
export function metricReadersFromEnv(env: NodeJS.ProcessEnv = process.env): IMetricReader[] {
  const readers: IMetricReader[] = [];
  const exporter = otlpMetricExporterFromEnv(env);
  if (exporter) {
    const exportIntervalMillis = positiveInteger(env["OTEL_METRIC_EXPORT_INTERVAL"]) ?? 60_000;
    const exportTimeoutMillis = Math.min(positiveInteger(env["OTEL_METRIC_EXPORT_TIMEOUT"]) ?? 30_000, exportIntervalMillis);
    readers.push(new PeriodicExportingMetricReader({ exporter, exportIntervalMillis, exportTimeoutMillis }));
  }
  const port = prometheusPort(env);
  if (port !== undefined) {
    // The host defaults to every interface, as a scraper in another container or pod needs.
    const { PrometheusExporter } = require("@opentelemetry/exporter-prometheus") as typeof PrometheusExporters;
    readers.push(new PrometheusExporter({ port, ...(env["METRICS_HOST"] ? { host: env["METRICS_HOST"] } : {}) }));
  }
  return readers;
}

function otlpMetricExporterFromEnv(env: NodeJS.ProcessEnv): PushMetricExporter | undefined {
  const endpointConfigured = Boolean(env["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] || env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
  const protocol = otlpProtocolFor(env, "METRICS", endpointConfigured ? "otlp" : "none");
  if (!protocol) return undefined;
  const exporterFor: Record<OtlpProtocol, () => PushMetricExporter> = {
    "grpc": () => new (require("@opentelemetry/exporter-metrics-otlp-grpc") as typeof GrpcMetricExporters).OTLPMetricExporter(),
    "http/json": () => new (require("@opentelemetry/exporter-metrics-otlp-http") as typeof HttpJsonMetricExporters).OTLPMetricExporter(),
    "http/protobuf": () => new (require("@opentelemetry/exporter-metrics-otlp-proto") as typeof HttpProtoMetricExporters).OTLPMetricExporter(),
  };
  return exporterFor[protocol]();
}

/**
 * METRICS_PORT as a port number; anything else is ignored here because the service's own
 * configuration check refuses it by name (exit 78) right after.
 */
export function prometheusPort(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env["METRICS_PORT"];
  if (raw === undefined || raw === "") return undefined;
  const port = Number(raw);
  return Number.isInteger(port) && port > 0 && port <= 65_535 ? port : undefined;
}

function positiveInteger(raw: string | undefined): number | undefined {
  const value = Number(raw);
  return raw !== undefined && raw !== "" && Number.isInteger(value) && value > 0 ? value : undefined;
}
