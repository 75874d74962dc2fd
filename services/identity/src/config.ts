import { outboxEnvironment } from "@wallet/outbox";
import { piiEnvironment } from "@wallet/pii-crypto";
import { loadConfig, serviceEnvironment, storeEnvironment, transportEnvironment, trustedKeysVariable } from "@wallet/service-kit";
import { z } from "zod";
import { MAX_PROOF_LIFETIME_MS } from "./domain/step-up/step-up";

export const identityConfigSchema = z.object({
  ...serviceEnvironment,
  ...storeEnvironment,
  ...transportEnvironment,
  ...piiEnvironment,
  ...outboxEnvironment,
  /** Public keys of the platform services allowed to call service-only RPCs. */
  TRUSTED_SERVICE_KEYS: trustedKeysVariable,
  /** Public keys of the operator tools (fraud team, SRE) allowed to call operator RPCs. */
  TRUSTED_OPERATOR_KEYS: trustedKeysVariable.default({}),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(300),
  TOKEN_ISSUER: z.string().min(1).default("wallet-identity"),
  /**
   * Lifetime of an operation grant: how long the calls made for one allowed operation skip
   * re-reading the session and user, and so the longest a revocation can lag for them.
   */
  OPERATION_GRANT_TTL_SECONDS: z.coerce.number().int().min(1).max(30).default(10),
  /**
   * How long the gate reuses a live session's session and user records on one replica. A
   * revocation or lock reaches every replica within ACCESS_CHANGE_POLL_MS; this is the
   * bound if its announcement were lost. 0 reads the store on every call.
   */
  GATE_RECORDS_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  /** How often each replica reads the access changes (revocations, locks, raised levels) the others announced. */
  ACCESS_CHANGE_POLL_MS: z.coerce.number().int().min(50).max(2_000).default(200),
  /** How long the sandbox proofing provider keeps a proofing PENDING before deciding. */
  PROOFING_DECISION_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(1_500),
  PROOFING_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  STEP_UP_PROOF_TTL_SECONDS: z.coerce.number().int().min(30).max(MAX_PROOF_LIFETIME_MS / 1000).default(300),
  /** Only "outbox" (the development sender) is built in; production plugs a gateway here. */
  SENDER: z.enum(["outbox"]).default("outbox"),
  /**
   * Sign-ups started from one client address in an hour before each further one must wait
   * (growing delays, never a lock): brakes bots that create wallets, and pump SMS to numbers of
   * their choosing, from one place. Raise it where many honest users share an address (CGNAT).
   */
  SIGN_UP_SOURCE_FREE_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Trust x-forwarded-for for the client address (only behind an edge proxy that sets it). */
  TRUST_FORWARDED_FOR: z.enum(["true", "false"]).default("false").transform((value) => value === "true"),
});

export type IdentityConfig = z.infer<typeof identityConfigSchema>;

export function loadIdentityConfig(env: NodeJS.ProcessEnv = process.env): IdentityConfig {
  return loadConfig(identityConfigSchema, env);
}
