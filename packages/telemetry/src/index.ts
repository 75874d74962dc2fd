export { WalletAttributes } from "./attributes";
export { finishedSpans, installMemoryExporter, resetFinishedSpans } from "./memory";
export { shutdownTelemetry, startTelemetry } from "./sdk";
export { annotateActiveSpan, currentSpanId, currentTraceId, inSpan, recordError } from "./spans";
export { shapeOnlyStatement } from "./statement-shape";
