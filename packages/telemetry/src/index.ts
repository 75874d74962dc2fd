export { WalletAttributes } from "./attributes";
export { type BusinessCounter, businessCounter, DURATION_BUCKETS_MS, type DurationHistogram, durationHistogram } from "./metrics";
export { finishedSpans, installMemoryExporter, resetFinishedSpans } from "./memory";
export { shutdownTelemetry, startTelemetry } from "./sdk";
export { annotateActiveSpan, currentSpanId, currentTraceId, inSpan, linkTo, recordError } from "./spans";
export { shapeOnlyStatement } from "./statement-shape";
