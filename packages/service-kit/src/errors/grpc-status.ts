import { Metadata, type ServiceError, status, type StatusObject } from "@grpc/grpc-js";
import { type Any } from "@wallet/contracts/google/protobuf/any";
import { BadRequest, ErrorInfo, RetryInfo } from "@wallet/contracts/google/rpc/error_details";
import { Status } from "@wallet/contracts/google/rpc/status";
import { type DomainError, type ErrorKind, type FieldViolation, InvalidArgumentError, ResourceExhaustedError } from "./domain-errors";

const STATUS_BY_KIND: Record<ErrorKind, status> = {
  invalid_argument: status.INVALID_ARGUMENT,
  not_found: status.NOT_FOUND,
  already_exists: status.ALREADY_EXISTS,
  failed_precondition: status.FAILED_PRECONDITION,
  permission_denied: status.PERMISSION_DENIED,
  unauthenticated: status.UNAUTHENTICATED,
  resource_exhausted: status.RESOURCE_EXHAUSTED,
  aborted: status.ABORTED,
  unavailable: status.UNAVAILABLE,
  deadline_exceeded: status.DEADLINE_EXCEEDED,
};

const KIND_BY_STATUS = new Map<status, ErrorKind>(
  Object.entries(STATUS_BY_KIND).map(([kind, code]) => [code, kind as ErrorKind]),
);

const DETAILS_KEY = "grpc-status-details-bin";
const TYPE_PREFIX = "type.googleapis.com/";

/** The error domain in google.rpc.ErrorInfo: which service raised the error. */
export type ErrorDomain = string;

/** Everything a failed call tells its caller, in transport-neutral form. */
export interface StatusParts {
  code: status;
  message: string;
  reason: string;
  domain: string;
  facts: Record<string, string>;
  violations: FieldViolation[];
  retryAfterMs: number | undefined;
}

/**
 * Encodes a status with google.rpc details: ErrorInfo (reason and facts), BadRequest (field
 * violations) and RetryInfo (when to try again), in the standard `grpc-status-details-bin`
 * trailer that every gRPC client library can read.
 */
export function encodeStatus(parts: StatusParts): Partial<StatusObject> & { code: status } {
  const details: Any[] = [
    pack("google.rpc.ErrorInfo", ErrorInfo.encode({ reason: parts.reason, domain: parts.domain, metadata: { ...parts.facts } }).finish()),
  ];
  if (parts.violations.length > 0) {
    details.push(pack("google.rpc.BadRequest", BadRequest.encode({
      fieldViolations: parts.violations.map((violation) => ({ ...violation, reason: "" })),
    }).finish()));
  }
  if (parts.retryAfterMs !== undefined) {
    details.push(pack("google.rpc.RetryInfo", RetryInfo.encode({
      retryDelay: { seconds: BigInt(Math.floor(parts.retryAfterMs / 1000)), nanos: (parts.retryAfterMs % 1000) * 1_000_000 },
    }).finish()));
  }
  const metadata = new Metadata();
  metadata.set(DETAILS_KEY, Buffer.from(Status.encode({ code: parts.code, message: parts.message, details }).finish()));
  return { code: parts.code, details: parts.message, metadata };
}

/** The gRPC status of a domain error raised by the service named in `domain`. */
export function toGrpcStatus(error: DomainError, domain: ErrorDomain): Partial<StatusObject> & { code: status } {
  return encodeStatus({
    code: STATUS_BY_KIND[error.kind],
    message: error.message,
    reason: error.reason,
    domain,
    facts: { ...error.facts },
    violations: error instanceof InvalidArgumentError ? error.violations : [],
    retryAfterMs: error instanceof ResourceExhaustedError ? error.retryAfterMs : undefined,
  });
}

function pack(typeName: string, value: Uint8Array): Any {
  return { typeUrl: TYPE_PREFIX + typeName, value: Buffer.from(value) };
}

/** What a caller learns from a failed call to another service. */
export class RemoteError extends Error {
  constructor(
    readonly code: status,
    readonly detailsMessage: string,
    readonly reason: string,
    readonly domain: string,
    readonly facts: Record<string, string>,
    readonly violations: FieldViolation[],
    readonly retryAfterMs: number | undefined,
  ) {
    super(`${status[code] ?? code}${reason ? ` ${reason}` : ""}: ${detailsMessage}`);
    this.name = "RemoteError";
  }

  parts(): StatusParts {
    return {
      code: this.code, message: this.detailsMessage, reason: this.reason, domain: this.domain,
      facts: this.facts, violations: this.violations, retryAfterMs: this.retryAfterMs,
    };
  }

  /** The domain error kind the status maps to, if it is one we use. */
  get kind(): ErrorKind | undefined {
    return KIND_BY_STATUS.get(this.code);
  }
}

/** Reads a failed call's status and google.rpc details back into a typed error. */
export function fromServiceError(error: ServiceError): RemoteError {
  let reason = "";
  let domain = "";
  let facts: Record<string, string> = {};
  let violations: FieldViolation[] = [];
  let retryAfterMs: number | undefined;
  const raw = error.metadata?.get(DETAILS_KEY)[0];
  if (Buffer.isBuffer(raw)) {
    try {
      for (const detail of Status.decode(raw).details) {
        const typeName = detail.typeUrl.slice(detail.typeUrl.lastIndexOf("/") + 1);
        if (typeName === "google.rpc.ErrorInfo") {
          const info = ErrorInfo.decode(detail.value);
          ({ reason, domain } = info);
          facts = info.metadata;
        } else if (typeName === "google.rpc.BadRequest") {
          violations = BadRequest.decode(detail.value).fieldViolations.map(({ field, description }) => ({ field, description }));
        } else if (typeName === "google.rpc.RetryInfo") {
          const delay = RetryInfo.decode(detail.value).retryDelay;
          if (delay) retryAfterMs = Number(delay.seconds) * 1000 + Math.floor(delay.nanos / 1_000_000);
        }
      }
    } catch {
      // Undecodable details: keep the code and message, which are always present.
    }
  }
  return new RemoteError(error.code, error.details, reason, domain, facts, violations, retryAfterMs);
}
