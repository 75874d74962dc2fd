import { diag, DiagConsoleLogger, DiagLogLevel } from "@opentelemetry/api";
import { GrpcInstrumentation } from "@opentelemetry/instrumentation-grpc";
import { MongoDBInstrumentation } from "@opentelemetry/instrumentation-mongodb";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { otlpTraceExporterFromEnv } from "./exporters";
import { metricReadersFromEnv } from "./metric-readers";
import { installMemoryExporter } from "./memory";
import { shapeOnlyStatement } from "./statement-shape";

const HANDLE = Symbol.for("wallet.telemetry.handle");
type GlobalWithHandle = typeof globalThis & { [HANDLE]?: NodeSDK };

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

  // Logs go to stdout as JSON (pino); the SDK must not also try to ship them, nor retry an
  // unreachable default endpoint at shutdown for signals nobody configured.
  env["OTEL_LOGS_EXPORTER"] ??= "none";

  const spanProcessors: SpanProcessor[] = [];
  const exporter = otlpTraceExporterFromEnv(env);
  // The batch processor reads OTEL_BSP_* (delay, queue and batch sizes) itself.
  if (exporter) spanProcessors.push(new BatchSpanProcessor(exporter));
  if (env["WALLET_TELEMETRY_MEMORY"] === "true") spanProcessors.push(new SimpleSpanProcessor(installMemoryExporter()));

  const sdk = new NodeSDK({
    spanProcessors,
    // Always an explicit list (possibly empty: then no meter provider is registered at all), so
    // the SDK does not pick readers from the environment a second time.
    metricReaders: metricReadersFromEnv(env),
    instrumentations: [
      // Health probes every few seconds would drown the traces that matter.
      new GrpcInstrumentation({ ignoreGrpcMethods: ["Check", "Watch"] }),
      // Statements are reduced to their shape: field names only, never the values (which hold
      // personal data such as blind indexes, emails or account numbers).
      new MongoDBInstrumentation({ enhancedDatabaseReporting: false, dbStatementSerializer: shapeOnlyStatement }),
    ],
  });
  sdk.start();
  holder[HANDLE] = sdk;
}

/** Flushes buffered spans and metrics and stops the SDK; called last in a graceful shutdown. */
export async function shutdownTelemetry(): Promise<void> {
  const holder = globalThis as GlobalWithHandle;
  const sdk = holder[HANDLE];
  if (!sdk) return;
  delete holder[HANDLE];
  await sdk.shutdown();
}
