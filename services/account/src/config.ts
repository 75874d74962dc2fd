import { address, loadConfig, serviceEnvironment, signingKeyVariable, storeEnvironment, transportEnvironment } from "@wallet/service-kit";
import { z } from "zod";

export const accountConfigSchema = z.object({
  ...serviceEnvironment,
  ...storeEnvironment,
  ...transportEnvironment,
  IDENTITY_ADDRESS: address,
  /** This service's private key for its service assertions. */
  SERVICE_SIGNING_KEY: signingKeyVariable,
  GATE_DEADLINE_MS: z.coerce.number().int().positive().default(2_000),
  /** Daily limits reset at midnight in this time zone. */
  LEDGER_TIME_ZONE: z.string().default("Asia/Tokyo").refine((zone) => {
    try {
      new Intl.DateTimeFormat("en-CA", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Asia/Tokyo"),
  /**
   * How long an open-hold marker may wait for its reservation before recovery gives up on it.
   * Longer than payment's longest pause between two tries of a step (MAX_RETRY_DELAY_MS, 30 s,
   * plus its 5 s call deadline), so a reservation payment is still retrying is not given up on;
   * a marker with no reservation holds no money, so waiting longer costs nothing.
   */
  HOLD_RECOVERY_GRACE_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  RECOVERY_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** Crash tests only (refused outside the dev profile): a pause between the steps of an operation. */
  LEDGER_STEP_DELAY_MS: z.coerce.number().int().min(0).max(1_000).default(0),
}).refine((config) => config.LEDGER_STEP_DELAY_MS === 0 || config.WALLET_PROFILE === "dev", {
  path: ["LEDGER_STEP_DELAY_MS"],
  message: "is a test seam, allowed only with WALLET_PROFILE=dev",
});

export type AccountConfig = z.infer<typeof accountConfigSchema>;

export function loadAccountConfig(env: NodeJS.ProcessEnv = process.env): AccountConfig {
  return loadConfig(accountConfigSchema, env);
}
