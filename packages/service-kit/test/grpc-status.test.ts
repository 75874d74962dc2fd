import { type ServiceError, status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { FailedPreconditionError, InvalidArgumentError, ResourceExhaustedError } from "../src/errors/domain-errors";
import { fromServiceError, toGrpcStatus } from "../src/errors/grpc-status";

function asServiceError(statusObject: ReturnType<typeof toGrpcStatus>): ServiceError {
  return Object.assign(new Error(statusObject.details), statusObject) as ServiceError;
}

describe("domain errors on the wire", () => {
  it("carries field violations as google.rpc.BadRequest under INVALID_ARGUMENT", () => {
    const wire = toGrpcStatus(new InvalidArgumentError([{ field: "amount.minor_units", description: "must be positive" }]), "payment");
    expect(wire.code).toBe(status.INVALID_ARGUMENT);
    const remote = fromServiceError(asServiceError(wire));
    expect(remote.violations).toEqual([{ field: "amount.minor_units", description: "must be positive" }]);
    expect(remote.domain).toBe("payment");
  });

  it("carries the reason and facts as google.rpc.ErrorInfo", () => {
    const wire = toGrpcStatus(new FailedPreconditionError("INSUFFICIENT_FUNDS", "not enough money", { available: "100" }), "account");
    const remote = fromServiceError(asServiceError(wire));
    expect(remote.code).toBe(status.FAILED_PRECONDITION);
    expect(remote.reason).toBe("INSUFFICIENT_FUNDS");
    expect(remote.facts).toEqual({ available: "100" });
  });

  it("carries a retry delay as google.rpc.RetryInfo", () => {
    const wire = toGrpcStatus(new ResourceExhaustedError("LOGIN_THROTTLED", "slow down", 2_500), "identity");
    expect(wire.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(fromServiceError(asServiceError(wire)).retryAfterMs).toBe(2_500);
  });
});
