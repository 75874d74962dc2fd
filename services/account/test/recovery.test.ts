import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLedger } from "../src/domain/audit/ledger-audit";
import { holdIdFor, holdOpKeys } from "../src/domain/holds/hold-ids";
import { commitHold, releaseHold } from "../src/domain/holds/hold-resolve";
import { reserveHold } from "../src/domain/holds/hold-reserve";
import { holdView } from "../src/domain/holds/hold-view";
import { creditWallet } from "../src/domain/operations/wallet-credit";
import { recoverAll } from "../src/domain/recovery/hold-recovery";
import { ledgerFixture } from "./ledger-fixture";

let fixture: Awaited<ReturnType<typeof ledgerFixture>>;
beforeAll(async () => {
  fixture = await ledgerFixture("recovery");
});
afterAll(async () => {
  await fixture?.close();
});

const options = { orphanGraceMs: 1_000, batchSize: 50 };

/**
 * A funded wallet (1,000 yen) and the marker of a reservation that crashed after step 1 of
 * Reserve (the marker written, HELD not), now past recovery's grace; `reserve` retries it.
 */
async function strandedReservation(on: Awaited<ReturnType<typeof ledgerFixture>>, owner: string, key: string, amount: bigint) {
  const walletId = await on.wallet(owner);
  await creditWallet(on.ledger, { walletId, amount: 1_000n, currency: "JPY", source: { kind: "bank", bankCode: "0001" }, idempotencyKey: `fund-${owner}`, paymentId: "pay_r" });
  const holdId = holdIdFor(walletId, key);
  await on.ledger.models.openHolds.create({ _id: holdId, walletId, amount, currency: "JPY", expiresAt: new Date(on.clock.now.getTime() + 600_000), createdAt: on.clock.now });
  on.clock.now = new Date(on.clock.now.getTime() + 2_000);
  const reserve = (ledger = on.ledger) => reserveHold(ledger, { walletId, amount, currency: "JPY", idempotencyKey: key, paymentId: "pay_r", expiresInMs: 600_000 });
  return { walletId, holdId, reserve };
}

describe("recovery of interrupted operations", () => {
  it("abandons a marker whose reservation never happened, and refuses the late reservation", async () => {
    const { walletId, reserve } = await strandedReservation(fixture, "usr_r1", "crashed-reserve", 500n);
    expect(await recoverAll(fixture.ledger, options)).toMatchObject({ abandoned: 1 });
    await expect(reserve()).rejects.toMatchObject({ reason: "HOLD_ALREADY_RESOLVED" });
    expect(await fixture.ledger.chain.head(walletId)).toMatchObject({ balance: 1_000n, held: 0n });
  });

  it("does not abandon a reservation still queued behind others on a busy wallet", async () => {
    const walletId = await fixture.wallet("usr_r6");
    await creditWallet(fixture.ledger, { walletId, amount: 1_000n, currency: "JPY", source: { kind: "bank", bankCode: "0001" }, idempotencyKey: "fund-r6", paymentId: "pay_r" });
    // An operation ahead of the reservation holds the wallet's turn for longer than the grace.
    let letGo!: () => void;
    const released = new Promise<void>((resolve) => (letGo = resolve));
    const ahead = fixture.ledger.chain.append({
      walletId, opKey: "slow-operation", request: {},
      decide: async () => {
        await released;
        throw new Error("refused after a long decision");
      },
    });
    const queued = reserveHold(fixture.ledger, { walletId, amount: 400n, currency: "JPY", idempotencyKey: "queued-reserve", paymentId: "pay_r", expiresInMs: 600_000 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      fixture.clock.now = new Date(fixture.clock.now.getTime() + 2_000);
      // Its marker is not yet written, so there is nothing for recovery to judge abandoned.
      expect(await fixture.ledger.models.openHolds.countDocuments({ walletId })).toBe(0);
      expect(await recoverAll(fixture.ledger, options)).toMatchObject({ abandoned: 0 });
    } finally {
      letGo();
    }
    await expect(ahead).rejects.toThrow("refused after a long decision");
    const hold = await queued;
    expect(hold).toMatchObject({ state: "RESERVED", amount: 400n });
    expect(await fixture.ledger.chain.head(walletId)).toMatchObject({ balance: 1_000n, held: 400n });
    await releaseHold(fixture.ledger, hold.holdId, "HOLD_VOIDED", "VOIDED");
  });

  it("keeps a reservation refused for the money open to its retries, and lets one succeed once the money is there", async () => {
    const walletId = await fixture.wallet("usr_r7");
    await creditWallet(fixture.ledger, { walletId, amount: 300n, currency: "JPY", source: { kind: "bank", bankCode: "0001" }, idempotencyKey: "fund-r7", paymentId: "pay_r" });
    const reserve = () => reserveHold(fixture.ledger, { walletId, amount: 400n, currency: "JPY", idempotencyKey: "retried-reserve", paymentId: "pay_r", expiresInMs: 600_000 });
    const holdId = holdIdFor(walletId, "retried-reserve");
    const later = (ms: number) => (fixture.clock.now = new Date(fixture.clock.now.getTime() + ms));
    // Refused, and tried again within the grace (payment did not get the first answer).
    await expect(reserve()).rejects.toMatchObject({ reason: "INSUFFICIENT_FUNDS" });
    later(800);
    await expect(reserve()).rejects.toMatchObject({ reason: "INSUFFICIENT_FUNDS" });
    // Past the grace counted from the first try, not from the retry: recovery leaves it.
    later(700);
    await recoverAll(fixture.ledger, options);
    expect(await fixture.ledger.chain.findByOpKey(holdOpKeys.resolve(holdId))).toBeUndefined();
    await creditWallet(fixture.ledger, { walletId, amount: 500n, currency: "JPY", source: { kind: "bank", bankCode: "0001" }, idempotencyKey: "fund-r7-more", paymentId: "pay_r" });
    const hold = await reserve();
    expect(hold).toMatchObject({ state: "RESERVED", amount: 400n });
    expect(await fixture.ledger.chain.head(walletId)).toMatchObject({ balance: 800n, held: 400n });
    await releaseHold(fixture.ledger, hold.holdId, "HOLD_VOIDED", "VOIDED");
  });

  it("finishes a transfer whose credit never happened", async () => {
    const payer = await fixture.wallet("usr_r2");
    const payee = await fixture.wallet("usr_r3");
    await creditWallet(fixture.ledger, { walletId: payer, amount: 5_000n, currency: "JPY", source: { kind: "bank", bankCode: "0001" }, idempotencyKey: "fund-r2", paymentId: "pay_r" });
    const hold = await reserveHold(fixture.ledger, { walletId: payer, amount: 3_000n, currency: "JPY", idempotencyKey: "t1", paymentId: "pay_r", expiresInMs: 600_000 });
    await commitHold(fixture.ledger, { holdId: hold.holdId, destination: { kind: "wallet", walletId: payee } });
    // Rewind to "crashed after step 1": the payee's credit and the marker's deletion undone.
    await fixture.ledger.models.walletEvents.deleteOne({ opKey: holdOpKeys.incoming(hold.holdId) });
    fixture.ledger.chain.forget();
    await fixture.ledger.models.openHolds.create({ _id: hold.holdId, walletId: payer, amount: 3_000n, currency: "JPY", expiresAt: hold.expiresAt, createdAt: fixture.clock.now });
    expect((await auditLedger(fixture.ledger)).discrepancies).toEqual([]); // money in transit is accounted for
    fixture.clock.now = new Date(fixture.clock.now.getTime() + 2_000);
    expect((await recoverAll(fixture.ledger, options)).finished).toBeGreaterThanOrEqual(1);
    expect((await fixture.ledger.chain.head(payee)).balance).toBe(3_000n);
    expect(await fixture.ledger.models.openHolds.countDocuments()).toBe(0);
    const report = await auditLedger(fixture.ledger);
    expect(report.discrepancies).toEqual([]);
    expect(report.systemBalances.get("sys_transit_JPY")?.balance).toBe(0n);
  });

  it("releases an expired hold", async () => {
    const walletId = await fixture.wallet("usr_r4");
    await creditWallet(fixture.ledger, { walletId, amount: 700n, currency: "JPY", source: { kind: "bank", bankCode: "0001" }, idempotencyKey: "fund-r4", paymentId: "pay_r" });
    const hold = await reserveHold(fixture.ledger, { walletId, amount: 700n, currency: "JPY", idempotencyKey: "expiring", paymentId: "pay_r", expiresInMs: 60_000 });
    fixture.clock.now = new Date(fixture.clock.now.getTime() + 61_000);
    expect(await recoverAll(fixture.ledger, options)).toMatchObject({ expired: 1 });
    expect(await holdView(fixture.ledger, hold.holdId)).toMatchObject({ state: "ABORTED", outcome: "EXPIRED" });
    expect(await fixture.ledger.chain.head(walletId)).toMatchObject({ balance: 700n, held: 0n });
    expect((await auditLedger(fixture.ledger)).discrepancies).toEqual([]);
  });

  it("reports what it finds wrong", async () => {
    const walletId = await fixture.wallet("usr_r5");
    await creditWallet(fixture.ledger, { walletId, amount: 100n, currency: "JPY", source: { kind: "bank", bankCode: "0001" }, idempotencyKey: "fund-r5", paymentId: "pay_r" });
    // Tamper with the stored running balance: the audit must notice.
    await fixture.ledger.models.walletEvents.updateOne({ walletId, seq: 1 }, { $set: { balance: 1_000_000n } });
    const kinds = (await auditLedger(fixture.ledger)).discrepancies.map((found) => found.kind);
    expect(kinds).toContain("STATE_MISMATCH");
    await fixture.ledger.models.walletEvents.updateOne({ walletId, seq: 1 }, { $set: { balance: 100n } });
  });
});

/**
 * Recovery looks at the chain, then acts; another replica's retry of the reservation can land
 * in between. Each case has a store of its own, so its marker is the only one recovery finds
 * (the hook that plays the retry runs at recovery's first step gap).
 */
describe("recovery racing a reservation's retry", () => {
  let race: Awaited<ReturnType<typeof ledgerFixture>>;
  beforeEach(async () => {
    race = await ledgerFixture("recovery-race");
  });
  afterEach(async () => {
    await race?.close();
  });

  it("does not release a reservation that landed after recovery looked at the chain", async () => {
    const { walletId, holdId, reserve } = await strandedReservation(race, "usr_r8", "late-reserve", 500n);
    // Recovery has found no HELD for the marker; the retry of the reservation lands just then.
    let reserved: Awaited<ReturnType<typeof reserve>> | undefined;
    const recovering = { ...race.ledger, betweenSteps: async () => void (reserved ??= await reserve()) };
    expect(await recoverAll(recovering, options)).toMatchObject({ abandoned: 0 });
    expect(reserved).toMatchObject({ state: "RESERVED", amount: 500n });
    expect(await holdView(race.ledger, holdId)).toMatchObject({ state: "RESERVED" });
    expect(await race.ledger.chain.head(walletId)).toMatchObject({ balance: 1_000n, held: 500n });
    await releaseHold(race.ledger, holdId, "HOLD_VOIDED", "VOIDED");
  });

  it("does not abandon a reservation another replica is retrying", async () => {
    const { walletId, holdId, reserve } = await strandedReservation(race, "usr_r9", "retried-elsewhere", 300n);
    // The other replica's retry has re-dated the marker and waits before appending HELD.
    let markRedated!: () => void;
    let letGo!: () => void;
    const redated = new Promise<void>((resolve) => (markRedated = resolve));
    const go = new Promise<void>((resolve) => (letGo = resolve));
    const otherReplica = race.replica(async () => {
      markRedated();
      await go;
    });
    let retrying: Promise<unknown> | undefined;
    const recovering = {
      ...race.ledger,
      betweenSteps: async () => {
        retrying ??= reserve(otherReplica);
        await redated;
      },
    };
    try {
      expect(await recoverAll(recovering, options)).toMatchObject({ abandoned: 0 });
    } finally {
      letGo();
    }
    await expect(retrying).resolves.toMatchObject({ state: "RESERVED", amount: 300n });
    race.ledger.chain.forget(walletId);
    expect(await race.ledger.chain.head(walletId)).toMatchObject({ balance: 1_000n, held: 300n });
    await releaseHold(race.ledger, holdId, "HOLD_VOIDED", "VOIDED");
  });
});
