import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink } from "../src/domain/links/link-confirm";
import { reportUnrecognizedLink, unlink } from "../src/domain/links/link-end";
import { startLink } from "../src/domain/links/link-start";
import { CODE, PIN } from "./support/fakes";
import { openTestBankLink, reasonOf, type TestBankLink } from "./support/test-context";

let t: TestBankLink;

beforeAll(async () => {
  t = await openTestBankLink({ maxLinksPerUser: 3, attemptsPerUser: 5, attemptsPerAccount: 3 });
});
afterAll(async () => {
  await t?.close();
});

let keys = 0;
const key = () => `test-start-${++keys}-key`;
const eventsOf = async (userId: string) => (await t.context.events.list({ userId, linkId: "", pageSize: 100, after: undefined })).map((event) => event.type);

describe("starting and confirming a link", () => {
  it("activates only after the bank's PIN and code, starts cooling-off, binds the account and tells the user", async () => {
    const { userId, account } = t.holder();
    const started = await startLink(t.context, { ...account, userId, idempotencyKey: key() });
    expect(started).toMatchObject({ state: "AWAITING_BANK_AUTHENTICATION", accountLast4: account.accountNumber.slice(-4), bankAuthenticationMethod: "PIN_AND_ONE_TIME_CODE" });
    expect(await reasonOf(confirmLink(t.context, { userId, linkId: started.linkId, pin: PIN, oneTimeCode: "" }))).toBe("INVALID_ARGUMENT");
    expect(await reasonOf(confirmLink(t.context, { userId, linkId: started.linkId, pin: PIN, oneTimeCode: "000000" }))).toBe("BANK_AUTHENTICATION_FAILED");

    const active = await confirmLink(t.context, { userId, linkId: started.linkId, pin: PIN, oneTimeCode: CODE });
    expect(active.state).toBe("ACTIVE");
    expect(active.coolingOffUntil!.getTime() - active.activatedAt!.getTime()).toBe(72 * 3_600_000);
    expect(await t.context.models.accountClaims.findById((await t.context.models.links.findById(active.linkId).lean())!.accountFingerprint).lean()).toMatchObject({ holder: userId });
    expect(t.identity.notices.filter((notice) => notice.userId === userId).map((notice) => notice.template)).toEqual(["bank_link_started", "bank_link_activated"]);
    expect(t.identity.notices.at(-1)?.values).toEqual({ bank_code: account.bankCode, account_ending: account.accountNumber.slice(-4) });
    // A confirm retried after success answers with the active link.
    expect((await confirmLink(t.context, { userId, linkId: started.linkId, pin: PIN, oneTimeCode: CODE })).state).toBe("ACTIVE");
    expect(await eventsOf(userId)).toEqual(expect.arrayContaining(["LINK_STARTED", "BANK_AUTHENTICATION_FAILED", "LINK_ACTIVATED"]));
  });

  it("answers a retried start with the same link, and refuses the key for another account", async () => {
    const { userId, account } = t.holder();
    const idempotencyKey = key();
    const first = await startLink(t.context, { ...account, userId, idempotencyKey });
    expect((await startLink(t.context, { ...account, userId, idempotencyKey })).linkId).toBe(first.linkId);
    expect(await reasonOf(startLink(t.context, { ...account, accountNumber: "1111111", userId, idempotencyKey }))).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(t.bank.authentications.size).toBeGreaterThan(0);
  });

  it("refuses a holder mismatch and an unknown account with the same answer, and records both", async () => {
    const victim = t.holder("VICTIM");
    const attacker = t.holder("ATTACKER");
    const mismatch = await startLink(t.context, { ...victim.account, userId: attacker.userId, idempotencyKey: key() }).catch((error: unknown) => error);
    const unknown = await startLink(t.context, { ...victim.account, accountNumber: "9999999", userId: attacker.userId, idempotencyKey: key() }).catch((error: unknown) => error);
    expect(mismatch).toMatchObject({ kind: "failed_precondition", reason: "HOLDER_MISMATCH" });
    expect([(unknown as Error).message, (unknown as { reason: string }).reason]).toEqual([(mismatch as Error).message, "HOLDER_MISMATCH"]);
    expect((mismatch as Error).message).not.toMatch(/VICTIM/i);
    const events = await t.context.events.list({ userId: attacker.userId, linkId: "", pageSize: 10, after: undefined });
    expect(events.filter((event) => event.type === "HOLDER_MISMATCH").map((event) => event.reason).sort()).toEqual(["ACCOUNT_UNKNOWN", "NO_MATCH"]);
    expect(await t.context.models.links.countDocuments({ userId: attacker.userId })).toBe(0);
  });

  it("binds a bank account to one identity: a second identity is refused at the start, and at the confirm if it raced", async () => {
    const { userId, account } = t.holder("TWIN");
    const twin = { userId: `${userId}_twin` };
    t.identity.names.set(twin.userId, (await t.identity.proofedName(userId)));
    // Both start before either confirms; the first to confirm wins the account.
    const mine = await startLink(t.context, { ...account, userId, idempotencyKey: key() });
    const theirs = await startLink(t.context, { ...account, userId: twin.userId, idempotencyKey: key() });
    await confirmLink(t.context, { userId, linkId: mine.linkId, pin: PIN, oneTimeCode: CODE });
    expect(await reasonOf(confirmLink(t.context, { userId: twin.userId, linkId: theirs.linkId, pin: PIN, oneTimeCode: CODE }))).toBe("ACCOUNT_ALREADY_LINKED");
    const consentOfTheirs = [...t.bank.consents.entries()].find(([, consent]) => consent.revoked === "REFUSED");
    expect(consentOfTheirs).toBeDefined();
    expect(await reasonOf(startLink(t.context, { ...account, userId: twin.userId, idempotencyKey: key() }))).toBe("ACCOUNT_ALREADY_LINKED");
    expect(await eventsOf(twin.userId)).toContain("ACCOUNT_ALREADY_LINKED");
  });

  it("lets a user hold at most three links, one per account, and frees a place on unlink", async () => {
    // Six starts by one user: more than the attempt limit of this suite allows.
    const roomy = await openTestBankLink({ maxLinksPerUser: 3, attemptsPerUser: 10 });
    try {
      await placesOf(roomy);
    } finally {
      await roomy.close();
    }
  });

  it("counts concurrent attempts exactly: five per user, then RESOURCE_EXHAUSTED with a wait, and a security event", async () => {
    const attacker = t.holder("SPRAY");
    const victims = Array.from({ length: 8 }, () => t.holder("SPRAYED").account);
    const outcomes = await Promise.all(victims.map((account) => reasonOf(startLink(t.context, { ...account, userId: attacker.userId, idempotencyKey: key() }))));
    expect(outcomes.filter((reason) => reason === "HOLDER_MISMATCH")).toHaveLength(5);
    expect(outcomes.filter((reason) => reason === "LINK_ATTEMPTS_THROTTLED")).toHaveLength(3);
    const refused = await startLink(t.context, { ...victims[0]!, userId: attacker.userId, idempotencyKey: key() }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ kind: "resource_exhausted", reason: "LINK_ATTEMPTS_THROTTLED", facts: { key_kind: "user" } });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    expect((await eventsOf(attacker.userId)).filter((type) => type === "LINK_ATTEMPT_THROTTLED")).toHaveLength(4);
  });

  it("throttles attempts on one bank account across identities", async () => {
    const victim = t.holder("TARGET");
    const outcomes = [];
    for (let n = 0; n < 4; n++) outcomes.push(await reasonOf(startLink(t.context, { ...victim.account, userId: t.holder("STRANGER").userId, idempotencyKey: key() })));
    expect(outcomes).toEqual(["HOLDER_MISMATCH", "HOLDER_MISMATCH", "HOLDER_MISMATCH", "LINK_ATTEMPTS_THROTTLED"]);
  });

  it("ends a pending link for good after the bank's five wrong tries", async () => {
    const { userId, account } = t.holder();
    const started = await startLink(t.context, { ...account, userId, idempotencyKey: key() });
    const reasons = [];
    for (let n = 0; n < 6; n++) reasons.push(await reasonOf(confirmLink(t.context, { userId, linkId: started.linkId, pin: PIN, oneTimeCode: "111111" })));
    expect(reasons).toEqual(["BANK_AUTHENTICATION_FAILED", "BANK_AUTHENTICATION_FAILED", "BANK_AUTHENTICATION_FAILED", "BANK_AUTHENTICATION_FAILED", "BANK_AUTHENTICATION_EXHAUSTED", "LINK_NOT_AWAITING_AUTHENTICATION"]);
    expect(await reasonOf(confirmLink(t.context, { userId, linkId: started.linkId, pin: PIN, oneTimeCode: CODE }))).toBe("LINK_NOT_AWAITING_AUTHENTICATION");
    expect((await t.context.links.current(started.linkId)).state).toBe("FAILED");
  });

  it("keeps a start whose bank was unreachable pending, and asks the bank again on a retry", async () => {
    const { userId, account } = t.holder();
    const idempotencyKey = key();
    t.bank.unreachable = true;
    try {
      expect(await reasonOf(startLink(t.context, { ...account, userId, idempotencyKey }))).toBe("BANK_UNAVAILABLE");
    } finally {
      t.bank.unreachable = false;
    }
    // The holder check ran before the bank went away; the retry only asks for the authentication.
    const retried = await startLink(t.context, { ...account, userId, idempotencyKey });
    expect(retried).toMatchObject({ state: "AWAITING_BANK_AUTHENTICATION", bankAuthenticationMethod: "PIN_AND_ONE_TIME_CODE" });
  });

  it("lets the wallet user's 'this was not me' suspend a pending link so it can never activate", async () => {
    const { userId, account } = t.holder();
    const started = await startLink(t.context, { ...account, userId, idempotencyKey: key() });
    expect((await reportUnrecognizedLink(t.context, { userId, linkId: started.linkId })).state).toBe("SUSPENDED");
    expect(await reasonOf(confirmLink(t.context, { userId, linkId: started.linkId, pin: PIN, oneTimeCode: CODE }))).toBe("LINK_NOT_AWAITING_AUTHENTICATION");
    expect(t.identity.notices.filter((notice) => notice.userId === userId).map((notice) => notice.template)).toContain("bank_link_suspended");
  });

  it("keeps account numbers encrypted: only the last four digits are stored in clear", async () => {
    const { userId, account } = t.holder();
    await t.linkActive(userId, account);
    for (const collection of await t.connection.db!.collections()) {
      const documents = await collection.find().toArray();
      const text = JSON.stringify(documents, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
      expect(text, collection.collectionName).not.toContain(account.accountNumber);
    }
    const link = (await t.context.models.links.findOne({ userId }).lean())!;
    expect(t.context.cipher.decrypt(link.accountNumberEncrypted, `links:${link._id}:account_number`)).toBe(account.accountNumber);
    expect(() => t.context.cipher.decrypt(link.accountNumberEncrypted, "links:lnk_other:account_number")).toThrow();
  });
});

/** Fills a user's three places, then checks what is refused and what an unlink frees. */
async function placesOf(t: TestBankLink): Promise<void> {
  const { userId, account } = t.holder("MANY");
  const name = await t.identity.proofedName(userId);
  const accounts = [account, ...[1, 2, 3].map((n) => ({ ...account, accountNumber: String(Number(account.accountNumber) + n).padStart(7, "0").slice(-7) }))];
  for (const extra of accounts.slice(1)) t.bank.open(extra, `${name.familyNameLatin} ${name.givenNameLatin}`);
  const links = [];
  for (const each of accounts.slice(0, 3)) links.push(await t.linkActive(userId, each));
  expect(await reasonOf(startLink(t.context, { ...account, userId, idempotencyKey: key() }))).toBe("LINK_EXISTS");
  expect(await reasonOf(startLink(t.context, { ...accounts[3]!, userId, idempotencyKey: key() }))).toBe("LINK_LIMIT_REACHED");
  expect((await unlink(t.context, { userId, linkId: links[0]!.linkId })).state).toBe("UNLINKED");
  expect(t.bank.revocationCalls.at(-1)?.reason).toBe("UNLINK");
  expect((await startLink(t.context, { ...accounts[3]!, userId, idempotencyKey: key() })).state).toBe("AWAITING_BANK_AUTHENTICATION");
}
