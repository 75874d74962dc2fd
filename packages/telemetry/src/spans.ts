import { type Attributes, type Link, type Span, SpanStatusCode, trace, TraceFlags } from "@opentelemetry/api";

/**
 * Runs a business step as a child span of the current one. The span records the exception,
 * an ERROR status and `error.type` when the step throws, and always ends (try/finally).
 */
export async function inSpan<T>(name: string, attributes: Attributes, step: (span: Span) => Promise<T>, links: Link[] = []): Promise<T> {
  // Looked up per call, not at module load: a tracer taken before the SDK registered its
  // provider would stay a no-op for good.
  return trace.getTracer("wallet-platform").startActiveSpan(name, { attributes, links }, async (span) => {
    try {
      return await step(span);
    } catch (error) {
      recordError(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * A link to a span of another trace (the request that started work a later trace carries on),
 * or none when its ids are not valid ones (work taken in outside any trace).
 */
export function linkTo(traceId: string, spanId: string): Link[] {
  const context = { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true };
  return trace.isSpanContextValid(context) ? [{ context }] : [];
}

/** Adds attributes to the span the gRPC instrumentation opened for the current call. */
export function annotateActiveSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

export function recordError(span: Span, error: unknown): void {
  const type = error instanceof Error ? (error.constructor.name || "Error") : typeof error;
  span.setAttribute("error.type", type);
  // Messages of our own errors are written to be free of personal data; stack traces are not
  // exported to keep file paths and values out of the trace backend.
  span.addEvent("exception", {
    "exception.type": type,
    "exception.message": error instanceof Error ? error.message : String(error),
  });
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/** The trace id of the active span, or "" outside a trace. */
export function currentTraceId(): string {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : "";
}

export function currentSpanId(): string {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.spanId : "";
}
