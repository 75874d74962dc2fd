#!/usr/bin/env node
// Runs the local trace store on its own: OTLP/HTTP in on /v1/traces, Jaeger-shaped reads on
// /api/traces/{traceId}. `npm run up` starts one itself; this is for running it apart.
import { TraceStore } from "../src/server";

async function main(): Promise<void> {
  const store = await TraceStore.start({
    host: process.env["TRACE_STORE_HOST"] ?? "127.0.0.1",
    port: Number(process.env["TRACE_STORE_PORT"] ?? 16686),
    maxTraces: Number(process.env["TRACE_STORE_MAX_TRACES"] ?? 1_000),
  });
  process.stdout.write(`trace store on ${store.url} (OTLP/HTTP: ${store.url}/v1/traces, traces: ${store.url}/api/traces/{traceId})\n`);
  const stop = () => void store.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`trace store failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
