import { type PaymentKind, type RiskDecisionName } from "../../store/payment.model";
import { type RiskFacts } from "./risk-facts";

export interface RiskRule {
  /** The reason code recorded when the rule fires. */
  code: string;
  outcome: Exclude<RiskDecisionName, "ALLOW">;
  fires(facts: RiskFacts): boolean;
}

/** Most one payment may move, by kind and identity assurance level (JPY). */
const AMOUNT_CAPS: Readonly<Record<PaymentKind, readonly bigint[]>> = {
  TOP_UP: [0n, 0n, 500_000n],
  TRANSFER: [0n, 0n, 300_000n],
  PAY: [0n, 30_000n, 300_000n],
  WITHDRAW: [0n, 0n, 500_000n],
  REFUND: [1_000_000n, 1_000_000n, 1_000_000n],
};
/** Most of one kind per user per 24 hours before a review (JPY). */
const DAILY_AMOUNT: Readonly<Record<PaymentKind, bigint>> = { TOP_UP: 1_000_000n, TRANSFER: 500_000n, PAY: 500_000n, WITHDRAW: 1_000_000n, REFUND: 10_000_000n };
/** How many payments of one kind per user per 24 hours before a review (also how far the facts read). */
export const DAILY_COUNT = 30;
/** How many top-ups from one bank account in 24 hours before a review (also how far the facts count). */
export const BANK_ACCOUNT_DAILY_TOP_UPS = 10;
/** At or over this amount, the payer proves it is them again (JPY). */
const STEP_UP_AMOUNT = 100_000n;
/**
 * During a link's cooling-off, top-ups and withdrawals over this need a step-up (bank-link caps
 * fresh links at 10,000 JPY a day regardless), so an honest first small top-up stays one call.
 */
const FRESH_LINK_FREE_AMOUNT = 5_000n;

const capOf = (facts: RiskFacts) => AMOUNT_CAPS[facts.kind][Math.min(facts.ial, 2)] ?? 0n;
const usesBankAccount = (facts: RiskFacts) => facts.kind === "TOP_UP" || facts.kind === "WITHDRAW";

/**
 * The one table of risk rules, evaluated before any money moves. Outcomes rank DENY >
 * HOLD_FOR_REVIEW > STEP_UP > ALLOW; every rule that fires is recorded as a reason. The last
 * four rules are the seed's pattern: one attacker funding a wallet from many victims' accounts.
 */
export const RISK_RULES: readonly RiskRule[] = [
  { code: "AMOUNT_OVER_CAP", outcome: "DENY", fires: (facts) => facts.amount > capOf(facts) },
  {
    code: "VELOCITY_USER",
    outcome: "HOLD_FOR_REVIEW",
    fires: (facts) => facts.userPaymentsLast24h >= DAILY_COUNT || facts.userAmountLast24h + facts.amount > DAILY_AMOUNT[facts.kind],
  },
  { code: "VELOCITY_BANK_ACCOUNT", outcome: "HOLD_FOR_REVIEW", fires: (facts) => facts.kind === "TOP_UP" && facts.bankAccountTopUpsLast24h >= BANK_ACCOUNT_DAILY_TOP_UPS },
  { code: "BANK_ACCOUNT_FUNDS_MANY_WALLETS", outcome: "HOLD_FOR_REVIEW", fires: (facts) => usesBankAccount(facts) && facts.bankAccountOtherOwnersLast30d >= 1 },
  { code: "WALLET_FUNDED_BY_MANY_BANK_ACCOUNTS", outcome: "HOLD_FOR_REVIEW", fires: (facts) => facts.kind === "TOP_UP" && facts.ownerBankAccountsLast30d >= 3 },
  {
    code: "FRESH_LINK",
    outcome: "STEP_UP",
    fires: (facts) => usesBankAccount(facts) && facts.amount > FRESH_LINK_FREE_AMOUNT && facts.link?.coolingOffUntil !== undefined && facts.now < facts.link.coolingOffUntil,
  },
  { code: "FIRST_TIME_PAYEE", outcome: "STEP_UP", fires: (facts) => facts.kind === "TRANSFER" && facts.firstTimePayee },
  { code: "LARGE_AMOUNT", outcome: "STEP_UP", fires: (facts) => facts.kind !== "REFUND" && facts.amount >= STEP_UP_AMOUNT },
];
