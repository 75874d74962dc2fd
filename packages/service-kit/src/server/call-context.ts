import { AsyncLocalStorage } from "node:async_hooks";
import { type Metadata } from "@grpc/grpc-js";
import { type Logger } from "pino";

/** Who is calling, as established by the gate for this call. */
export interface Principal {
  /** The end user's id; "" for calls without a user (a service acting for itself). */
  subject: string;
  ial: number;
  aal: number;
  sessionId: string;
  /** The platform service that made the call on the user's behalf; "" for a direct user call. */
  callerService: string;
  /** The user's bearer token, forwarded on calls this handler makes to other services. */
  accessToken: string;
  /** An operator tool (fraud team, SRE) made the call. */
  callerOperator: string;
  /** A step-up proof bound to exactly this operation was presented, verified and spent. */
  stepUpVerified: boolean;
  /** The operation grant identity issued with this call's ALLOW, forwarded with the token. */
  grant: string;
}

export interface CallContext {
  /** Full gRPC path, for example "/wallet.payment.v1.PaymentService/TopUp". */
  readonly method: string;
  readonly metadata: Metadata;
  /** Absolute deadline in epoch milliseconds, if the caller set one. */
  readonly deadline: number | undefined;
  /** Aborted when the caller cancels or the deadline passes. */
  readonly signal: AbortSignal;
  readonly peer: string;
  readonly logger: Logger;
  principal: Principal | undefined;
}

const storage = new AsyncLocalStorage<CallContext>();

export function runInCall<T>(context: CallContext, body: () => Promise<T>): Promise<T> {
  return storage.run(context, body);
}

/** The call being served, if any: outgoing clients read it to forward the principal and deadline. */
export function currentCall(): CallContext | undefined {
  return storage.getStore();
}

/** The principal of the current call; throws if the gate did not establish one. */
export function requirePrincipal(context: CallContext): Principal {
  if (!context.principal) throw new Error(`no principal on ${context.method}: the gate did not run`);
  return context.principal;
}
