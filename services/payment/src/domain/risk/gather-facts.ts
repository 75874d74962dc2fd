import { type PaymentModels } from "../../store/models";
import { type PaymentKind } from "../../store/payment.model";
import { type RiskFacts } from "./risk-facts";
import { BANK_ACCOUNT_DAILY_TOP_UPS, DAILY_COUNT } from "./risk-rules";
import { type KnownPayees } from "./known-payees";

const DAY_MS = 86_400_000;

export interface FactsInput {
  kind: PaymentKind;
  ownerId: string;
  amount: bigint;
  currency: string;
  ial: number;
  aal: number;
  stepUpVerified: boolean;
  now: Date;
  link?: { coolingOffUntil: Date | undefined; accountFingerprint: string };
  payeeUserId?: string;
}

/**
 * Reads the payer's and the bank account's recent history from payment's own store: the compact
 * risk history, not the payments themselves (a busy payer's day of whole payments, steps and
 * all, was the costliest read of a transfer), and whether the payer knows the payee.
 */
export async function gatherRiskFacts(models: PaymentModels, knownPayees: KnownPayees, input: FactsInput): Promise<RiskFacts> {
  const since24h = new Date(input.now.getTime() - DAY_MS);
  const since30d = new Date(input.now.getTime() - 30 * DAY_MS);
  const fingerprint = input.link?.accountFingerprint ?? "";
  // Only the reads the kind's rules need, all at once.
  const history = models.riskHistory;
  const [recent, bankTopUps, otherOwners, ownerAccounts, knownPayee] = await Promise.all([
    // The two velocity reads stop at the count their rule holds at: once that many are found
    // the rule fires whatever they add up to, so a payer or a bank account whose payments keep
    // being held (they still count) does not make every later payment read a longer list.
    history.find({ ownerId: input.ownerId, kind: input.kind, createdAt: { $gte: since24h }, failed: false }, { amount: 1 }).limit(DAILY_COUNT).lean(),
    fingerprint ? history.countDocuments({ accountFingerprint: fingerprint, kind: "TOP_UP", createdAt: { $gte: since24h } }, { limit: BANK_ACCOUNT_DAILY_TOP_UPS }) : 0,
    fingerprint ? history.distinct("ownerId", { accountFingerprint: fingerprint, createdAt: { $gte: since30d } }) : [],
    input.kind === "TOP_UP" ? history.distinct("accountFingerprint", { ownerId: input.ownerId, kind: "TOP_UP", createdAt: { $gte: since30d } }) : [],
    input.payeeUserId ? knownPayees.isKnown(input.ownerId, input.payeeUserId) : false,
  ]);
  const accounts = new Set(ownerAccounts.filter((account) => account));
  if (fingerprint) accounts.add(fingerprint);
  return {
    kind: input.kind,
    amount: input.amount,
    currency: input.currency,
    now: input.now,
    ial: input.ial,
    aal: input.aal,
    stepUpVerified: input.stepUpVerified,
    userPaymentsLast24h: recent.length,
    userAmountLast24h: recent.reduce((sum, payment) => sum + BigInt(payment.amount), 0n),
    link: input.link ? { coolingOffUntil: input.link.coolingOffUntil } : undefined,
    bankAccountTopUpsLast24h: bankTopUps,
    bankAccountOtherOwnersLast30d: (otherOwners as string[]).filter((owner) => owner !== input.ownerId).length,
    ownerBankAccountsLast30d: accounts.size,
    firstTimePayee: input.payeeUserId !== undefined && !knownPayee,
  };
}
