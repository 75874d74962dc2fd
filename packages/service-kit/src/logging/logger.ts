import { currentSpanId, currentTraceId } from "@wallet/telemetry";
import { pino, type Logger } from "pino";

export type { Logger } from "pino";

/**
 * Keys whose values are personal data or secrets. Code never logs requests, but if an object
 * with one of these keys reaches the logger, the value is replaced at the logger itself.
 */
const SENSITIVE_KEYS = [
  "email", "phone", "password", "name", "legalName", "nameKana", "nameLatin", "holderName",
  "dateOfBirth", "address", "documentNumber", "accountNumber", "pin", "code", "otp", "secret",
  "token", "accessToken", "refreshToken", "authorization", "proof", "totpSecret", "recoveryCodes",
];

/**
 * Structured JSON logs; every line written inside a traced call carries its trace and span ids
 * so an SRE can jump from a log line to the trace.
 */
export function createLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const traceId = currentTraceId();
        return traceId ? { trace_id: traceId, span_id: currentSpanId() } : {};
      },
      redact: {
        paths: SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
        censor: "[redacted]",
      },
    },
    destination,
  );
}
