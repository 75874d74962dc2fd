import { status } from "@grpc/grpc-js";
import { DomainError, RemoteError } from "@wallet/service-kit";

// gRPC codes after which the same call may succeed later (and may even have taken effect):
// UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, RESOURCE_EXHAUSTED, INTERNAL, UNKNOWN, CANCELLED.
const RETRYABLE_CODES = new Set([14, 4, 10, 8, 13, 2, 1]);

export type Failure = { retry: true; reason: string } | { retry: false; reason: string };

/**
 * Whether a step's failure is worth retrying (the dependency is down or slow: the outcome is
 * unknown, and the step's idempotency key makes retrying safe) or final (the dependency said
 * no: the step did not happen).
 */
export function classify(error: unknown): Failure {
  if (error instanceof RemoteError) {
    const reason = error.reason || `GRPC_${error.code}`;
    return RETRYABLE_CODES.has(error.code) ? { retry: true, reason } : { retry: false, reason };
  }
  if (error instanceof DomainError) return { retry: error.kind === "unavailable" || error.kind === "aborted", reason: error.reason };
  return { retry: true, reason: "UNEXPECTED" };
}

/**
 * Whether the dependency decided against the step on its own state (FAILED_PRECONDITION: not
 * enough money, a frozen wallet), as opposed to refusing the call itself (its gate, a malformed
 * request): only such a decision can prove the step did not happen (see refusalProvesNotDone).
 */
export function isDecidedRefusal(error: unknown): boolean {
  if (error instanceof RemoteError) return error.code === status.FAILED_PRECONDITION;
  return error instanceof DomainError && error.kind === "failed_precondition";
}
