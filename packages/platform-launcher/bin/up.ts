#!/usr/bin/env node
// The README's start command: the embedded store, then the five processes with prefixed logs;
// prints the addresses once every health check answers SERVING; Ctrl-C stops it all cleanly.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openLocalStore } from "@wallet/local-store";
import { TraceStore } from "@wallet/trace-store";
import { formatLogLine } from "../src/log-format";
import { Platform } from "../src/platform";
import { generateSecrets, type PlatformSecrets } from "../src/secrets";
import { SERVICE_NAMES, type ServiceName } from "../src/service-catalog";

const colour = process.stdout.isTTY;
const say = (line: string) => process.stdout.write(`${formatLogLine("platform", JSON.stringify({ level: "info", time: new Date().toISOString(), msg: line }), colour)}\n`);

async function loadOrCreateSecrets(stateDir: string): Promise<PlatformSecrets> {
  // Kept across restarts so personal data encrypted by an earlier run stays readable.
  const file = join(stateDir, "dev-secrets.json");
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as Partial<PlatformSecrets>;
    if (saved.operatorKey && saved.piiEncryptionKeys && saved.sandboxBankKeys) return saved as PlatformSecrets;
    say("dev secrets from an older layout: generating new ones (data encrypted with the old keys stays unreadable)");
  }
  const secrets = await generateSecrets();
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function main(): Promise<void> {
  const stateDir = process.env["WALLET_STATE_DIR"] ?? join(process.cwd(), ".local");
  const portBase = Number(process.env["WALLET_PORT_BASE"] ?? 50051);
  const secrets = await loadOrCreateSecrets(stateDir);
  // One embedded database per set of dev secrets: data encrypted under other keys (another
  // checkout's, or an older .local) would stop identity from starting, so it is never shared.
  const secretsFingerprint = createHash("sha256").update(secrets.piiIndexKey).digest("hex").slice(0, 8);
  const store = await openLocalStore({ postgresDatabase: `wallet_dev_${secretsFingerprint}`, log: say });
  const ports = Object.fromEntries(SERVICE_NAMES.map((name, index) => [name, portBase + index])) as Record<ServiceName, number>;
  // Without a tracing backend of their own, the services export to a local trace store that
  // `walletctl trace` reads (Jaeger's query API shape, on Jaeger's port by default).
  const traceStore = process.env["OTEL_EXPORTER_OTLP_ENDPOINT"]
    ? undefined
    : await TraceStore.start({
      port: Number(process.env["WALLET_TRACE_STORE_PORT"] ?? 16686),
      // Background sweeps make a few traces a second: keep about an hour of them.
      maxTraces: Number(process.env["WALLET_TRACE_STORE_MAX_TRACES"] ?? 10_000),
    });
  // A one-second batch delay so a flow's trace is whole soon after it ends.
  const telemetry: Record<string, string> = traceStore ? { OTEL_EXPORTER_OTLP_ENDPOINT: traceStore.otlpEndpoint, OTEL_BSP_SCHEDULE_DELAY: "1000" } : {};

  let platform: Platform | undefined = undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping every process (draining in-flight calls) ...`);
    await platform?.stop();
    await store.stop();
    await traceStore?.stop();
    say("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  try {
    platform = await Platform.launch({
      storeUri: store.uri,
      databasePrefix: "dev_",
      ports,
      secrets,
      environment: telemetry,
      sink: (service, line) => process.stdout.write(`${formatLogLine(service, line, colour)}\n`),
    });
  } catch (error) {
    // Leave nothing running behind a failed start: the store (and trace store) would hold their ports.
    await traceStore?.stop();
    await store.stop();
    throw error;
  }
  say(`store: ${store.embedded ? "FerretDB (embedded, over PostgreSQL)" : "MONGODB_URI"} ${store.uri}`);
  for (const name of SERVICE_NAMES) say(`${name.padEnd(12)} SERVING on ${platform.address(name)}`);
  if (traceStore) say(`trace store  ${traceStore.url} (walletctl trace <payment id>; OTLP/HTTP on ${traceStore.url}/v1/traces)`);
  say("all five processes are SERVING; press Ctrl-C to stop");
}

main().catch((error: unknown) => {
  process.stderr.write(`platform failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
