import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLedger } from "../src/domain/audit/ledger-audit";
import { commitHold, releaseHold } from "../src/domain/holds/hold-resolve";
import { reserveHold } from "../src/domain/holds/hold-reserve";
import { holdIdFor } from "../src/domain/holds/hold-ids";
import { creditWallet } from "../src/domain/operations/wallet-credit";
import { debitWallet } from "../src/domain/operations/wallet-debit";
import { type WalletEventDocument } from "../src/store/wallet-event.model";
import { ledgerFixture } from "./ledger-fixture";

type Command =
  | { op: "credit"; wallet: number; amount: number }
  | { op: "debit"; wallet: number; amount: number }
  | { op: "reserve"; wallet: number; amount: number; key: number }
  | { op: "commit"; key: number; to: number | "merchant" }
  | { op: "void"; key: number };

const wallet = fc.integer({ min: 0, max: 2 });
const amount = fc.integer({ min: 1, max: 5_000 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constant("credit" as const), wallet, amount }),
  fc.record({ op: fc.constant("debit" as const), wallet, amount }),
  fc.record({ op: fc.constant("reserve" as const), wallet, amount, key: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant("commit" as const), key: fc.integer({ min: 0, max: 5 }), to: fc.oneof(wallet, fc.constant("merchant" as const)) }),
  fc.record({ op: fc.constant("void" as const), key: fc.integer({ min: 0, max: 5 }) }),
);

describe("ledger properties over random sequences (real store)", () => {
  let fixture: Awaited<ReturnType<typeof ledgerFixture>>;
  beforeAll(async () => {
    fixture = await ledgerFixture("ledger_props");
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("never creates or loses money, every balance is the fold of its postings, no wallet goes negative", async () => {
    let run = 0;
    let entriesWritten = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (commands) => {
        run += 1;
        const { ledger } = fixture;
        const wallets = [await fixture.wallet(`usr_p${run}a`), await fixture.wallet(`usr_p${run}b`), await fixture.wallet(`usr_p${run}c`, 1)];
        const holdKeys: string[] = [];
        for (const [step, next] of commands.entries()) {
          const key = `run${run}-step${step}`;
          try {
            switch (next.op) {
              case "credit":
                await creditWallet(ledger, { walletId: wallets[next.wallet]!, amount: BigInt(next.amount), currency: "JPY", source: { kind: "bank", bankCode: "0001" }, idempotencyKey: key, paymentId: "pay_p" });
                break;
              case "debit":
                await debitWallet(ledger, { walletId: wallets[next.wallet]!, amount: BigInt(next.amount), currency: "JPY", destination: { kind: "merchant", merchantId: "m1" }, idempotencyKey: key, paymentId: "pay_p" });
                break;
              case "reserve":
                await reserveHold(ledger, { walletId: wallets[next.wallet]!, amount: BigInt(next.amount), currency: "JPY", idempotencyKey: `${key}-hold`, paymentId: "pay_p", expiresInMs: 3_600_000 });
                holdKeys[next.key] = holdIdFor(wallets[next.wallet]!, `${key}-hold`);
                break;
              case "commit":
                if (holdKeys[next.key]) {
                  await commitHold(ledger, { holdId: holdKeys[next.key]!, destination: next.to === "merchant" ? { kind: "merchant", merchantId: "m1" } : { kind: "wallet", walletId: wallets[next.to]! } });
                }
                break;
              case "void":
                if (holdKeys[next.key]) await releaseHold(ledger, holdKeys[next.key]!, "HOLD_VOIDED", "TEST");
                break;
            }
          } catch (error) {
            // Refusals (insufficient funds, limits, resolved holds) are expected outcomes.
            if (!(error instanceof Error) || !("kind" in error)) throw error;
          }
        }

        // Independently of the fold: sum the raw postings of every stored entry.
        const events = await ledger.models.walletEvents.find({ walletId: { $in: wallets } }).lean<WalletEventDocument[]>();
        const byAccount = new Map<string, bigint>();
        let total = 0n;
        for (const event of events) {
          for (const posting of event.entry?.postings ?? []) {
            byAccount.set(posting.accountId, (byAccount.get(posting.accountId) ?? 0n) + BigInt(posting.amount));
            total += BigInt(posting.amount);
          }
        }
        expect(total).toBe(0n);
        entriesWritten += events.filter((event) => event.entry).length;
        for (const walletId of wallets) {
          const head = await ledger.chain.head(walletId);
          expect(head.balance).toBe(byAccount.get(walletId) ?? 0n);
          expect(head.balance >= 0n && head.balance - head.held >= 0n).toBe(true);
        }
      }),
      { numRuns: 25 },
    );
    const report = await auditLedger(fixture.ledger);
    expect(report.discrepancies).toEqual([]);
    expect([...report.ledgerTotals.values()].every((sum) => sum === 0n)).toBe(true);
    // The audit walked every entry the runs wrote (how many depends on the random commands).
    expect(entriesWritten).toBeGreaterThan(0);
    expect(report.entriesChecked).toBe(entriesWritten);
  }, 300_000);
});
