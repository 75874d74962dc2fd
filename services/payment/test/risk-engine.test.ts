import { describe, expect, it } from "vitest";
import { assessRisk } from "../src/domain/risk/risk-engine";
import { type RiskFacts } from "../src/domain/risk/risk-facts";

const now = new Date("2026-11-25T05:00:00Z");
const base: RiskFacts = {
  kind: "TRANSFER", amount: 5_000n, currency: "JPY", now, ial: 2, aal: 2, stepUpVerified: false,
  userPaymentsLast24h: 0, userAmountLast24h: 0n, link: undefined, bankAccountTopUpsLast24h: 0,
  bankAccountOtherOwnersLast30d: 0, ownerBankAccountsLast30d: 0, firstTimePayee: false,
};

describe("the risk engine's rule table", () => {
  it("allows an ordinary payment", async () => {
    expect(await assessRisk(base)).toMatchObject({ decision: "ALLOW", reasons: [] });
  });

  it("asks a first-time payee for a step-up, and lets it through once the proof was verified", async () => {
    expect(await assessRisk({ ...base, firstTimePayee: true })).toMatchObject({ decision: "STEP_UP", reasons: ["FIRST_TIME_PAYEE"] });
    expect(await assessRisk({ ...base, firstTimePayee: true, stepUpVerified: true })).toMatchObject({ decision: "ALLOW", reasons: ["FIRST_TIME_PAYEE"], stepUpVerified: true });
  });

  it("steps up a top-up through a link still in its cooling-off", async () => {
    const fresh = { ...base, kind: "TOP_UP" as const, amount: 8_000n, link: { coolingOffUntil: new Date(now.getTime() + 3_600_000) } };
    expect((await assessRisk(fresh)).reasons).toEqual(["FRESH_LINK"]);
    expect((await assessRisk({ ...fresh, amount: 5_000n })).decision).toBe("ALLOW");
  });

  it("holds for review the seed's pattern: one bank account funding many wallets, one wallet funded from many accounts", async () => {
    const topUp = { ...base, kind: "TOP_UP" as const };
    expect(await assessRisk({ ...topUp, bankAccountOtherOwnersLast30d: 1 })).toMatchObject({ decision: "HOLD_FOR_REVIEW", reasons: ["BANK_ACCOUNT_FUNDS_MANY_WALLETS"] });
    expect(await assessRisk({ ...topUp, ownerBankAccountsLast30d: 3 })).toMatchObject({ decision: "HOLD_FOR_REVIEW", reasons: ["WALLET_FUNDED_BY_MANY_BANK_ACCOUNTS"] });
  });

  it("denies amounts over the cap of the payer's assurance level, whatever else fires", async () => {
    expect(await assessRisk({ ...base, kind: "PAY", ial: 1, amount: 30_001n, firstTimePayee: true })).toMatchObject({ decision: "DENY", reasons: ["AMOUNT_OVER_CAP"] });
    expect((await assessRisk({ ...base, amount: 300_001n, stepUpVerified: true })).decision).toBe("DENY");
  });

  it("holds a burst of payments for review", async () => {
    expect((await assessRisk({ ...base, userPaymentsLast24h: 30 })).decision).toBe("HOLD_FOR_REVIEW");
    expect((await assessRisk({ ...base, userAmountLast24h: 499_000n, amount: 2_000n })).reasons).toEqual(["VELOCITY_USER"]);
  });
});
