import { type Downstream } from "../clients/downstream";
import { type PaymentModels } from "../store/models";
import { type KnownPayees } from "./risk/known-payees";

export interface PaymentSettings {
  /** How long a payment may try forward before it is compensated. */
  deadlineMs: number;
  /** How long a payment held for review waits for the fraud team. */
  reviewDeadlineMs: number;
  /** First retry delay; doubles per attempt up to maxRetryDelayMs. */
  retryBaseMs: number;
  maxRetryDelayMs: number;
  /** Holds a payment reserves expire after this long (well past the deadline). */
  holdLifetimeSeconds: number;
  /** How long a running saga keeps the recovery worker off (renewed by every step). */
  leaseMs: number;
  /** Crash tests only: a pause after each saga step, so a kill lands between steps. */
  stepDelayMs: number;
}

/** What payment's domain works with. */
export interface PaymentContext {
  models: PaymentModels;
  /** Whom each payer has paid before, remembered once known. */
  knownPayees: KnownPayees;
  downstream: Downstream;
  settings: PaymentSettings;
  clock(): Date;
}
