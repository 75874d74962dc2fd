import { describe, expect, it } from "vitest";
import { entryIsBalanced, initialState, nextState, type WalletChange } from "../src/domain/ledger/wallet-state";

const credit = (amount: bigint): WalletChange => ({
  kind: "CREDITED",
  entry: { entryId: "ent_1", currency: "JPY", postings: [{ accountId: "sys_bank_clearing_0001_JPY", amount: -amount }, { accountId: "wal_1", amount }] },
  hold: null,
  outflow: 0n,
});

describe("the wallet fold", () => {
  it("applies a wallet's share of an entry to its balance", () => {
    const state = nextState(initialState(1), "wal_1", credit(500n), "2026-11-25");
    expect(state).toMatchObject({ seq: 1, balance: 500n, held: 0n });
  });

  it("opens and resolves holds without touching the balance until money moves", () => {
    const expiresAt = new Date("2026-11-25T12:00:00Z");
    let state = nextState(initialState(1), "wal_1", credit(1_000n), "2026-11-25");
    state = nextState(state, "wal_1", { kind: "HELD", entry: null, hold: { holdId: "hld_1", amount: 300n, expiresAt }, outflow: 0n }, "2026-11-25");
    expect(state).toMatchObject({ balance: 1_000n, held: 300n });
    state = nextState(state, "wal_1", { kind: "HOLD_VOIDED", entry: null, hold: { holdId: "hld_1", amount: 300n, expiresAt }, outflow: 0n }, "2026-11-25");
    expect(state).toMatchObject({ balance: 1_000n, held: 0n, openHolds: [] });
    // Resolving a hold that never opened changes nothing (a tombstone).
    expect(nextState(state, "wal_1", { kind: "HOLD_EXPIRED", entry: null, hold: { holdId: "hld_x", amount: 1n, expiresAt }, outflow: 0n }, "2026-11-25"))
      .toMatchObject({ balance: 1_000n, held: 0n });
  });

  it("counts outflow per business day and starts again the next day", () => {
    const out = (amount: bigint): WalletChange => ({ ...credit(0n), kind: "DEBITED", entry: null, outflow: amount });
    let state = nextState(initialState(2), "wal_1", out(100n), "2026-11-25");
    state = nextState(state, "wal_1", out(50n), "2026-11-25");
    expect(state.outflowToday).toBe(150n);
    expect(nextState(state, "wal_1", out(10n), "2026-11-26")).toMatchObject({ outflowDay: "2026-11-26", outflowToday: 10n });
  });

  it("recognises a balanced entry", () => {
    expect(entryIsBalanced(credit(5n).entry!)).toBe(true);
    expect(entryIsBalanced({ entryId: "e", currency: "JPY", postings: [{ accountId: "a", amount: 5n }, { accountId: "b", amount: -4n }] })).toBe(false);
  });
});
