import { type PaymentKind } from "../../store/payment.model";

/** What the risk engine knows about a payment before any money moves. */
export interface RiskFacts {
  kind: PaymentKind;
  amount: bigint;
  currency: string;
  now: Date;
  /** The payer's identity and authenticator assurance levels. */
  ial: number;
  aal: number;
  /** A step-up proof for exactly this operation was verified by the gate on this call. */
  stepUpVerified: boolean;
  /**
   * The payer's payments of this kind in the last 24 hours (failed ones excluded), counted up to
   * the daily count that sends a payment to review: beyond it, neither figure changes a decision.
   */
  userPaymentsLast24h: number;
  userAmountLast24h: bigint;
  /** For top-ups and withdrawals: the bank link. */
  link: { coolingOffUntil: Date | undefined } | undefined;
  /** Top-ups from this bank account in the last 24 hours (any wallet), counted up to the rule's review count. */
  bankAccountTopUpsLast24h: number;
  /** Other users this bank account funded in the last 30 days ("one account, many wallets"). */
  bankAccountOtherOwnersLast30d: number;
  /** Bank accounts that funded this user's wallet in the last 30 days, this one included. */
  ownerBankAccountsLast30d: number;
  /** Transfers: the payer never completed a transfer to this payee before. */
  firstTimePayee: boolean;
}
