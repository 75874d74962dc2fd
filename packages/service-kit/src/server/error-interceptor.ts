import { status } from "@grpc/grpc-js";
import { DomainError, UnavailableError } from "../errors/domain-errors";
import { encodeStatus, RemoteError, toGrpcStatus } from "../errors/grpc-status";
import { type Interceptor } from "./interceptor";
import { StatusError } from "./status-error";

/**
 * Translates whatever a handler throws into a gRPC status. Expected failures are typed domain
 * errors and keep their meaning (never UNKNOWN); a failure of a downstream service keeps its
 * code and reason when it is meaningful to our caller; anything else is an INTERNAL error whose
 * message is not exposed (it may hold values), and is logged with the trace id instead.
 */
export function errorInterceptor(domain: string): Interceptor {
  return async (call, request, next) => {
    try {
      return await next(request);
    } catch (error) {
      if (error instanceof StatusError) throw error;
      if (error instanceof DomainError) throw new StatusError(toGrpcStatus(error, domain));
      if (error instanceof RemoteError) throw new StatusError(fromDownstream(error, domain));
      call.logger.error({ err: describe(error), method: call.method }, "unexpected error");
      throw new StatusError({ code: status.INTERNAL, details: "internal error" });
    }
  };
}

// A downstream INVALID_ARGUMENT or UNAUTHENTICATED about *our* request to it is our fault, not
// the caller's; unreachable dependencies surface as UNAVAILABLE so callers may retry.
function fromDownstream(error: RemoteError, domain: string): StatusError["status"] {
  switch (error.code) {
    case status.UNAVAILABLE:
    case status.DEADLINE_EXCEEDED:
      return toGrpcStatus(new UnavailableError("DEPENDENCY_UNAVAILABLE", "a dependency is unavailable", { dependency: error.domain }), domain);
    case status.FAILED_PRECONDITION:
    case status.PERMISSION_DENIED:
    case status.NOT_FOUND:
    case status.RESOURCE_EXHAUSTED:
    case status.ABORTED:
    case status.ALREADY_EXISTS:
      return encodeStatus(error.parts());
    default:
      return { code: status.INTERNAL, details: "internal error" };
  }
}

function describe(error: unknown): { type: string; message: string; stack?: string } {
  if (error instanceof Error) return { type: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { type: typeof error, message: String(error) };
}
