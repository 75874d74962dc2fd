import { outboxEnvironment } from "@wallet/outbox";
import { piiEnvironment } from "@wallet/pii-crypto";
import { loadConfig, serviceEnvironment, storeEnvironment, transportEnvironment, trustedKeysVariable } from "@wallet/service-kit";
import { z } from "zod";

export const sandboxBankConfigSchema = z.object({
  ...serviceEnvironment,
  ...storeEnvironment,
  ...transportEnvironment,
  /**
   * The bank's own data keys (PII_ENCRYPTION_KEYS, PII_ACTIVE_KEY_ID, PII_INDEX_KEY): a bank is
   * not the wallet platform and never shares its keys. The keys of one-time codes, the PIN
   * pepper and report codes are derived from PII_INDEX_KEY, one per purpose.
   */
  ...piiEnvironment,
  ...outboxEnvironment,
  /** Public keys of the wallet operator's services allowed to call the bank (bank-link). */
  TRUSTED_SERVICE_KEYS: trustedKeysVariable,
  /** Token of the bank's own staff tools (seed command, demo, tests). */
  SANDBOX_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters"),
  /** "modern" (PIN and one-time code, notices) or "2020" (PIN only, no notices). */
  SANDBOX_BANK_MODE: z.enum(["modern", "2020"]).default("modern"),
  /** Lifetime of the bank's one-time code for a link (at most ten minutes). */
  BANK_ONE_TIME_CODE_TTL_SECONDS: z.coerce.number().int().min(60).max(600).default(300),
  /** Where the "this was not me" link in the bank's notice points; the report code is appended. */
  BANK_REPORT_BASE_URL: z.url().default("https://sandbox-bank.example/not-me"),
});

export type SandboxBankConfig = z.infer<typeof sandboxBankConfigSchema>;

export function loadSandboxBankConfig(env: NodeJS.ProcessEnv = process.env): SandboxBankConfig {
  return loadConfig(sandboxBankConfigSchema, env);
}
