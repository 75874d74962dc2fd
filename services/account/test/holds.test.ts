import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLedger } from "../src/domain/audit/ledger-audit";
import { holdIdFor } from "../src/domain/holds/hold-ids";
import { commitHold, releaseHold } from "../src/domain/holds/hold-resolve";
import { reserveHold } from "../src/domain/holds/hold-reserve";
import { holdView } from "../src/domain/holds/hold-view";
import { creditWallet } from "../src/domain/operations/wallet-credit";
import { debitWallet } from "../src/domain/operations/wallet-debit";
import { setFrozen } from "../src/domain/operations/wallet-freeze";
import { ledgerFixture } from "./ledger-fixture";

let fixture: Awaited<ReturnType<typeof ledgerFixture>>;
beforeAll(async () => {
  fixture = await ledgerFixture("holds");
});
afterAll(async () => {
  await fixture?.close();
});

async function funded(owner: string, amount: bigint, tier = 2) {
  const walletId = await fixture.wallet(owner, tier);
  if (amount > 0n) await creditWallet(fixture.ledger, { walletId, amount, currency: "JPY", source: { kind: "bank", bankCode: "0001" }, idempotencyKey: `fund-${owner}`, paymentId: "pay_fund" });
  return walletId;
}

const reserve = (walletId: string, amount: bigint, key: string) =>
  reserveHold(fixture.ledger, { walletId, amount, currency: "JPY", idempotencyKey: key, paymentId: "pay_h", expiresInMs: 600_000 });

describe("holds", () => {
  it("lowers the available balance, not the ledger balance, until committed", async () => {
    const walletId = await funded("usr_h1", 10_000n);
    const hold = await reserve(walletId, 4_000n, "h1");
    expect(await fixture.ledger.chain.head(walletId)).toMatchObject({ balance: 10_000n, held: 4_000n });
    await expect(reserve(walletId, 7_000n, "h1-too-much")).rejects.toMatchObject({ reason: "INSUFFICIENT_FUNDS" });
    await commitHold(fixture.ledger, { holdId: hold.holdId, destination: { kind: "merchant", merchantId: "shop" } });
    expect(await fixture.ledger.chain.head(walletId)).toMatchObject({ balance: 6_000n, held: 0n });
    expect((await holdView(fixture.ledger, hold.holdId)).state).toBe("COMMITTED");
  });

  it("lets exactly one of a racing commit and void win", async () => {
    const walletId = await funded("usr_h2", 10_000n);
    for (let round = 0; round < 5; round++) {
      const hold = await reserve(walletId, 100n, `race-${round}`);
      const outcomes = await Promise.allSettled([
        commitHold(fixture.ledger, { holdId: hold.holdId, destination: { kind: "fees" } }),
        releaseHold(fixture.ledger, hold.holdId, "HOLD_VOIDED", "TEST"),
      ]);
      const view = await holdView(fixture.ledger, hold.holdId);
      expect(["COMMITTED", "ABORTED"]).toContain(view.state);
      if (view.state === "COMMITTED") expect(outcomes[0].status).toBe("fulfilled");
      else expect(outcomes[0]).toMatchObject({ status: "rejected", reason: { reason: "HOLD_ALREADY_RESOLVED" } });
    }
    expect((await auditLedger(fixture.ledger)).discrepancies).toEqual([]);
  });

  it("moves a committed hold to another wallet through transit, or returns it when the payee cannot take it", async () => {
    const payer = await funded("usr_h3", 200_000n);
    const payee = await funded("usr_h4", 0n, 2);
    const hold = await reserve(payer, 50_000n, "transfer-ok");
    await commitHold(fixture.ledger, { holdId: hold.holdId, destination: { kind: "wallet", walletId: payee } });
    expect((await fixture.ledger.chain.head(payee)).balance).toBe(50_000n);

    const smallPayee = await funded("usr_h5", 90_000n, 1);
    const tooMuch = await reserve(payer, 20_000n, "transfer-refused");
    await expect(commitHold(fixture.ledger, { holdId: tooMuch.holdId, destination: { kind: "wallet", walletId: smallPayee } }))
      .rejects.toMatchObject({ reason: "PAYEE_CANNOT_RECEIVE", facts: { payee_reason: "MAX_BALANCE_EXCEEDED" } });
    expect((await holdView(fixture.ledger, tooMuch.holdId))).toMatchObject({ state: "ABORTED", outcome: "RETURNED" });
    expect(await fixture.ledger.chain.head(payer)).toMatchObject({ balance: 150_000n, held: 0n });
    expect((await fixture.ledger.chain.head(smallPayee)).balance).toBe(90_000n);
    const report = await auditLedger(fixture.ledger);
    expect(report.discrepancies).toEqual([]);
    expect(report.systemBalances.get("sys_transit_JPY")?.balance ?? 0n).toBe(0n);
  });

  it("refuses a frozen wallet's sends but still lets it receive", async () => {
    const walletId = await funded("usr_h6", 5_000n);
    await setFrozen(fixture.ledger, { walletId, frozen: true, reason: "fraud review", idempotencyKey: "freeze-1" });
    await expect(debitWallet(fixture.ledger, { walletId, amount: 1n, currency: "JPY", destination: { kind: "fees" }, idempotencyKey: "d1", paymentId: "pay_x" })).rejects.toMatchObject({ reason: "WALLET_FROZEN" });
    await expect(reserve(walletId, 1n, "frozen-hold")).rejects.toMatchObject({ reason: "WALLET_FROZEN" });
    await creditWallet(fixture.ledger, { walletId, amount: 1n, currency: "JPY", source: { kind: "bank", bankCode: "0001" }, idempotencyKey: "c-frozen", paymentId: "pay_x" });
    await setFrozen(fixture.ledger, { walletId, frozen: false, reason: "cleared", idempotencyKey: "unfreeze-1" });
    await debitWallet(fixture.ledger, { walletId, amount: 1n, currency: "JPY", destination: { kind: "fees" }, idempotencyKey: "d2", paymentId: "pay_x" });
  });

  it("enforces the daily outflow limit of the wallet's tier, counting holds", async () => {
    const walletId = await funded("usr_h7", 100_000n, 1);
    await reserve(walletId, 20_000n, "daily-1");
    await expect(debitWallet(fixture.ledger, { walletId, amount: 10_001n, currency: "JPY", destination: { kind: "fees" }, idempotencyKey: "daily-2", paymentId: "pay_x" }))
      .rejects.toMatchObject({ reason: "DAILY_OUTFLOW_EXCEEDED" });
    await releaseHold(fixture.ledger, holdIdFor(walletId, "daily-1"), "HOLD_VOIDED", "TEST");
    await debitWallet(fixture.ledger, { walletId, amount: 30_000n, currency: "JPY", destination: { kind: "fees" }, idempotencyKey: "daily-3", paymentId: "pay_x" });
    fixture.clock.now = new Date(fixture.clock.now.getTime() + 24 * 3_600_000);
    await debitWallet(fixture.ledger, { walletId, amount: 30_000n, currency: "JPY", destination: { kind: "fees" }, idempotencyKey: "daily-4", paymentId: "pay_x" });
  });

  it("replays an operation's first result and refuses its key with another amount", async () => {
    const walletId = await funded("usr_h8", 1_000n);
    const debit = (amount: bigint) => debitWallet(fixture.ledger, { walletId, amount, currency: "JPY", destination: { kind: "fees" }, idempotencyKey: "same-key", paymentId: "pay_x" });
    const first = await debit(1_000n);
    // The replay succeeds although the same debit would now be refused (balance 0).
    const replay = await debit(1_000n);
    expect(replay).toMatchObject({ replayed: true, event: { _id: first.event._id } });
    await expect(debit(999n)).rejects.toMatchObject({ reason: "IDEMPOTENCY_KEY_REUSED", facts: { mismatched_fields: "amount" } });
  });
});
