import { piiEnvironment } from "@wallet/pii-crypto";
import { address, loadConfig, serviceEnvironment, signingKeyVariable, storeEnvironment, transportEnvironment } from "@wallet/service-kit";
import { z } from "zod";
import { type LinkPolicy } from "./domain/policy/link-policy";

const count = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const bankLinkConfigSchema = z.object({
  ...serviceEnvironment,
  ...storeEnvironment,
  ...transportEnvironment,
  /** Account numbers are encrypted with these keys; fingerprints are blind indexes under PII_INDEX_KEY. */
  ...piiEnvironment,
  IDENTITY_ADDRESS: address,
  SANDBOX_BANK_ADDRESS: address,
  SERVICE_SIGNING_KEY: signingKeyVariable,
  GATE_DEADLINE_MS: z.coerce.number().int().positive().default(2_000),
  IDENTITY_DEADLINE_MS: z.coerce.number().int().positive().default(3_000),
  BANK_DEADLINE_MS: z.coerce.number().int().positive().default(5_000),
  /** Links a user may hold at once (pending, active or suspended). */
  MAX_LINKS_PER_USER: count(1, 20, 3),
  /** StartLink attempts per user, and per bank account across users, within the window. */
  LINK_ATTEMPTS_PER_USER: count(1, 100, 5),
  LINK_ATTEMPTS_PER_ACCOUNT: count(1, 100, 3),
  LINK_ATTEMPT_WINDOW_MINUTES: count(1, 7 * 24 * 60, 24 * 60),
  /** How long a fresh link is in cooling-off, and its top-up limits in yen. */
  COOLING_OFF_HOURS: count(0, 30 * 24, 72),
  COOLING_OFF_DEBIT_LIMIT_JPY: count(0, 100_000_000, 10_000),
  COOLING_OFF_DAILY_LIMIT_JPY: count(0, 100_000_000, 10_000),
  /** How often bank-link reads the bank's consent revocations and retries its own. */
  CONSENT_SYNC_INTERVAL_MS: count(100, 600_000, 2_000),
});

export type BankLinkConfig = z.infer<typeof bankLinkConfigSchema>;

export function loadBankLinkConfig(env: NodeJS.ProcessEnv = process.env): BankLinkConfig {
  return loadConfig(bankLinkConfigSchema, env);
}

export function linkPolicyOf(config: BankLinkConfig): LinkPolicy {
  return {
    maxLinksPerUser: config.MAX_LINKS_PER_USER,
    attemptsPerUser: config.LINK_ATTEMPTS_PER_USER,
    attemptsPerAccount: config.LINK_ATTEMPTS_PER_ACCOUNT,
    attemptWindowMs: config.LINK_ATTEMPT_WINDOW_MINUTES * 60_000,
    coolingOffMs: config.COOLING_OFF_HOURS * 3_600_000,
    coolingOffPerDebitYen: BigInt(config.COOLING_OFF_DEBIT_LIMIT_JPY),
    coolingOffPerDayYen: BigInt(config.COOLING_OFF_DAILY_LIMIT_JPY),
    pendingLinkLifetimeMs: 15 * 60_000,
  };
}
