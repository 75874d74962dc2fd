import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncConsents } from "../src/domain/consents/consent-sync";
import { reportUnrecognizedLink, unlink } from "../src/domain/links/link-end";
import { startLink } from "../src/domain/links/link-start";
import { creditThroughLink, debitThroughLink, type MoneyThroughLinkInput } from "../src/domain/money/transfer";
import { openTestBankLink, reasonOf, type TestBankLink } from "./support/test-context";

let t: TestBankLink;
const now = { at: new Date("2026-11-25T03:00:00Z") };

beforeAll(async () => {
  t = await openTestBankLink({}, () => now.at);
});
afterAll(async () => {
  await t?.close();
});

let keys = 0;
const order = (linkId: string, userId: string, amount: bigint, overrides: Partial<MoneyThroughLinkInput> = {}): MoneyThroughLinkInput =>
  ({ linkId, userId, amount, currency: "JPY", idempotencyKey: `pay_test${++keys}:bank-debit`, paymentId: `pay_test${keys}`, ...overrides });

async function activeLink() {
  const { userId, account } = t.holder();
  const link = await t.linkActive(userId, account);
  return { userId, account, linkId: link.linkId };
}

describe("money through a link", () => {
  it("moves money once per key, and only for the link's own user", async () => {
    const { userId, account, linkId } = await activeLink();
    const first = order(linkId, userId, 3_000n);
    const paid = await debitThroughLink(t.context, first);
    expect(await debitThroughLink(t.context, first)).toEqual(paid);
    expect(t.bank.balanceOf(account)).toBe(97_000n);
    expect(await reasonOf(debitThroughLink(t.context, { ...first, amount: 4_000n }))).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await reasonOf(debitThroughLink(t.context, order(linkId, "usr_someone_else", 1n)))).toBe("LINK_NOT_FOUND");
    const transfer = await t.context.models.bankTransfers.findById(paid.transferId).lean();
    expect(transfer).toMatchObject({ state: "SUCCEEDED", direction: "DEBIT", accountLast4: account.accountNumber.slice(-4), paymentId: first.paymentId });
  });

  it("holds a fresh link to 10,000 yen per debit and per day, exactly, under concurrent debits", async () => {
    const { userId, account, linkId } = await activeLink();
    expect(await reasonOf(debitThroughLink(t.context, order(linkId, userId, 10_001n)))).toBe("COOLING_OFF_LIMIT");
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => reasonOf(debitThroughLink(t.context, order(linkId, userId, 3_000n)))));
    expect(outcomes.filter((reason) => reason === "succeeded")).toHaveLength(3);
    expect(outcomes.filter((reason) => reason === "COOLING_OFF_LIMIT")).toHaveLength(5);
    expect(t.bank.balanceOf(account)).toBe(91_000n);
    const refusals = await t.context.events.list({ userId, linkId, pageSize: 50, after: undefined });
    expect(refusals.filter((event) => event.type === "DEBIT_REFUSED" && event.reason === "COOLING_OFF_LIMIT")).toHaveLength(6);

    // The next Tokyo day has a fresh allowance; after 72 hours the cooling-off limits are gone.
    now.at = new Date("2026-11-25T15:00:00Z");
    try {
      await debitThroughLink(t.context, order(linkId, userId, 10_000n));
      now.at = new Date("2026-11-28T03:00:01Z");
      await debitThroughLink(t.context, order(linkId, userId, 50_000n));
    } finally {
      now.at = new Date("2026-11-25T03:00:00Z");
    }
    expect(t.bank.balanceOf(account)).toBe(31_000n);
  });

  it("gives back the cooling-off allowance of a debit the bank refused, and keeps the refusal for that key", async () => {
    const { userId, account, linkId } = await activeLink();
    t.bank.accounts.get(`${account.bankCode}-${account.branchCode}-${account.accountNumber}`)!.balance = 5_000n;
    const tooMuch = order(linkId, userId, 8_000n);
    expect(await reasonOf(debitThroughLink(t.context, tooMuch))).toBe("BANK_INSUFFICIENT_FUNDS");
    t.bank.accounts.get(`${account.bankCode}-${account.branchCode}-${account.accountNumber}`)!.balance = 50_000n;
    expect(await reasonOf(debitThroughLink(t.context, tooMuch))).toBe("BANK_INSUFFICIENT_FUNDS");
    await debitThroughLink(t.context, order(linkId, userId, 10_000n));
    expect(t.bank.balanceOf(account)).toBe(40_000n);
  });

  it("moves nothing through a link its user reported, nor through an unlinked one", async () => {
    const reported = await activeLink();
    await reportUnrecognizedLink(t.context, { userId: reported.userId, linkId: reported.linkId });
    expect(await reasonOf(debitThroughLink(t.context, order(reported.linkId, reported.userId, 100n)))).toBe("LINK_SUSPENDED");
    expect(t.bank.revocationCalls.at(-1)?.reason).toBe("REPORTED_UNRECOGNIZED");
    expect(t.bank.balanceOf(reported.account)).toBe(100_000n);

    const unlinked = await activeLink();
    await unlink(t.context, { userId: unlinked.userId, linkId: unlinked.linkId });
    expect(await reasonOf(creditThroughLink(t.context, order(unlinked.linkId, unlinked.userId, 100n)))).toBe("LINK_NOT_ACTIVE");
  });

  it("suspends a link whose consent the bank's customer revoked, at the next debit and through the sync", async () => {
    const atDebit = await activeLink();
    const consentOf = async (linkId: string) => (await t.context.links.current(linkId)).consentId;
    t.bank.customerReports(await consentOf(atDebit.linkId));
    expect(await reasonOf(debitThroughLink(t.context, order(atDebit.linkId, atDebit.userId, 100n)))).toBe("LINK_SUSPENDED");
    expect((await t.context.links.current(atDebit.linkId))).toMatchObject({ state: "SUSPENDED", reason: "BANK_CONSENT_REVOKED" });

    const bySync = await activeLink();
    const link = (await t.context.models.links.findById(bySync.linkId).lean())!;
    t.bank.customerReports(await consentOf(bySync.linkId));
    await syncConsents(t.context);
    expect(await t.context.links.current(bySync.linkId)).toMatchObject({ state: "SUSPENDED", reason: "BANK_CUSTOMER_REPORTED_UNRECOGNIZED" });
    // The bank's customer says this identity is not the holder: the account is free for the real one.
    expect(await t.context.models.accountClaims.findById(link.accountFingerprint).lean()).toBeNull();
    expect(t.identity.notices.filter((notice) => notice.userId === bySync.userId).map((notice) => notice.template)).toContain("bank_link_suspended");
    await syncConsents(t.context);
    expect((await t.context.events.list({ userId: bySync.userId, linkId: "", pageSize: 50, after: undefined })).filter((event) => event.type === "LINK_SUSPENDED")).toHaveLength(1);
  });

  it("retries a consent revocation the bank did not take", async () => {
    const { userId, linkId } = await activeLink();
    t.bank.unreachable = true;
    try {
      expect((await unlink(t.context, { userId, linkId })).state).toBe("UNLINKED");
    } finally {
      t.bank.unreachable = false;
    }
    const consentId = (await t.context.links.current(linkId)).consentId;
    expect(await t.context.models.pendingRevocations.findById(consentId).lean()).not.toBeNull();
    await syncConsents(t.context);
    expect(t.bank.consents.get(consentId)?.revoked).toBe("UNLINK");
    expect(await t.context.models.pendingRevocations.findById(consentId).lean()).toBeNull();
  });

  it("refuses a credit or debit through a link that is still pending", async () => {
    const { userId, account } = t.holder();
    const pending = await startLink(t.context, { ...account, userId, idempotencyKey: "pending-money-key" });
    expect(await reasonOf(creditThroughLink(t.context, order(pending.linkId, userId, 100n)))).toBe("LINK_NOT_ACTIVE");
  });
});
