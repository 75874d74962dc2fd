import {
  type ChannelCredentials,
  Client,
  type MethodDefinition,
  Metadata,
  type ServiceDefinition,
  type ServiceError,
} from "@grpc/grpc-js";
import { durationHistogram } from "@wallet/telemetry";
import { type ServiceIdentity } from "../auth/service-identity";
import { fromServiceError } from "../errors/grpc-status";
import { currentCall } from "../server/call-context";
import { rpcAttributes } from "../server/metrics-interceptor";
import { AUTHORIZATION_HEADER, GRANT_HEADER, SERVICE_ASSERTION_HEADER, STEP_UP_PROOF_HEADER } from "../server/gate-interceptor";

export interface ClientOptions {
  address: string;
  /** The short name of the service called ("account"): the audience of our service assertion. */
  audience: string;
  credentials: ChannelCredentials;
  /** Deadline for every call unless a call sets its own; never unbounded. */
  defaultDeadlineMs: number;
  /** Present for platform services: each call carries a signed assertion of who is calling. */
  identity?: ServiceIdentity | undefined;
}

export interface CallOptions {
  deadlineMs?: number;
  /** The end user's token; by default the token of the call being served is forwarded. */
  accessToken?: string;
  stepUpProof?: string;
  /** Further request headers (for example the client address an edge proxy saw). */
  headers?: Record<string, string>;
}

/** A promise-returning client for a generated service definition. */
export type PromiseClient<Definition> = {
  [Method in keyof Definition]: Definition[Method] extends MethodDefinition<infer Request, infer Response>
    ? (request: Request, options?: CallOptions) => Promise<Response>
    : never;
} & { close(): void };

// The caller's view of each dependency: its latency as seen over the network, by status code.
const clientDuration = durationHistogram("rpc.client.duration", "Duration of outbound RPCs, as the calling service saw them");

type UnaryCall = (request: unknown, metadata: Metadata, options: { deadline: number }, callback: (error: ServiceError | null, response: unknown) => void) => void;

/**
 * Creates a client whose every call has a deadline (bounded by the deadline of the call being
 * served, so work never outlives its caller), forwards the end user's token, carries this
 * service's signed assertion, and turns failures into typed RemoteErrors.
 */
export function createClient<Definition extends ServiceDefinition>(definition: Definition, options: ClientOptions): PromiseClient<Definition> {
  const client = new Client(options.address, options.credentials, {
    "grpc.keepalive_time_ms": 30_000,
    "grpc.keepalive_timeout_ms": 10_000,
  });
  const methods: Record<string, unknown> = { close: () => client.close() };
  for (const [name, method] of Object.entries(definition)) {
    const call = client.makeUnaryRequest.bind(client, method.path, method.requestSerialize, method.responseDeserialize) as unknown as UnaryCall;
    const attributes = rpcAttributes(method.path);
    methods[name] = async (request: unknown, callOptions: CallOptions = {}) => {
      const metadata = await outgoingMetadata(options, callOptions);
      const deadline = effectiveDeadline(callOptions.deadlineMs ?? options.defaultDeadlineMs);
      const started = performance.now();
      return new Promise((resolve, reject) => {
        call(request, metadata, { deadline }, (error, response) => {
          clientDuration.record(performance.now() - started, { ...attributes, "rpc.grpc.status_code": error ? error.code : 0 });
          if (error) reject(fromServiceError(error));
          else resolve(response);
        });
      });
    };
  }
  return methods as PromiseClient<Definition>;
}

async function outgoingMetadata(options: ClientOptions, callOptions: CallOptions): Promise<Metadata> {
  const metadata = new Metadata();
  const principal = currentCall()?.principal;
  const accessToken = callOptions.accessToken ?? principal?.accessToken;
  if (accessToken) metadata.set(AUTHORIZATION_HEADER, `Bearer ${accessToken}`);
  // The operation's grant goes along with the token it was issued for, and with no other.
  if (principal?.grant && accessToken === principal.accessToken) metadata.set(GRANT_HEADER, principal.grant);
  if (callOptions.stepUpProof) metadata.set(STEP_UP_PROOF_HEADER, callOptions.stepUpProof);
  for (const [name, value] of Object.entries(callOptions.headers ?? {})) metadata.set(name, value);
  if (options.identity) metadata.set(SERVICE_ASSERTION_HEADER, await options.identity.assertionFor(options.audience));
  return metadata;
}

function effectiveDeadline(deadlineMs: number): number {
  const own = Date.now() + deadlineMs;
  const inbound = currentCall()?.deadline;
  return inbound !== undefined ? Math.min(own, inbound) : own;
}
