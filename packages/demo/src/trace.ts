import { randomBytes } from "node:crypto";

/**
 * A W3C trace context the demo starts for one step. Every call of the step carries it as the
 * `traceparent` header (sampled), so the platform's spans, link events and security events of
 * that step share the trace id the demo prints.
 */
export class StepTrace {
  readonly traceId = randomBytes(16).toString("hex");

  /** Headers for one call of the step: the step's trace, a new parent span id per call. */
  headers(): Record<string, string> {
    return { traceparent: `00-${this.traceId}-${randomBytes(8).toString("hex")}-01` };
  }
}
