import { status } from "@grpc/grpc-js";
import { businessCounter, durationHistogram } from "@wallet/telemetry";
import { type Interceptor } from "./interceptor";
import { StatusError } from "./status-error";

// RED metrics of every RPC, following the OpenTelemetry RPC semantic conventions: the rate is
// the histogram's (and the counter's) count, errors are the counts by rpc.grpc.status_code.
const serverDuration = durationHistogram("rpc.server.duration", "Duration of inbound RPCs, from the request decoded to the answer ready");
const serverCalls = businessCounter("rpc.server.calls", "Inbound RPCs by method and final status code", "{call}");

/**
 * Outermost interceptor: it sees every call of every service, gate refusals and validation
 * errors included, with the status code the caller receives. Labels are the method and the
 * code only — bounded by the contracts, never anything from the request.
 */
export const metricsInterceptor: Interceptor = async (call, request, next) => {
  const started = performance.now();
  let code: number = status.OK;
  try {
    return await next(request);
  } catch (error) {
    // bindService answers anything that is not a StatusError with INTERNAL.
    code = error instanceof StatusError ? error.status.code : status.INTERNAL;
    throw error;
  } finally {
    const attributes = { ...rpcAttributes(call.method), "rpc.grpc.status_code": code };
    serverDuration.record(performance.now() - started, attributes);
    serverCalls.add(attributes);
  }
};

/** rpc.system/service/method of a gRPC path such as "/wallet.payment.v1.PaymentService/TopUp". */
export function rpcAttributes(path: string): { "rpc.system": "grpc"; "rpc.service": string; "rpc.method": string } {
  const [, service = "", method = ""] = path.split("/");
  return { "rpc.system": "grpc", "rpc.service": service, "rpc.method": method };
}
