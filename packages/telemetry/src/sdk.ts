import { context, diag, DiagConsoleLogger, DiagLogLevel, metrics, propagation } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { GrpcInstrumentation } from "@opentelemetry/instrumentation-grpc";
import { MongoDBInstrumentation } from "@opentelemetry/instrumentation-mongodb";
import { detectResources, type Resource } from "@opentelemetry/resources";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { otlpTraceExporterFromEnv } from "./exporters";
import { metricReadersFromEnv } from "./metric-readers";
import { installMemoryExporter } from "./memory";
import { resourceDetectorsFromEnv } from "./resource-detectors";
import { shapeOnlyStatement } from "./statement-shape";

const HANDLE = Symbol.for("wallet.telemetry.handle");
interface Providers {
  tracerProvider?: NodeTracerProvider;
  meterProvider?: MeterProvider;
}
type GlobalWithHandle = typeof globalThis & { [HANDLE]?: Providers };

/**
 * Starts the OpenTelemetry SDK once per process. It must run before @grpc/grpc-js and the
 * MongoDB driver are loaded, which is why services start with `node --import
 * @wallet/telemetry/register`. Everything is configured by the standard OTEL_* variables (see
 * metric-readers.ts for metrics, and METRICS_PORT for a Prometheus endpoint);
 * WALLET_TELEMETRY_MEMORY=true also keeps finished spans in memory for in-process tests.
 */
export function startTelemetry(): void {
  // The SDK itself reads process.env, so everything here does too.
  const env = process.env;
  const holder = globalThis as GlobalWithHandle;
  if (holder[HANDLE] || env["OTEL_SDK_DISABLED"] === "true") return;
  if (env["OTEL_LOG_LEVEL"] === "debug") diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.DEBUG);

  const spanProcessors: SpanProcessor[] = [];
  const exporter = otlpTraceExporterFromEnv(env);
  // The batch processor reads OTEL_BSP_* (delay, queue and batch sizes) itself.
  if (exporter) spanProcessors.push(new BatchSpanProcessor(exporter));
  if (env["WALLET_TELEMETRY_MEMORY"] === "true") spanProcessors.push(new SimpleSpanProcessor(installMemoryExporter()));

  // The SDK's parts rather than @opentelemetry/sdk-node's NodeSDK, which loads every exporter,
  // the logs SDK and a configuration-file validator whatever is configured: about 170 modules
  // and 7 MB of resident memory per service that nothing here uses. Logs go to stdout as JSON
  // (pino), so there is no logs SDK.
  const resource = detectResources({ detectors: resourceDetectorsFromEnv(env) });
  const tracerProvider = registerTracing(resource, spanProcessors);
  // No reader configured, no meter provider: the metrics API then records nothing, at no cost.
  const readers = metricReadersFromEnv(env);
  const meterProvider = readers.length > 0 ? new MeterProvider({ resource, readers }) : undefined;
  if (meterProvider) metrics.setGlobalMeterProvider(meterProvider);

  registerInstrumentations({
    ...(tracerProvider ? { tracerProvider } : {}),
    ...(meterProvider ? { meterProvider } : {}),
    instrumentations: [
      // Health probes every few seconds would drown the traces that matter.
      new GrpcInstrumentation({ ignoreGrpcMethods: ["Check", "Watch"] }),
      // Statements are reduced to their shape: field names only, never the values (which hold
      // personal data such as blind indexes, emails or account numbers).
      new MongoDBInstrumentation({ enhancedDatabaseReporting: false, dbStatementSerializer: shapeOnlyStatement }),
    ],
  });
  holder[HANDLE] = { ...(tracerProvider ? { tracerProvider } : {}), ...(meterProvider ? { meterProvider } : {}) };
}

/**
 * Async-local context and W3C trace-context and baggage propagation in any case, so a trace
 * passes through a service that records none of it; a tracer provider only when something
 * receives the spans (then the sampler, OTEL_TRACES_SAMPLER, and span limits, OTEL_SPAN_*, are
 * read by the provider itself).
 */
function registerTracing(resource: Resource, spanProcessors: SpanProcessor[]): NodeTracerProvider | undefined {
  if (spanProcessors.length === 0) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
    return undefined;
  }
  const tracerProvider = new NodeTracerProvider({ resource, spanProcessors });
  tracerProvider.register();
  return tracerProvider;
}

/** Flushes buffered spans and metrics and stops the SDK; called last in a graceful shutdown. */
export async function shutdownTelemetry(): Promise<void> {
  const holder = globalThis as GlobalWithHandle;
  const providers = holder[HANDLE];
  if (!providers) return;
  delete holder[HANDLE];
  await Promise.all([providers.tracerProvider?.shutdown(), providers.meterProvider?.shutdown()]);
}
