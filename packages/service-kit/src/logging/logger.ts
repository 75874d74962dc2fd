import { currentSpanId, currentTraceId } from "@wallet/telemetry";
import { pino, type Logger } from "pino";

export type { Logger } from "pino";

/**
 * Keys whose values are personal data or secrets. Code never logs requests, but if an object
 * with one of these keys reaches the logger, the value is replaced at the logger itself.
 */
export const SENSITIVE_KEYS = [
  // contacts
  "email", "phone", "payeePhone", "registeredPhone", "recipient",
  // names, as people and banks write them
  "name", "legalName", "nameKana", "nameLatin", "holderName", "holderNameKana", "holderNameLatin",
  "familyKanji", "givenKanji", "familyKana", "givenKana", "familyLatin", "givenLatin",
  // identity documents and addresses
  "dateOfBirth", "address", "documentNumber", "myNumber", "accountNumber",
  // credentials, codes and tokens
  "password", "pin", "code", "oneTimeCode", "otp", "secret", "totpSecret", "recoveryCodes",
  "token", "accessToken", "refreshToken", "authorization", "proof", "stepUpProof", "serviceAssertion",
];

/**
 * Structured JSON logs; every line written inside a traced call (every RPC, every business step)
 * carries its trace and span ids, so an SRE can jump from a log line to the trace. Lines of the
 * process's own life (start-up, shutdown) belong to no call and carry none.
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
