import { type StatusObject } from "@grpc/grpc-js";

/** An outcome already translated to a gRPC status; handed to the grpc-js callback as is. */
export class StatusError extends Error {
  constructor(readonly status: Partial<StatusObject> & { code: number }) {
    super(status.details ?? "");
    this.name = "StatusError";
  }
}
