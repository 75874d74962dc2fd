import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FactsInput, gatherRiskFacts } from "../src/domain/risk/gather-facts";
import { KnownPayees } from "../src/domain/risk/known-payees";
import { assessRisk } from "../src/domain/risk/risk-engine";
import { backfillRiskHistory, recordInRiskHistory, recordOutcomeInRiskHistory } from "../src/domain/risk/risk-history";
import { BANK_ACCOUNT_DAILY_TOP_UPS, DAILY_COUNT } from "../src/domain/risk/risk-rules";
import { type PaymentModels } from "../src/store/models";
import { openPaymentStore, type PaymentTestStore } from "./support/payment-store";
import { type PaymentDocument, type PaymentKind } from "../src/store/payment.model";

let store: PaymentTestStore;
let models: PaymentModels;
let knownPayees: KnownPayees;
const now = new Date("2026-11-25T05:00:00Z");
const HOUR = 3_600_000;

beforeAll(async () => {
  store = await openPaymentStore("risk_history");
  models = store.models;
  knownPayees = new KnownPayees(models);
});
afterAll(async () => {
  await store?.close();
});

let serial = 0;
/** A payment as intake hands it to the history: only the fields the history reads matter. */
function payment(fields: { ownerId: string; kind?: PaymentKind; amount?: bigint; hoursAgo?: number; state?: PaymentDocument["state"]; accountFingerprint?: string; payeeUserId?: string; reasons?: string[] }): PaymentDocument {
  serial += 1;
  return {
    _id: `pay_history${serial}`,
    idempotencyScope: `${fields.ownerId}:key${serial}`,
    ownerId: fields.ownerId,
    kind: fields.kind ?? "TRANSFER",
    amount: fields.amount ?? 1_000n,
    state: fields.state ?? "PROCESSING",
    accountFingerprint: fields.accountFingerprint ?? "",
    payeeUserId: fields.payeeUserId ?? "",
    risk: { decision: "ALLOW", reasons: fields.reasons ?? [], stepUpVerified: false, at: now },
    createdAt: new Date(now.getTime() - (fields.hoursAgo ?? 1) * HOUR),
  } as PaymentDocument;
}

function factsOf(ownerId: string, extra: Partial<FactsInput> = {}) {
  return gatherRiskFacts(models, knownPayees, { kind: "TRANSFER", ownerId, amount: 500n, currency: "JPY", ial: 2, aal: 2, stepUpVerified: false, now, ...extra });
}

describe("the risk history", () => {
  it("counts the payer's payments of the kind in the last 24 hours, once each, until one fails", async () => {
    const counted = [payment({ ownerId: "usr_a", amount: 1_000n }), payment({ ownerId: "usr_a", amount: 2_000n, hoursAgo: 23 }), payment({ ownerId: "usr_a", amount: 4_000n })];
    const ignored = [
      payment({ ownerId: "usr_a", hoursAgo: 25 }),
      payment({ ownerId: "usr_a", kind: "PAY" }),
      payment({ ownerId: "usr_a", state: "FAILED" }),
      payment({ ownerId: "usr_b" }),
    ];
    for (const entry of [...counted, ...ignored]) await recordInRiskHistory(models, entry);
    // A replay of the same key, or intake retried after a crash, writes no second entry.
    await recordInRiskHistory(models, counted[0]!);
    expect(await factsOf("usr_a")).toMatchObject({ userPaymentsLast24h: 3, userAmountLast24h: 7_000n });

    await recordOutcomeInRiskHistory(models, counted[2]!, "FAILED");
    await recordOutcomeInRiskHistory(models, counted[1]!, "COMPENSATED");
    expect(await factsOf("usr_a")).toMatchObject({ userPaymentsLast24h: 2, userAmountLast24h: 3_000n });
  });

  it("reads no more of a payer's day than the velocity rule needs, and still holds the payment", async () => {
    // Held payments count toward the day, so a payer under review can pile up more than the rule's 30.
    for (let index = 0; index < DAILY_COUNT + 15; index += 1) await recordInRiskHistory(models, payment({ ownerId: "usr_busy", amount: 100n }));
    const facts = await factsOf("usr_busy");
    expect(facts.userPaymentsLast24h).toBe(DAILY_COUNT);
    const risk = await assessRisk(facts);
    expect(risk.decision).toBe("HOLD_FOR_REVIEW");
    expect(risk.reasons).toContain("VELOCITY_USER");
    // One under the count is read whole: amount and count as they are, and no velocity hold.
    for (let index = 0; index < DAILY_COUNT - 1; index += 1) await recordInRiskHistory(models, payment({ ownerId: "usr_steady", amount: 100n }));
    const steady = await factsOf("usr_steady");
    expect(steady).toMatchObject({ userPaymentsLast24h: DAILY_COUNT - 1, userAmountLast24h: BigInt(DAILY_COUNT - 1) * 100n });
    expect((await assessRisk(steady)).reasons).not.toContain("VELOCITY_USER");
  });

  it("makes a payee known once a first-time transfer to them completes, and not before", async () => {
    const first = payment({ ownerId: "usr_c", payeeUserId: "usr_payee", reasons: ["FIRST_TIME_PAYEE"] });
    await recordInRiskHistory(models, first);
    expect((await factsOf("usr_c", { payeeUserId: "usr_payee" })).firstTimePayee).toBe(true);
    await recordOutcomeInRiskHistory(models, first, "FAILED");
    expect((await factsOf("usr_c", { payeeUserId: "usr_payee" })).firstTimePayee).toBe(true);

    await recordOutcomeInRiskHistory(models, first, "COMPLETED");
    expect((await factsOf("usr_c", { payeeUserId: "usr_payee" })).firstTimePayee).toBe(false);
    // Known to this payer only.
    expect((await factsOf("usr_d", { payeeUserId: "usr_payee" })).firstTimePayee).toBe(true);
  });

  it("remembers a known payee on the replica once read, and asks again for one not known yet", async () => {
    const replica = new KnownPayees(models);
    expect(await replica.isKnown("usr_k", "usr_friend")).toBe(false);
    // Another replica completes the first transfer: the "no" was not remembered.
    await recordOutcomeInRiskHistory(models, payment({ ownerId: "usr_k", payeeUserId: "usr_friend", reasons: ["FIRST_TIME_PAYEE"] }), "COMPLETED");
    expect(await replica.isKnown("usr_k", "usr_friend")).toBe(true);
    // The "yes" is: it holds without the store (nothing ever deletes a known payee).
    await models.knownPayees.deleteMany({});
    expect(await replica.isKnown("usr_k", "usr_friend")).toBe(true);
    expect(await new KnownPayees(models).isKnown("usr_k", "usr_friend")).toBe(false);
  });

  it("sees one bank account funding several wallets, and one wallet funded from several accounts", async () => {
    for (const [ownerId, accountFingerprint] of [["usr_e", "acct_1"], ["usr_f", "acct_1"], ["usr_e", "acct_2"], ["usr_e", "acct_3"]] as const) {
      await recordInRiskHistory(models, payment({ ownerId, kind: "TOP_UP", accountFingerprint }));
    }
    const facts = await factsOf("usr_e", { kind: "TOP_UP", link: { coolingOffUntil: undefined, accountFingerprint: "acct_1" } });
    expect(facts).toMatchObject({ bankAccountTopUpsLast24h: 2, bankAccountOtherOwnersLast30d: 1, ownerBankAccountsLast30d: 3, userPaymentsLast24h: 3 });
  });

  it("counts a bank account's top-ups no further than the rule needs, and still holds the top-up", async () => {
    for (let index = 0; index < BANK_ACCOUNT_DAILY_TOP_UPS + 5; index += 1) {
      await recordInRiskHistory(models, payment({ ownerId: `usr_funded${index % 2}`, kind: "TOP_UP", accountFingerprint: "acct_busy" }));
    }
    const facts = await factsOf("usr_funded0", { kind: "TOP_UP", link: { coolingOffUntil: undefined, accountFingerprint: "acct_busy" } });
    expect(facts.bankAccountTopUpsLast24h).toBe(BANK_ACCOUNT_DAILY_TOP_UPS);
    const risk = await assessRisk(facts);
    expect(risk.decision).toBe("HOLD_FOR_REVIEW");
    expect(risk.reasons).toContain("VELOCITY_BANK_ACCOUNT");
  });

  it("is backfilled once from the payments written before it existed, so an upgrade resets no one's history", async () => {
    const older = [
      payment({ ownerId: "usr_g", amount: 3_000n }),
      payment({ ownerId: "usr_g", amount: 5_000n, state: "FAILED" }),
      { ...payment({ ownerId: "usr_g", payeeUserId: "usr_friend" }), state: "COMPLETED" as const },
      payment({ ownerId: "usr_g", hoursAgo: 31 * 24 }),
    ];
    await models.payments.collection.insertMany(older.map((entry) => ({ ...entry, _id: entry._id as never })));
    expect(await backfillRiskHistory(models, now)).toBeGreaterThan(0);
    expect(await factsOf("usr_g", { payeeUserId: "usr_friend" })).toMatchObject({ userPaymentsLast24h: 2, userAmountLast24h: 4_000n, firstTimePayee: false });
    expect(await models.riskHistory.countDocuments({ ownerId: "usr_g" })).toBe(3);
    // Run to its end once: a restart does not read the payments again.
    expect(await backfillRiskHistory(models, now)).toBe(0);
  });
});
