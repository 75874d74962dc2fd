import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountById } from "../src/domain/accounts/find-account";
import { type BankLedger } from "../src/domain/ledger/bank-ledger";
import { type BankAccountDocument } from "../src/store/bank-account.model";
import { openTestBank, type TestBank } from "./support/test-bank";

let bank: TestBank;
let ledger: BankLedger;

beforeAll(async () => {
  bank = await openTestBank();
  ledger = bank.contextFor("modern").ledger;
});
afterAll(async () => {
  await bank?.close();
});

async function accountWithConsent(balance: bigint): Promise<{ account: BankAccountDocument; consentId: string }> {
  const { accountId } = await bank.openCustomer({ openingBalance: balance });
  const consentId = `cns_${accountId}`;
  await ledger.grant(accountId, consentId);
  return { account: await accountById(bank.models, accountId), consentId };
}

describe("the sandbox bank's ledger", () => {
  it("never takes an account below zero under concurrent debits", async () => {
    const { account, consentId } = await accountWithConsent(1_000n);
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, index) =>
      ledger.debit({ account, consentId, amount: 100n, currency: "JPY", idempotencyKey: `${account._id}-debit-${index}` })));
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(10);
    expect(await ledger.balance(account._id)).toBe(0n);
  });

  it("moves money once per idempotency key, and refuses the key for another amount", async () => {
    const { account, consentId } = await accountWithConsent(0n);
    const first = await ledger.credit({ account, consentId, amount: 250n, currency: "JPY", idempotencyKey: `${account._id}-credit-1` });
    const again = await ledger.credit({ account, consentId, amount: 250n, currency: "JPY", idempotencyKey: `${account._id}-credit-1` });
    expect(again.reference).toBe(first.reference);
    expect(await ledger.balance(account._id)).toBe(250n);
    await expect(ledger.credit({ account, consentId, amount: 300n, currency: "JPY", idempotencyKey: `${account._id}-credit-1` }))
      .rejects.toMatchObject({ reason: "IDEMPOTENCY_KEY_REUSED" });
  });

  it("moves nothing through a consent that was never granted or was revoked, and never re-grants it", async () => {
    const { account, consentId } = await accountWithConsent(5_000n);
    await expect(ledger.debit({ account, consentId: "cns_unknown", amount: 1n, currency: "JPY", idempotencyKey: `${account._id}-stranger` }))
      .rejects.toMatchObject({ reason: "CONSENT_REVOKED" });
    const paid = await ledger.debit({ account, consentId, amount: 100n, currency: "JPY", idempotencyKey: `${account._id}-before` });

    expect(await ledger.revoke(account._id, consentId, "CUSTOMER_REPORTED_UNRECOGNIZED")).toBe(true);
    expect(await ledger.revoke(account._id, consentId, "OPERATOR_UNLINK")).toBe(false);
    await expect(ledger.debit({ account, consentId, amount: 100n, currency: "JPY", idempotencyKey: `${account._id}-after` }))
      .rejects.toMatchObject({ reason: "CONSENT_REVOKED" });
    // A retry of a debit made before the revocation still answers with its first result.
    expect((await ledger.debit({ account, consentId, amount: 100n, currency: "JPY", idempotencyKey: `${account._id}-before` })).reference).toBe(paid.reference);

    await ledger.grant(account._id, consentId);
    expect(await ledger.activeConsents(account._id)).toEqual([]);
    expect(await ledger.balance(account._id)).toBe(4_900n);
    expect((await ledger.revocationOf(consentId))?.revocationReason).toBe("CUSTOMER_REPORTED_UNRECOGNIZED");
  });

  it("lets no debit decided after a concurrent revocation through", async () => {
    const { account, consentId } = await accountWithConsent(100_000n);
    const debits = Array.from({ length: 20 }, (_, index) =>
      ledger.debit({ account, consentId, amount: 10n, currency: "JPY", idempotencyKey: `${account._id}-race-${index}` }));
    const revocation = ledger.revoke(account._id, consentId, "OPERATOR_UNLINK");
    const results = await Promise.allSettled(debits);
    await revocation;
    const revokedAt = (await ledger.revocationOf(consentId))!.seq;
    const movements = await bank.models.movements.find({ accountId: account._id, kind: "DEBITED" }).lean();
    expect(movements.every((movement) => movement.seq < revokedAt)).toBe(true);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(movements.length);
    expect(await ledger.balance(account._id)).toBe(100_000n - 10n * BigInt(movements.length));
  });

  it("lists revocations oldest first from a time on", async () => {
    const since = new Date();
    const { account, consentId } = await accountWithConsent(0n);
    await ledger.revoke(account._id, consentId, "OPERATOR_UNLINK");
    const listed = await ledger.revocationsSince(since, 100);
    expect(listed.map((event) => event.consentId)).toContain(consentId);
    expect(await ledger.revocationsSince(new Date(Date.now() + 60_000), 100)).toEqual([]);
  });
});
