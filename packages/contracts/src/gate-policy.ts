import { type ServiceDefinition } from "@grpc/grpc-js";
import { type Requirement } from "./gen/wallet/gate/v1/requirement";

/** The part of the schema ts-proto emits with `outputSchema=true` that carries custom options. */
export interface GeneratedFileMetadata {
  options?: {
    services?: Record<string, { methods?: Record<string, Record<string, unknown> | undefined> } | undefined>;
  };
}

/** The declared gate requirement of each RPC of a service, keyed by the full gRPC path. */
export type GatePolicy = ReadonlyMap<string, Requirement | undefined>;

/**
 * Reads the `(wallet.gate.v1.requirement)` option of every method of a service from the
 * descriptors generated from its .proto. A method without the option maps to `undefined`,
 * which the gate treats as "deny": forgetting to declare a requirement can never open an RPC.
 */
export function readGatePolicy(
  metadata: GeneratedFileMetadata,
  serviceName: string,
  definition: ServiceDefinition,
): GatePolicy {
  const methodOptions = metadata.options?.services?.[serviceName]?.methods ?? {};
  const policy = new Map<string, Requirement | undefined>();
  for (const method of Object.values(definition)) {
    const rpcName = method.path.slice(method.path.lastIndexOf("/") + 1);
    policy.set(method.path, methodOptions[rpcName]?.["requirement"] as Requirement | undefined);
  }
  return policy;
}
