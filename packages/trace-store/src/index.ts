export { type JaegerSpan, type JaegerTag, type JaegerTrace, toJaegerTrace } from "./jaeger-format";
export { decodeJson, decodeProtobuf } from "./otlp-decode";
export { TraceStore, type TraceStoreOptions } from "./server";
export { type StoredSpan } from "./span";
export { SpanMemory } from "./span-memory";
export { type OtlpAttribute, type OtlpValue, otlpAttributes } from "./otlp-attributes";
