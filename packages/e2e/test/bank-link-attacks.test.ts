import { status } from "@grpc/grpc-js";
import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { BankAuthenticationMethod, BankLinkServiceService, LinkState } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { PaymentServiceService, PaymentState } from "@wallet/contracts/wallet/payment/v1/payment_service";
import { ConsentState, RevocationReason } from "@wallet/contracts/wallet/sandboxbank/v1/sandbox_bank_service";
import { type PromiseClient } from "@wallet/service-kit";
import { type BankCustomer, Banks, evidenceFor, newPerson, type Person, type PersonName, type SignedIn, TestPlatform, Users } from "@wallet/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure } from "./support/failure";
import { findPersonalData } from "./support/pii-scan";

// Unusual names, so the personal-data scan at the end cannot be fooled by a coincidence.
const VICTIM: PersonName = { familyKanji: "鷲見", givenKanji: "瑠璃子", familyKana: "ワシミ", givenKana: "ルリコ", familyLatin: "WASHIMI", givenLatin: "RURIKO" };
const ATTACKER: PersonName = { familyKanji: "黒羽", givenKanji: "疾風", familyKana: "クロバネ", givenKana: "ハヤテ", familyLatin: "KUROBANE", givenLatin: "HAYATE" };
const ACCOMPLICE: PersonName = { familyKanji: "百目鬼", givenKanji: "十兵衛", familyKana: "ドウメキ", givenKana: "ジュウベエ", familyLatin: "DOUMEKI", givenLatin: "JUUBEE" };
const HONEST: PersonName = { familyKanji: "東雲", givenKanji: "陽葵", familyKana: "シノノメ", givenKana: "ヒマリ", familyLatin: "SHINONOME", givenLatin: "HIMARI" };

describe("bank link: the 2020 attack, and the layers that stop it", () => {
  let platform: TestPlatform;
  let users: Users;
  let banks: Banks;
  let bankLink: PromiseClient<typeof BankLinkServiceService>;
  let asPayment: PromiseClient<typeof BankLinkServiceService>;
  let operator: PromiseClient<typeof BankLinkServiceService>;
  const people: Person[] = [];
  const accountNumbers: string[] = [];
  const oneTimeCodes: string[] = [];
  let keys = 0;

  beforeAll(async () => {
    platform = await TestPlatform.start();
    users = await Users.on(platform);
    banks = Banks.on(platform);
    bankLink = platform.client(BankLinkServiceService, "bank-link");
    asPayment = await platform.serviceClient(BankLinkServiceService, "bank-link", "payment");
    operator = await platform.operatorClient(BankLinkServiceService, "bank-link");
  });
  afterAll(async () => {
    await platform?.stop();
  });

  const person = (label: string, name: PersonName) => {
    const someone = newPerson(label, name);
    people.push(someone);
    return someone;
  };
  /** A bank customer whose account number, PIN and name are on the criminals' leaked list. */
  const victimWithAccount = async (label = "victim") => {
    const victim = person(label, VICTIM);
    const account = await banks.openAccount(VICTIM, victim.phone, { balance: 250_000n });
    accountNumbers.push(account.accountNumber);
    return { victim, account };
  };
  const address = (account: BankCustomer) => ({ bankCode: account.bankCode, branchCode: account.branchCode, accountNumber: account.accountNumber });
  const startLink = (session: SignedIn, account: BankCustomer) =>
    bankLink.startLink({ ...address(account), idempotencyKey: `attack-start-${++keys}` }, { accessToken: session.accessToken });
  const debitAsPayment = (linkId: string, userId: string, yen: bigint) =>
    asPayment.debit({ linkId, userId, amount: { currency: "JPY", minorUnits: yen }, idempotencyKey: `pay_e2e${++keys}:bank-debit`, paymentId: `pay_e2e${keys}` });
  const linkEvents = async (userId: string) => (await operator.listLinkEvents({ userId, linkId: "", pageSize: 50, pageToken: "" })).events;

  it("an attacker with an email-only wallet, the account number and the PIN cannot even start a link", async () => {
    const { account } = await victimWithAccount();
    const before = await banks.balance(account);
    const attacker = person("emailonly", ATTACKER);
    await users.signUp(attacker, { confirmPhone: false });
    const session = await users.login(attacker);

    const start = await failure(startLink(session, account));
    expect([start.code, start.reason]).toEqual([status.PERMISSION_DENIED, "IAL2_REQUIRED"]);
    const confirm = await failure(bankLink.confirmLink({ linkId: "lnk_guessed", pin: account.pin, oneTimeCode: "123456" }, { accessToken: session.accessToken }));
    expect([confirm.code, confirm.reason]).toEqual([status.PERMISSION_DENIED, "IAL2_REQUIRED"]);

    // The bank was never even asked.
    expect(await banks.outbox(account.registeredPhone)).toEqual([]);
    expect(await banks.balance(account)).toBe(before);
  });

  it("an attacker who proofs their own identity is refused for holder mismatch and learns nothing about the holder", async () => {
    const { account } = await victimWithAccount();
    const before = await banks.balance(account);
    const attacker = await users.honest(person("ownid", ATTACKER));
    const accomplice = await users.honest(person("ownid2", ACCOMPLICE));

    const refused = await failure(startLink(attacker, account));
    expect([refused.code, refused.reason]).toEqual([status.FAILED_PRECONDITION, "HOLDER_MISMATCH"]);
    // Another wrong name, and an account the bank does not have: the very same answer.
    expect((await failure(startLink(accomplice, account))).parts()).toEqual(refused.parts());
    const unknownAccount = { ...account, accountNumber: account.accountNumber === "7000001" ? "7000002" : "7000001" };
    expect((await failure(startLink(attacker, unknownAccount))).parts()).toEqual(refused.parts());
    const told = JSON.stringify(refused.parts()).toUpperCase();
    for (const part of [VICTIM.familyKana, VICTIM.givenKana, VICTIM.familyLatin, VICTIM.givenLatin]) expect(told).not.toContain(part);
    expect(refused.facts).toEqual({});

    const events = await linkEvents(attacker.userId);
    expect(events.filter((event) => event.type === "HOLDER_MISMATCH")).toHaveLength(2);
    expect(events[0]).toMatchObject({ bankCode: account.bankCode, accountLast4: expect.stringMatching(/^\d{4}$/) as unknown });
    expect(await banks.outbox(account.registeredPhone)).toEqual([]);
    expect(await banks.balance(account)).toBe(before);
  });

  it("an attacker proofed with stolen documents in the victim's name: the bank's code goes to the victim's phone, and without it the link never activates", async () => {
    const { victim, account } = await victimWithAccount();
    const before = await banks.balance(account);
    // The attacker's own email and phone; the victim's name on the stolen documents.
    const thief = person("stolendocs", VICTIM);
    const session = await users.honest(thief, evidenceFor(VICTIM));

    const started = await startLink(session, account);
    expect(started.link?.state).toBe(LinkState.LINK_STATE_AWAITING_BANK_AUTHENTICATION);
    expect(started.bankAuthenticationMethod).toBe(BankAuthenticationMethod.BANK_AUTHENTICATION_METHOD_PIN_AND_ONE_TIME_CODE);
    const linkId = started.link!.linkId;

    // The code went to the phone the bank knows: the victim's, who is told a wallet is linking.
    const [notice] = await banks.outbox(victim.phone);
    expect(notice?.template).toBe("bank_link_attempt");
    expect(notice?.body).toContain(`a wallet service is trying to link your account ending ${account.accountNumber.slice(-4)}`);
    const code = await banks.latestCode(victim.phone);
    oneTimeCodes.push(code);
    expect(await banks.outbox(thief.phone)).toEqual([]);
    expect((await users.outbox("sms", thief.phone)).map((message) => message.body).join("\n")).not.toContain(code);

    // The stolen PIN and guessed codes: five tries, then the bank's authentication is dead.
    const guesses = ["000000", "123456", "111111", "999999", "654321", "222222"].filter((guess) => guess !== code).slice(0, 5);
    const reasons = [];
    for (const guess of guesses) reasons.push((await failure(bankLink.confirmLink({ linkId, pin: account.pin, oneTimeCode: guess }, { accessToken: session.accessToken }))).reason);
    expect(reasons).toEqual(["BANK_AUTHENTICATION_FAILED", "BANK_AUTHENTICATION_FAILED", "BANK_AUTHENTICATION_FAILED", "BANK_AUTHENTICATION_FAILED", "BANK_AUTHENTICATION_EXHAUSTED"]);
    // Even the right code is too late now.
    const late = await failure(bankLink.confirmLink({ linkId, pin: account.pin, oneTimeCode: code }, { accessToken: session.accessToken }));
    expect([late.code, late.reason]).toEqual([status.FAILED_PRECONDITION, "LINK_NOT_AWAITING_AUTHENTICATION"]);
    expect((await bankLink.getLink({ linkId }, { accessToken: session.accessToken })).link?.state).toBe(LinkState.LINK_STATE_FAILED);

    const debit = await failure(debitAsPayment(linkId, session.userId, 10_000n));
    expect([debit.code, debit.reason]).toEqual([status.FAILED_PRECONDITION, "LINK_NOT_ACTIVE"]);
    expect(await banks.consents(account)).toEqual([]);
    expect((await linkEvents(session.userId)).map((event) => event.type)).toEqual(expect.arrayContaining(["LINK_STARTED", "BANK_AUTHENTICATION_FAILED", "LINK_FAILED"]));
    expect(await banks.balance(account)).toBe(before);
  });

  it("the same bank account offered to a second identity is refused", async () => {
    const { victim, account } = await victimWithAccount("holder");
    const before = await banks.balance(account);
    const holder = await users.honest(victim);
    const { link } = await banks.link(holder, account);
    expect(link.state).toBe(LinkState.LINK_STATE_ACTIVE);

    // A second proofed identity with the holder's name (a namesake, or stolen documents).
    const second = await users.honest(person("namesake", VICTIM), evidenceFor(VICTIM));
    const refused = await failure(startLink(second, account));
    expect([refused.code, refused.reason]).toEqual([status.FAILED_PRECONDITION, "ACCOUNT_ALREADY_LINKED"]);
    expect((await linkEvents(second.userId)).map((event) => event.type)).toContain("ACCOUNT_ALREADY_LINKED");
    // The bank was not asked to authenticate anyone for the second identity.
    expect((await banks.outbox(account.registeredPhone)).filter((message) => message.template === "bank_link_attempt")).toHaveLength(1);
    expect(await banks.balance(account)).toBe(before);
  });

  it("takes an honest user from proofed to an active link in two calls, and holds a fresh link to the cooling-off limits", async () => {
    const owner = person("honest", HONEST);
    const account = await banks.openAccount(HONEST, owner.phone, { balance: 100_000n });
    accountNumbers.push(account.accountNumber);
    const session = await users.honest(owner);

    const { link, walletCalls } = await banks.link(session, account);
    expect(walletCalls).toBe(2);
    expect(link.state).toBe(LinkState.LINK_STATE_ACTIVE);
    expect(link.accountLast4).toBe(account.accountNumber.slice(-4));
    expect(link.coolingOffUntil!.getTime() - link.activatedAt!.getTime()).toBe(72 * 3_600_000);
    // Both sides were told: the bank's customer by the bank, the wallet user by the wallet.
    expect((await banks.outbox(owner.phone)).map((message) => message.template)).toEqual(["bank_link_created", "bank_link_attempt"]);
    expect((await users.outbox("email", owner.email)).map((message) => message.template)).toEqual(expect.arrayContaining(["bank_link_started", "bank_link_activated"]));

    const { wallet } = await platform.client(AccountServiceService, "account").openWallet({ currency: "JPY" }, { accessToken: session.accessToken });
    const { payment } = await platform.client(PaymentServiceService, "payment").topUp(
      { linkId: link.linkId, amount: { currency: "JPY", minorUnits: 4_000n }, idempotencyKey: "honest-link-topup-1" },
      { accessToken: session.accessToken },
    );
    expect([payment?.state, payment?.walletId]).toEqual([PaymentState.PAYMENT_STATE_COMPLETED, wallet?.walletId]);

    const perDebit = await failure(debitAsPayment(link.linkId, session.userId, 10_001n));
    expect([perDebit.code, perDebit.reason, perDebit.facts["limit"]]).toEqual([status.FAILED_PRECONDITION, "COOLING_OFF_LIMIT", "per_debit"]);
    await debitAsPayment(link.linkId, session.userId, 6_000n);
    const perDay = await failure(debitAsPayment(link.linkId, session.userId, 1n));
    expect([perDay.reason, perDay.facts["limit"]]).toEqual(["COOLING_OFF_LIMIT", "per_day"]);
    // Through payment, the bank-link refusal is the payment's outcome: FAILED, nothing moved.
    const { payment: overLimit } = await platform.client(PaymentServiceService, "payment").topUp(
      { linkId: link.linkId, amount: { currency: "JPY", minorUnits: 500n }, idempotencyKey: "honest-link-topup-2" },
      { accessToken: session.accessToken },
    );
    expect([overLimit?.state, overLimit?.failureReason]).toEqual([PaymentState.PAYMENT_STATE_FAILED, "COOLING_OFF_LIMIT"]);
    expect(await banks.balance(account)).toBe(90_000n);

    const described = await asPayment.describeLink({ linkId: link.linkId, userId: session.userId });
    expect(described).toMatchObject({ link: { state: LinkState.LINK_STATE_ACTIVE }, linksOfUser: 1 });
    expect(described.accountFingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const foreign = await failure(asPayment.describeLink({ linkId: link.linkId, userId: "usr_someone_else" }));
    expect([foreign.code, foreign.reason]).toEqual([status.NOT_FOUND, "LINK_NOT_FOUND"]);
  });

  it("'this was not me' in the wallet suspends the link and stops the money through it", async () => {
    const owner = person("walletreport", HONEST);
    const account = await banks.openAccount(HONEST, owner.phone, { balance: 100_000n });
    accountNumbers.push(account.accountNumber);
    const session = await users.honest(owner);
    const { link } = await banks.link(session, account);

    const { link: reported } = await bankLink.reportUnrecognizedLink({ linkId: link.linkId }, { accessToken: session.accessToken });
    expect([reported?.state, reported?.suspendedReason]).toEqual([LinkState.LINK_STATE_SUSPENDED, "USER_REPORTED_UNRECOGNIZED"]);
    const debit = await failure(debitAsPayment(link.linkId, session.userId, 1_000n));
    expect([debit.code, debit.reason]).toEqual([status.FAILED_PRECONDITION, "LINK_SUSPENDED"]);
    // The bank's consent is gone too: not even a bug in bank-link could move money through it.
    expect(await banks.consents(account)).toMatchObject([{ state: ConsentState.CONSENT_STATE_REVOKED, revocationReason: RevocationReason.REVOCATION_REASON_OPERATOR_REPORTED_UNRECOGNIZED }]);
    expect((await linkEvents(session.userId)).map((event) => event.type)).toEqual(expect.arrayContaining(["LINK_REPORTED_UNRECOGNIZED", "LINK_SUSPENDED"]));
    expect(await banks.balance(account)).toBe(100_000n);
  });

  it("'this was not me' from the bank's own notice suspends the link and stops the money through it", async () => {
    const owner = person("bankreport", HONEST);
    const account = await banks.openAccount(HONEST, owner.phone, { balance: 100_000n });
    accountNumbers.push(account.accountNumber);
    const session = await users.honest(owner);
    const { link } = await banks.link(session, account);
    await debitAsPayment(link.linkId, session.userId, 1_000n);

    // The bank's "your account was linked" message carries the way to report it.
    expect(await banks.reportNotMe(owner.phone)).toBe(true);
    const debit = await failure(debitAsPayment(link.linkId, session.userId, 1_000n));
    expect([debit.code, debit.reason]).toEqual([status.FAILED_PRECONDITION, "LINK_SUSPENDED"]);
    const suspended = await eventually(async () => (await bankLink.getLink({ linkId: link.linkId }, { accessToken: session.accessToken })).link, (current) => current?.state === LinkState.LINK_STATE_SUSPENDED);
    expect(suspended?.suspendedReason).toMatch(/^BANK_/);
    expect((await users.outbox("email", owner.email)).map((message) => message.template)).toContain("bank_link_suspended");
    expect((await banks.outbox(owner.phone))[0]?.template).toBe("bank_link_stopped");
    expect(await banks.balance(account)).toBe(99_000n);
  });

  it("the bank's report reaches bank-link without any debit: the consent sync suspends the link", async () => {
    const owner = person("bankreportsync", HONEST);
    const account = await banks.openAccount(HONEST, owner.phone, { balance: 100_000n });
    accountNumbers.push(account.accountNumber);
    const session = await users.honest(owner);
    const { link } = await banks.link(session, account);

    await banks.reportNotMe(owner.phone);
    const suspended = await eventually(async () => (await bankLink.getLink({ linkId: link.linkId }, { accessToken: session.accessToken })).link, (current) => current?.state === LinkState.LINK_STATE_SUSPENDED);
    expect(suspended?.suspendedReason).toBe("BANK_CUSTOMER_REPORTED_UNRECOGNIZED");
    expect((await failure(debitAsPayment(link.linkId, session.userId, 1_000n))).reason).toBe("LINK_SUSPENDED");
    expect(await banks.balance(account)).toBe(100_000n);
  });

  it("throttles link attempts: one attacker, many victims", async () => {
    const attacker = await users.honest(person("spray", ATTACKER));
    const victims = [];
    for (let n = 0; n < 6; n++) victims.push((await victimWithAccount(`sprayed${n}`)).account);
    const reasons = [];
    for (const account of victims.slice(0, 5)) reasons.push((await failure(startLink(attacker, account))).reason);
    expect(reasons).toEqual(Array(5).fill("HOLDER_MISMATCH"));
    const throttled = await failure(startLink(attacker, victims[5]!));
    expect([throttled.code, throttled.reason]).toEqual([status.RESOURCE_EXHAUSTED, "LINK_ATTEMPTS_THROTTLED"]);
    expect(throttled.retryAfterMs).toBeGreaterThan(0);
    expect((await linkEvents(attacker.userId)).map((event) => event.type)).toContain("LINK_ATTEMPT_THROTTLED");
    for (const account of victims) expect(await banks.balance(account)).toBe(250_000n);
  });

  it("keeps account numbers, bank codes, names and phones out of bank-link's store, the platform's logs and every span", async () => {
    const secrets = [
      ...accountNumbers,
      ...oneTimeCodes,
      ...people.flatMap((someone) => [someone.email, someone.phone, someone.phone.slice(1)]),
      ...[VICTIM, ATTACKER, ACCOMPLICE, HONEST].flatMap((name) => [name.familyKanji, name.givenKanji, name.familyKana, name.givenKana, name.familyLatin, name.givenLatin]),
    ];
    // Let the batch processors flush the last spans.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(platform.sink.spans.some((span) => span.service === "bank-link" && span.name === "bank_link.debit")).toBe(true);
    expect(await findPersonalData(platform, secrets, ["bank-link", "payment", "account", "identity"])).toEqual([]);
    // The scan does see plaintext where it exists: the bank knows its own customers' accounts.
    expect(await findPersonalData(platform, [accountNumbers[0]!], ["sandbox-bank"])).not.toEqual([]);
  });
});

/** Polls until a condition holds (the consent sync runs every two seconds). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
