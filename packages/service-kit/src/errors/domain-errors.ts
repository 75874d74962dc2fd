/**
 * Typed errors the domain throws. They know nothing of gRPC: the transport layer maps each kind
 * to a status code (see errors/grpc-status.ts). Messages must never carry personal data or
 * secrets: they reach callers, logs and traces.
 */
export type ErrorKind =
  | "invalid_argument"
  | "not_found"
  | "already_exists"
  | "failed_precondition"
  | "permission_denied"
  | "unauthenticated"
  | "resource_exhausted"
  | "aborted"
  | "unavailable"
  | "deadline_exceeded";

export interface FieldViolation {
  /** Request field path in proto names, for example "amount.minor_units". */
  field: string;
  description: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  /** Stable machine-readable reason code, for example "INSUFFICIENT_FUNDS". */
  readonly reason: string;
  /** Extra machine-readable facts (ids, limits), never personal data. */
  readonly facts: Readonly<Record<string, string>>;

  constructor(reason: string, message: string, facts: Record<string, string> = {}) {
    super(message);
    this.name = new.target.name;
    this.reason = reason;
    this.facts = facts;
  }
}

export class InvalidArgumentError extends DomainError {
  readonly kind = "invalid_argument";
  constructor(readonly violations: FieldViolation[]) {
    super("INVALID_ARGUMENT", violations.map((violation) => `${violation.field}: ${violation.description}`).join("; "));
  }

  static field(field: string, description: string): InvalidArgumentError {
    return new InvalidArgumentError([{ field, description }]);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = "not_found";
  constructor(resource: string, facts: Record<string, string> = {}) {
    super(`${resource.toUpperCase()}_NOT_FOUND`, `${resource} not found`, facts);
  }
}

export class AlreadyExistsError extends DomainError {
  readonly kind = "already_exists";
}

export class FailedPreconditionError extends DomainError {
  readonly kind = "failed_precondition";

  /** Stripe's refusal of an idempotency key sent again with other parameters, naming them. */
  static idempotencyKeyReused(fields: readonly string[], facts: Record<string, string> = {}): FailedPreconditionError {
    return new FailedPreconditionError("IDEMPOTENCY_KEY_REUSED", `this idempotency key was first used with a different ${fields.join(", ")}`, {
      mismatched_fields: fields.join(","),
      ...facts,
    });
  }
}

export class PermissionDeniedError extends DomainError {
  readonly kind = "permission_denied";
}

export class UnauthenticatedError extends DomainError {
  readonly kind = "unauthenticated";
}

export class ResourceExhaustedError extends DomainError {
  readonly kind = "resource_exhausted";
  constructor(reason: string, message: string, readonly retryAfterMs?: number, facts: Record<string, string> = {}) {
    super(reason, message, facts);
  }
}

/** A concurrency conflict the caller may retry (for example a lost race on a unique key). */
export class AbortedError extends DomainError {
  readonly kind = "aborted";
}

/** A dependency (a downstream service, the store) cannot be reached; retrying later may work. */
export class UnavailableError extends DomainError {
  readonly kind = "unavailable";
}

export class DeadlineExceededError extends DomainError {
  readonly kind = "deadline_exceeded";
}
