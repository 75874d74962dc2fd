import { status } from "@grpc/grpc-js";
import { type Interceptor } from "./interceptor";
import { StatusError } from "./status-error";

/**
 * One log line per call: method, status code, duration and the trace id (added by the logger).
 * Requests and responses are never logged: they carry personal data.
 */
export const loggingInterceptor: Interceptor = async (call, request, next) => {
  const started = performance.now();
  try {
    const response = await next(request);
    call.logger.info({ method: call.method, grpc_code: "OK", duration_ms: elapsed(started) }, "call");
    return response;
  } catch (error) {
    const code = error instanceof StatusError ? error.status.code : status.INTERNAL;
    const level = code === status.INTERNAL || code === status.UNKNOWN ? "error" : "info";
    call.logger[level]({ method: call.method, grpc_code: status[code], duration_ms: elapsed(started) }, "call");
    throw error;
  }
};

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
