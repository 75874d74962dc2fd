import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";

// The exporter lives on a global symbol so a test in the same process can read what the SDK
// (started by the --import hook or by startTelemetry) recorded, whichever copy of this module
// it imported.
const KEY = Symbol.for("wallet.telemetry.memoryExporter");

type GlobalWithExporter = typeof globalThis & { [KEY]?: InMemorySpanExporter };

export function installMemoryExporter(): InMemorySpanExporter {
  const holder = globalThis as GlobalWithExporter;
  holder[KEY] ??= new InMemorySpanExporter();
  return holder[KEY];
}

/** Spans finished so far in this process, when the in-memory exporter is enabled. */
export function finishedSpans(): ReadableSpan[] {
  return (globalThis as GlobalWithExporter)[KEY]?.getFinishedSpans() ?? [];
}

export function resetFinishedSpans(): void {
  (globalThis as GlobalWithExporter)[KEY]?.reset();
}
