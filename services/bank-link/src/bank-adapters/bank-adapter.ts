import { type ProofedName } from "../clients/identity";
import { type BankAuthenticationMethodName } from "../domain/links/link-state";

/** How bank-link names an account to its bank: only when linking; money moves by consent. */
export interface BankAccountAddress {
  bankCode: string;
  branchCode: string;
  accountNumber: string;
}

export type HolderVerdict = { outcome: "MATCH" | "NO_MATCH" | "ACCOUNT_UNKNOWN"; score: number };

export type AuthenticationOutcome =
  | { ok: true; consentId: string }
  | { ok: false; reason: "FAILED" | "EXHAUSTED" | "EXPIRED" | "PIN_LOCKED"; attemptsLeft: number };

export type RevocationReasonName = "UNLINK" | "REPORTED_UNRECOGNIZED" | "REFUSED";

/** Who ended a consent at the bank, as the bank's revocation feed reports it. */
export type BankRevocationSource = "OPERATOR" | "CUSTOMER_REPORTED_UNRECOGNIZED";

export interface ConsentMoneyOrder {
  consentId: string;
  currency: string;
  amount: bigint;
  /** Sent to the bank so a retried order moves money once. */
  idempotencyKey: string;
}

export type MoneyOutcome =
  | { ok: true; bankReference: string }
  /** The bank refused for good (its reason, for example CONSENT_REVOKED or INSUFFICIENT_FUNDS). */
  | { ok: false; reason: string };

/**
 * What bank-link needs from a bank, whatever the bank's own protocol. The sandbox bank is one
 * implementation; a real bank's API would be another. A bank that cannot be reached throws
 * UnavailableError("BANK_UNAVAILABLE"): the outcome is unknown and a retry is safe.
 */
export interface BankAdapter {
  /** Does the name match the holder? The bank never says who the holder is. */
  verifyHolder(account: BankAccountAddress, name: ProofedName): Promise<HolderVerdict>;
  /** The bank starts authenticating its customer (a code to the phone it knows). */
  startCustomerAuthentication(account: BankAccountAddress, operatorReference: string): Promise<{ authenticationId: string; expiresAt: Date; method: BankAuthenticationMethodName }>;
  completeCustomerAuthentication(authenticationId: string, pin: string, oneTimeCode: string): Promise<AuthenticationOutcome>;
  revokeConsent(consentId: string, reason: RevocationReasonName): Promise<void>;
  /** Consents revoked at or after a time, oldest first. */
  consentRevocations(since: Date, limit: number): Promise<{ consentId: string; source: BankRevocationSource; revokedAt: Date }[]>;
  /** Pulls money from the consented account into the operator's settlement account. */
  debit(order: ConsentMoneyOrder): Promise<MoneyOutcome>;
  /** Pays money from the operator's settlement account into the consented account. */
  credit(order: ConsentMoneyOrder): Promise<MoneyOutcome>;
  /**
   * Makes the movement ordered under a key as if it never happened: cancelled when the bank has
   * not made it, reversed when it has and reversal is allowed, otherwise reported as made.
   */
  cancel(order: { consentId: string; direction: "DEBIT" | "CREDIT"; idempotencyKey: string; reverseIfMade: boolean }): Promise<"CANCELLED" | "REVERSED" | "ALREADY_MADE">;
}
