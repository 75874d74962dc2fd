import { address, loadConfig, serviceEnvironment, signingKeyVariable, storeEnvironment, transportEnvironment } from "@wallet/service-kit";
import { z } from "zod";

const milliseconds = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const paymentConfigSchema = z.object({
  ...serviceEnvironment,
  ...storeEnvironment,
  ...transportEnvironment,
  IDENTITY_ADDRESS: address,
  ACCOUNT_ADDRESS: address,
  BANK_LINK_ADDRESS: address,
  SERVICE_SIGNING_KEY: signingKeyVariable,
  GATE_DEADLINE_MS: milliseconds(100, 60_000, 2_000),
  DOWNSTREAM_DEADLINE_MS: milliseconds(100, 60_000, 5_000),
  /** How long a payment tries forward before it is compensated. */
  PAYMENT_DEADLINE_MS: milliseconds(1_000, 86_400_000, 15 * 60_000),
  /** How long a payment held for review waits for the fraud team. */
  REVIEW_DEADLINE_MS: milliseconds(1_000, 7 * 86_400_000, 24 * 3_600_000),
  RETRY_BASE_MS: milliseconds(10, 60_000, 500),
  MAX_RETRY_DELAY_MS: milliseconds(100, 600_000, 30_000),
  RECOVERY_INTERVAL_MS: milliseconds(50, 600_000, 1_000),
  /**
   * A running saga's lease: each step it records renews it, and the recovery worker takes over
   * only a payment whose lease ran out (its runner crashed or hung). Longer than a downstream
   * call's deadline, so a live runner always renews in time.
   */
  SAGA_LEASE_MS: milliseconds(200, 600_000, 10_000),
  /**
   * The tracing UI's address of one trace, with "{traceId}" where the id goes (for example
   * http://jaeger:16686/trace/{traceId}): GetPayment and InspectPayment answer with the link.
   */
  TRACE_UI_URL: z.url({ protocol: /^https?$/ }).refine((url) => url.includes("{traceId}"), "must contain {traceId} where the trace id goes").optional(),
  /** Crash tests only (refused outside the dev profile): a pause between saga steps. */
  SAGA_STEP_DELAY_MS: z.coerce.number().int().min(0).max(1_000).default(0),
}).refine((config) => config.SAGA_LEASE_MS > config.DOWNSTREAM_DEADLINE_MS + config.SAGA_STEP_DELAY_MS, {
  path: ["SAGA_LEASE_MS"],
  message: "must be longer than DOWNSTREAM_DEADLINE_MS (plus SAGA_STEP_DELAY_MS), or recovery could take over a live saga",
}).refine((config) => config.SAGA_STEP_DELAY_MS === 0 || config.WALLET_PROFILE === "dev", {
  path: ["SAGA_STEP_DELAY_MS"],
  message: "is a test seam, allowed only with WALLET_PROFILE=dev",
});

export type PaymentConfig = z.infer<typeof paymentConfigSchema>;

export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env): PaymentConfig {
  return loadConfig(paymentConfigSchema, env);
}
