import {
  type MethodDefinition,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServiceDefinition,
  status,
  type UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { type Logger } from "pino";
import { type CallContext, runInCall } from "./call-context";
import { chain, type Interceptor } from "./interceptor";
import { StatusError } from "./status-error";

export type UnaryHandler<Request, Response> = (request: Request, call: CallContext) => Promise<Response>;

/** One async handler per RPC of a generated service definition, typed by its messages. */
export type ServiceHandlers<Definition> = {
  [Method in keyof Definition]: Definition[Method] extends MethodDefinition<infer Request, infer Response>
    ? UnaryHandler<Request, Response>
    : never;
};

/**
 * Adapts async handlers to grpc-js, running every call through the interceptor chain inside its
 * own call context. Handlers cannot be registered any other way, so none can skip the chain
 * (and with it the gate).
 */
export function bindService<Definition extends ServiceDefinition>(
  definition: Definition,
  handlers: ServiceHandlers<Definition>,
  interceptors: readonly Interceptor[],
  logger: Logger,
): UntypedServiceImplementation {
  const implementation: UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(definition)) {
    if (method.requestStream || method.responseStream) throw new Error(`${method.path}: only unary RPCs are supported`);
    const handler = (handlers as Record<string, UnaryHandler<unknown, unknown> | undefined>)[name];
    if (!handler) throw new Error(`${method.path}: no handler registered`);
    const pipeline = chain(interceptors, (call, request) => handler(request, call));
    implementation[name] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const context = callContext(method.path, call, logger);
      runInCall(context, () => pipeline(context, call.request)).then(
        (response) => callback(null, response),
        (error: unknown) => callback(error instanceof StatusError ? error.status : { code: status.INTERNAL, details: "internal error" }),
      );
    };
  }
  return implementation;
}

function callContext(method: string, call: ServerUnaryCall<unknown, unknown>, logger: Logger): CallContext {
  const controller = new AbortController();
  call.once("cancelled", () => controller.abort());
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : Number.isFinite(deadline) ? deadline : undefined;
  return {
    method,
    metadata: call.metadata,
    deadline: deadlineMs,
    signal: controller.signal,
    peer: call.getPeer(),
    logger,
    principal: undefined,
  };
}
